package org.contactability.scheduler.domain;

/** Life of one planned message. Only PENDING items are waiting for their time. */
public enum ItemState {
  PENDING,
  /** A contact request was emitted. */
  SENT,
  /** Not sent, by the policy's rules (patient reached, superseded, no address, no time left). */
  SKIPPED,
  /** Not sent because the appointment changed (cancelled, rescheduled, confirmed, deleted). */
  CANCELLED,
  /** Not sent because its time had passed when it came due (the scheduler was down). */
  EXPIRED
}
