package org.contactability.notifier.application;

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
}
