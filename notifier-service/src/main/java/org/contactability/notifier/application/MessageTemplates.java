package org.contactability.notifier.application;

import java.util.List;
import java.util.Map;

import org.contactability.contracts.common.Channel;

/** The hospitals' message texts: renders one template of one hospital for one channel. */
public interface MessageTemplates {

  /**
   * @param variables template variables (see docs/notifier-service.md); absent ones are missing, not empty
   * @throws TemplateProblem when the template does not exist or needs a variable the request lacks
   */
  Rendering render(String hospitalCode, String template, Channel channel, Map<String, Object> variables);

  /**
   * @param text             the message as the patient reads it (e-mail: the text part)
   * @param buttons          quick replies offered with it (WhatsApp buttons, e-mail links)
   * @param contentVariables WhatsApp: the values of the approved Content template's {{1}}, {{2}}, ...
   * @param subject          e-mail subject, else null
   * @param html             e-mail HTML part, else null
   */
  record Rendering(String text, List<Button> buttons, Map<String, String> contentVariables, String subject,
      String html) {
  }

  /** A template that cannot be rendered for a request; the message says why, without patient data. */
  class TemplateProblem extends RuntimeException {

    public TemplateProblem(String message, Throwable cause) {
      super(message, cause);
    }

    public TemplateProblem(String message) {
      super(message);
    }
  }
}
