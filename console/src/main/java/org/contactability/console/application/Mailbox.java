package org.contactability.console.application;

import java.time.Instant;
import java.util.List;

/**
 * E-mail that reached a mailbox of the embedded platform's SMTP server, in the shape of the
 * notifier's sandbox messages, so that the patient-phone page shows mail like any other message.
 */
public interface Mailbox {

  /** Every message received for {@code address}, oldest first. */
  List<Mail> messagesTo(String address);

  /**
   * One e-mail as the phone page shows it; {@code links[i]} goes with {@code buttons[i]}. The request,
   * hospital and template come from the notifier's own headers; null on mail that lacks them.
   */
  record Mail(String channel, String to, String text, String subject, List<Button> buttons, List<String> links,
      String providerMessageId, String requestId, String hospitalCode, String template, Instant receivedAt,
      boolean calendarInvite) {
  }

  /** An answer the e-mail offers: the title of its link. */
  record Button(String payload, String title) {
  }
}
