package org.contactability.waitlist.domain.candidate;

/** A channel an offer or a purge question can be sent on; WhatsApp, SMS and voice need a phone. */
public enum ContactChannel {
  WHATSAPP, SMS, VOICE, EMAIL;

  public boolean needsPhone() {
    return this != EMAIL;
  }
}
