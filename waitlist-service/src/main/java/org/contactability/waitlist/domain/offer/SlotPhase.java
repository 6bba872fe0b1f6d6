package org.contactability.waitlist.domain.offer;

/** Where a freed slot stands. */
public enum SlotPhase {
  /** Offers are out; the first acceptance of an open offer wins. */
  OFFERING,
  /** A candidate accepted; the booking was sent to the HIS and its result is awaited. */
  BOOKING,
  /** The HIS booked the winner. */
  BOOKED,
  /** Nobody took it in time (or it was too close to offer); the hospital is told. */
  RELEASED
}
