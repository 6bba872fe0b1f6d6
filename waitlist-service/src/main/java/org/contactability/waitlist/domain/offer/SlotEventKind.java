package org.contactability.waitlist.domain.offer;

/** Steps in the life of a slot that are announced on {@code waitlist.offers}. */
public enum SlotEventKind {
  SLOT_OPENED, OFFERED, ACCEPTED, DECLINED, EXPIRED, LATE_ACCEPTANCE, BOOKED, BOOKING_REFUSED, BOOKING_OVERDUE, RELEASED
}
