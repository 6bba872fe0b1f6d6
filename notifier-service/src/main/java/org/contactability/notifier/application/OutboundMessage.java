package org.contactability.notifier.application;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.contactability.common.privacy.Mask;
import org.contactability.contracts.common.Channel;
import org.contactability.notifier.domain.SmsSegments;

/**
 * One rendered message, ready for a channel. Holds patient data: never log it, only {@link #toString()}
 * which is masked.
 *
 * @param to               E.164 phone or e-mail address
 * @param text             what the patient reads or hears: WhatsApp text, SMS body, voice script, e-mail text part
 * @param buttons          WhatsApp quick replies (also shown by the sandbox)
 * @param links            answer links in the message (SMS link, e-mail confirm/cancel links)
 * @param contentVariables WhatsApp Content template variables, "1", "2", ... in order; empty for other channels
 * @param subject          e-mail subject, else null
 * @param html             e-mail HTML part, else null
 * @param calendar         e-mail calendar attachment, else null
 * @param voiceUrl         TwiML URL of a call that takes an answer (served by response-service), else null
 * @param sms              segment count of an SMS body, else null
 */
public record OutboundMessage(String requestId, String hospitalCode, String template, Channel channel, String to,
    String text, List<Button> buttons, List<String> links, Map<String, String> contentVariables, String subject,
    String html, CalendarEntry calendar, String voiceUrl, SmsSegments sms) {

  public OutboundMessage {
    buttons = List.copyOf(buttons);
    links = List.copyOf(links);
    contentVariables = Collections.unmodifiableMap(new LinkedHashMap<>(contentVariables));
  }

  @Override
  public String toString() {
    return "OutboundMessage[" + requestId + ", " + hospitalCode + "/" + template + " on " + channel + " to "
        + Mask.address(to) + ", " + Mask.text(text) + "]";
  }
}
