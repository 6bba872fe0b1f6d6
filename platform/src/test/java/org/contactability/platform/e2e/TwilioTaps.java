package org.contactability.platform.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.contactability.notifier.adapters.sandbox.SandboxMessage;

/** A patient's "Confirmo" tap on a WhatsApp reminder, as Twilio posts it to the webhook, signed. */
final class TwilioTaps {

  private TwilioTaps() {
  }

  /** The webhook's parameters of a tap on {@code reminder}'s "Confirmo" button, with a new MessageSid. */
  static Map<String, String> confirm(SandboxMessage reminder) {
    return new TreeMap<>(Map.of("From", "whatsapp:" + reminder.to(),
        "To", "whatsapp:+56512000000", "Body", "Confirmo", "ButtonPayload", "CONFIRM", "ButtonText", "Confirmo",
        "OriginalRepliedMessageSid", reminder.providerMessageId(),
        "MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""),
        "AccountSid", "AC00000000000000000000000000000dev"));
  }

  /** The POST of {@code parameters} to {@code url}, signed with the development token over {@code signedUrl}. */
  static HttpRequest post(String url, String signedUrl, Map<String, String> parameters) {
    try {
      return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-Twilio-Signature",
              RunningPlatform.signature(RunningPlatform.DEVELOPMENT_AUTH_TOKEN, signedUrl, parameters))
          .POST(HttpRequest.BodyPublishers.ofString(RunningPlatform.form(parameters))).build();
    } catch (Exception e) {
      throw new IllegalStateException("could not sign the answer", e);
    }
  }
}
