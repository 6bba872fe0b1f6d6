package org.contactability.waitlist.domain.campaign;

/** Where one entry of a purge campaign stands; every entry is in exactly one. */
public enum MemberStatus {
  /** Not asked yet: the campaign is paced. */
  QUEUED,
  /** Asked; the answer window is open. */
  ASKED,
  /** Still needs the care: the entry stays. */
  STILL_NEEDED,
  /** No longer needs it: withdrawal sent to the HIS. */
  WITHDRAWING,
  WITHDRAWN,
  WITHDRAWAL_REFUSED,
  /** The window closed without an answer: reported for the hospital to follow up. */
  NO_ANSWER,
  /** No phone or e-mail, or the question could not be delivered. */
  UNDELIVERABLE;

  /** Still needs something to happen before the campaign can complete. */
  public boolean open() {
    return this == QUEUED || this == ASKED || this == WITHDRAWING;
  }
}
