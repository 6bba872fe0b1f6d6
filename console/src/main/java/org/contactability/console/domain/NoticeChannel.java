package org.contactability.console.domain;

/** Channels a patient is notified on, as the funnel counts them. */
public enum NoticeChannel {
  WHATSAPP, SMS, EMAIL, VOICE
}
