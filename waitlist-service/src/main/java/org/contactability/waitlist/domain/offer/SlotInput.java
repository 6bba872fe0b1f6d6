package org.contactability.waitlist.domain.offer;

import org.contactability.waitlist.domain.candidate.ContactChannel;

/** Something that happens to an open slot. */
public sealed interface SlotInput {

  /** The candidate of {@code offerId} accepted (button, link or voice digit). */
  record Accept(String offerId) implements SlotInput {
  }

  /** The candidate of {@code offerId} declined. */
  record Decline(String offerId) implements SlotInput {
  }

  /**
   * The offer message sent on {@code channel} could not be delivered: the offer goes again on the
   * policy's next channel the patient has an address for, and counts as a decline when none is left.
   * A {@code channel} other than the offer's current one is an old report and changes nothing.
   */
  record Undeliverable(String offerId, ContactChannel channel, String reason) implements SlotInput {
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
