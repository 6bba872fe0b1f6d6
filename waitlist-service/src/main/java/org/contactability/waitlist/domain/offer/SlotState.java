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
 * @param closedAt      when it was booked or released
 * @param closingReason why it was released
 */
public record SlotState(
    Slot slot,
    OfferStrategy strategy,
    SlotPhase phase,
    List<Offer> offers,
    Instant openedAt,
    Instant closedAt,
    String closingReason) {

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

  /** When the punctuator must look at this slot next: an offer lapsing, the deadline, or forgetting it. */
  public Instant nextDue(OfferPolicy policy) {
    if (phase == SlotPhase.OFFERING) {
      Instant deadline = offerDeadline(policy.leadTime());
      return pending().stream().map(Offer::expiresAt).min(Comparator.naturalOrder())
          .filter(expiry -> expiry.isBefore(deadline)).orElse(deadline);
    }
    return slot.startsAt().plus(policy.keepFinishedFor());
  }

  SlotState withOffers(List<Offer> newOffers) {
    return new SlotState(slot, strategy, phase, newOffers, openedAt, closedAt, closingReason);
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

  SlotState in(SlotPhase newPhase) {
    return new SlotState(slot, strategy, newPhase, offers, openedAt, closedAt, closingReason);
  }

  SlotState closed(SlotPhase finalPhase, Instant at, String reason) {
    return new SlotState(slot, strategy, finalPhase, offers, openedAt, at, reason);
  }
}
