package org.contactability.notifier.adapters.twilio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Who sends for each hospital on Twilio, and the approved Content templates it may use.
 *
 * @param whatsappFrom        WhatsApp sender, "whatsapp:+56..." (or null with a messaging service)
 * @param smsFrom             SMS sender number or alphanumeric id (or null with a messaging service)
 * @param messagingServiceSid Twilio Messaging Service (MG...) used instead of a From when set
 * @param voiceFrom           caller id of voice calls
 * @param contentSids         ContentSid (HX...) of each template approved for WhatsApp
 */
public record TwilioSenders(String whatsappFrom, String smsFrom, String messagingServiceSid, String voiceFrom,
    Map<String, String> contentSids) {

  public TwilioSenders {
    contentSids = contentSids == null ? Map.of() : Map.copyOf(contentSids);
  }

  public Optional<String> contentSid(String template) {
    return Optional.ofNullable(contentSids.get(template));
  }

  /**
   * The status callback URL of one request: the configured public URL, which Twilio's signature is
   * computed over, with the request id, so that a callback finds its request even when the send's
   * own result was never recorded.
   */
  public static String statusCallback(String publicUrl, String requestId) {
    return publicUrl + (publicUrl.contains("?") ? "&" : "?") + "requestId="
        + URLEncoder.encode(requestId, StandardCharsets.UTF_8);
  }
}
