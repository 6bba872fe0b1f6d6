package org.contactability.waitlist.domain.offer;

/** Something that happens to an open slot. */
public sealed interface SlotInput {

  /** The candidate of {@code offerId} accepted (button, link or voice digit). */
  record Accept(String offerId) implements SlotInput {
  }

  /** The candidate of {@code offerId} declined. */
  record Decline(String offerId) implements SlotInput {
  }

  /** The offer message could not be delivered: counts as a decline. */
  record Undeliverable(String offerId, String reason) implements SlotInput {
  }

  /** The HIS booked the winner of {@code offerId} (or had already). */
  record BookingApplied(String offerId) implements SlotInput {
  }

  /** The HIS refused to book the winner of {@code offerId}. */
  record BookingRefused(String offerId, String reason) implements SlotInput {
  }

  /** Time passed: offers may have lapsed, the deadline may have come. */
  record Tick() implements SlotInput {
  }
}
