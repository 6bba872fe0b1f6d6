package org.contactability.waitlist.domain.offer;

/** Where one offer to one candidate stands. Only PENDING offers can be won. */
public enum OfferStatus {
  PENDING, ACCEPTED, BOOKED, DECLINED, UNDELIVERABLE, EXPIRED,
  /** Closed without an answer because another candidate won or the slot was released. */
  WITHDRAWN,
  BOOKING_REFUSED;

  /** The offer holds (or held) the slot. */
  public boolean won() {
    return this == ACCEPTED || this == BOOKED;
  }
}
