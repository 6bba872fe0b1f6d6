package org.contactability.waitlist.domain.offer;

/** Answers sent to a candidate about their offer. */
public enum ReplyKind {
  /** "offer-accepted-answer": the slot is theirs (sent once the HIS booked it). */
  ACCEPTED,
  /** "offer-taken-answer": "ya fue asignada", for acceptances that came too late or could not be booked. */
  TAKEN,
  /** "offer-declined-answer": their decline was recorded; they stay on the list. */
  DECLINED
}
