package org.contactability.waitlist.domain.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything known about one freed slot: its offers in the order they were made.
 *
 * @param closedAt         when it was booked or released
 * @param closingReason    why it was released
 * @param bookingSince     when the winner's booking was asked of the HIS (while {@link SlotPhase#BOOKING})
 * @param bookingOverdueAt when the HIS's silence about that booking was reported, if it was
 */
public record SlotState(
    Slot slot,
    OfferStrategy strategy,
    SlotPhase phase,
    List<Offer> offers,
    Instant openedAt,
    Instant closedAt,
    String closingReason,
    Instant bookingSince,
    Instant bookingOverdueAt) {

  public SlotState {
    offers = List.copyOf(offers);
  }

  public Optional<Offer> offer(String offerId) {
    return offers.stream().filter(o -> o.offerId().equals(offerId)).findFirst();
  }

  public List<Offer> pending() {
    return offers.stream().filter(o -> o.status() == OfferStatus.PENDING).toList();
  }

  public Set<String> offeredEntryIds() {
    return offers.stream().map(Offer::entryId).collect(Collectors.toUnmodifiableSet());
  }

  /** The last instant offers may be open: the slot's start less the lead time. */
  public Instant offerDeadline(Duration leadTime) {
    return slot.startsAt().minus(leadTime);
  }

  /**
   * When the punctuator must look at this slot next: an offer lapsing, the deadline, a booking the
   * HIS has not answered in time, or forgetting it.
   */
  public Instant nextDue(OfferPolicy policy) {
    if (phase == SlotPhase.OFFERING) {
      Instant deadline = offerDeadline(policy.leadTime());
      return pending().stream().map(Offer::expiresAt).min(Comparator.naturalOrder())
          .filter(expiry -> expiry.isBefore(deadline)).orElse(deadline);
    }
    Instant forget = slot.startsAt().plus(policy.keepFinishedFor());
    Instant overdue = bookingOverdueBy(policy);
    return overdue != null && overdue.isBefore(forget) ? overdue : forget;
  }

  /** When a booking in flight becomes overdue; null when none is in flight or it was reported. */
  Instant bookingOverdueBy(OfferPolicy policy) {
    if (phase != SlotPhase.BOOKING || bookingSince == null || bookingOverdueAt != null) {
      return null;
    }
    return bookingSince.plus(policy.bookingPatience());
  }

  SlotState withOffers(List<Offer> newOffers) {
    return new SlotState(slot, strategy, phase, newOffers, openedAt, closedAt, closingReason, bookingSince,
        bookingOverdueAt);
  }

  SlotState replacing(Offer changed) {
    List<Offer> copy = new ArrayList<>(offers);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i).offerId().equals(changed.offerId())) {
        copy.set(i, changed);
      }
    }
    return withOffers(copy);
  }

  /** Back to offering (the HIS refused the booking): no booking is in flight any more. */
  SlotState offering() {
    return new SlotState(slot, strategy, SlotPhase.OFFERING, offers, openedAt, closedAt, closingReason, null, null);
  }

  SlotState booking(Instant since) {
    return new SlotState(slot, strategy, SlotPhase.BOOKING, offers, openedAt, closedAt, closingReason, since, null);
  }

  SlotState bookingOverdue(Instant at) {
    return new SlotState(slot, strategy, phase, offers, openedAt, closedAt, closingReason, bookingSince, at);
  }

  SlotState closed(SlotPhase finalPhase, Instant at, String reason) {
    return new SlotState(slot, strategy, finalPhase, offers, openedAt, at, reason, bookingSince, bookingOverdueAt);
  }
}
