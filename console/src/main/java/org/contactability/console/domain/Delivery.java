package org.contactability.console.domain;

/**
 * How far one message got. {@link #SENT} covers every status that means the provider took the
 * message (queued, sent, and undelivered, which was sent but never arrived); {@link #NOT_SENT}
 * covers messages not (yet) taken: being handed over (sending), failed, suppressed and expired.
 */
public enum Delivery {
  SENT, DELIVERED, READ, NOT_SENT
}
