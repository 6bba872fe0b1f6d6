package org.contactability.waitlist.domain.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever arrives in whatever order, a slot never has two winners, never has more open offers
 * than its strategy allows, never reopens a closed offer and never leaves BOOKED or RELEASED.
 */
class SlotOffersPropertiesTest {

  static final Set<OfferStatus> CLOSED = EnumSet.of(OfferStatus.DECLINED, OfferStatus.UNDELIVERABLE,
      OfferStatus.EXPIRED, OfferStatus.WITHDRAWN, OfferStatus.BOOKING_REFUSED, OfferStatus.BOOKED);

  record Step(String kind, int offer, int minutes) {
  }

  @Provide
  Arbitrary<Step> steps() {
    Arbitrary<String> kinds = Arbitraries.of("accept", "decline", "fail", "applied", "refused", "wait");
    return Combinators.combine(kinds, Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 600))
        .as(Step::new);
  }

  @Property(tries = 500)
  void one_winner_at_most_and_no_reopening(@ForAll @Size(max = 40) List<@From("steps") Step> steps,
      @ForAll boolean parallel, @ForAll @IntRange(min = 0, max = 6) int candidates,
      @ForAll @IntRange(min = 25, max = 80) int hoursAhead) {
    OfferPolicy policy = SlotOffersTest.policy(parallel ? OfferStrategy.PARALLEL : OfferStrategy.SEQUENTIAL);
    SlotOffers machine = new SlotOffers(policy, SlotOffersTest.waitingList(candidates));
    Instant now = SlotOffersTest.STARTS.minus(Duration.ofHours(hoursAhead));
    SlotState state = machine.open(SlotOffersTest.SLOT, now).state();
    Map<String, OfferStatus> seen = new HashMap<>();
    int bookings = 0;
    int refusals = 0;

    for (Step step : steps) {
      String offerId = OfferIds.of(SlotOffersTest.SLOT.slotId(), step.offer());
      SlotInput input = switch (step.kind()) {
        case "accept" -> new SlotInput.Accept(offerId);
        case "decline" -> new SlotInput.Decline(offerId);
        case "fail" -> new SlotInput.Undeliverable(offerId, null, "FAILED");
        case "applied" -> new SlotInput.BookingApplied(offerId);
        case "refused" -> new SlotInput.BookingRefused(offerId, "refused");
        default -> new SlotInput.Tick();
      };
      if (step.kind().equals("wait")) {
        now = now.plus(Duration.ofMinutes(step.minutes()));
      }
      SlotPhase before = state.phase();
      SlotOutcome outcome = machine.apply(state, input, now);
      if (!(outcome instanceof SlotOutcome.Changed changed)) {
        continue;
      }
      for (SlotEffect effect : changed.effects()) {
        if (effect instanceof SlotEffect.Book) {
          bookings++;
        }
        if (effect instanceof SlotEffect.Announce a && a.kind() == SlotEventKind.BOOKING_REFUSED) {
          refusals++;
        }
      }
      state = changed.state();

      assertThat(state.offers().stream().filter(o -> o.status() == OfferStatus.ACCEPTED
          || o.status() == OfferStatus.BOOKED)).as("winners").hasSizeLessThanOrEqualTo(1);
      assertThat(bookings - refusals).as("bookings not refused").isBetween(0, 1);
      assertThat(state.pending()).hasSizeLessThanOrEqualTo(policy.openOffers());
      if (before == SlotPhase.BOOKED || before == SlotPhase.RELEASED) {
        assertThat(state.phase()).as("final phases stay").isEqualTo(before);
      }
      for (Offer offer : state.offers()) {
        OfferStatus previous = seen.put(offer.offerId(), offer.status());
        if (previous != null && CLOSED.contains(previous)) {
          assertThat(offer.status()).as("closed offers stay closed: " + offer.offerId()).isEqualTo(previous);
        }
      }
      if (state.phase() != SlotPhase.OFFERING) {
        assertThat(state.pending()).as("no open offer once the slot is taken or released").isEmpty();
      }
    }
  }
}
