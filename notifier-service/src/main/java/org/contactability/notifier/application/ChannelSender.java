package org.contactability.notifier.application;

import java.time.Instant;
import java.util.List;

/** One way of reaching patients (Twilio WhatsApp, Twilio SMS, Twilio voice, SMTP, the sandbox). */
public interface ChannelSender {

  /** Provider name reported on contact.status: "twilio", "smtp", "sandbox". */
  String provider();

  /**
   * Hands one message to the provider.
   *
   * @return accepted (with the provider's id) or rejected for good (invalid number, unsubscribed, ...)
   * @throws TransientSendException when trying again later may work (429, 5xx, timeouts, SMTP 4xx)
   */
  SendOutcome send(OutboundMessage message) throws TransientSendException;

  /**
   * What the provider holds of a message that may have been taken already (a call that timed out, a process
   * that stopped mid-call), so that it is recorded instead of sent again.
   *
   * @param since the earliest time the provider may have taken it (the first send that is in doubt)
   * @return the provider's records that match the message, oldest first; empty when it has none or cannot be asked
   *         (SMTP: the message is then sent again under the same Message-ID)
   * @throws TransientSendException when the provider could not be asked now
   */
  List<SendOutcome.Accepted> lookUp(OutboundMessage message, Instant since) throws TransientSendException;
}
