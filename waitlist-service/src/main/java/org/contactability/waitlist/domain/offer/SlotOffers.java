package org.contactability.waitlist.domain.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.contactability.waitlist.domain.candidate.Candidate;
import org.contactability.waitlist.domain.candidate.Contact;
import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.candidate.Recipient;
import org.contactability.waitlist.domain.offer.SlotEffect.Announce;
import org.contactability.waitlist.domain.offer.SlotEffect.Book;
import org.contactability.waitlist.domain.offer.SlotEffect.Reply;
import org.contactability.waitlist.domain.offer.SlotEffect.SendOffer;
import org.contactability.waitlist.domain.offer.SlotInput.Accept;
import org.contactability.waitlist.domain.offer.SlotInput.BookingApplied;
import org.contactability.waitlist.domain.offer.SlotInput.BookingRefused;
import org.contactability.waitlist.domain.offer.SlotInput.Decline;
import org.contactability.waitlist.domain.offer.SlotInput.Tick;
import org.contactability.waitlist.domain.offer.SlotInput.Undeliverable;
import org.contactability.waitlist.domain.offer.SlotOutcome.Changed;
import org.contactability.waitlist.domain.offer.SlotOutcome.Forgotten;
import org.contactability.waitlist.domain.offer.SlotOutcome.Rejected;
import org.contactability.waitlist.domain.offer.SlotOutcome.Unchanged;

/**
 * Where a freed slot is given away: the offer state machine of one slot. Inputs are applied one at
 * a time per slot (the caller guarantees it), so the first acceptance of an open offer is the one
 * winner. Before every input the machine first lets time pass ({@link Tick}): an acceptance that
 * arrives after its offer lapsed is late even if no timer has fired yet.
 */
public final class SlotOffers {

  private final OfferPolicy policy;
  private final CandidateSource candidates;

  public SlotOffers(OfferPolicy policy, CandidateSource candidates) {
    this.policy = policy;
    this.candidates = candidates;
  }

  public OfferPolicy policy() {
    return policy;
  }

  /** A patient's cancellation freed {@code slot}: offer it, or release it at once when it is too close. */
  public Changed open(Slot slot, Instant now) {
    Step step = new Step(new SlotState(slot, policy.strategy(), SlotPhase.OFFERING, List.of(), now, null, null, null,
        null));
    step.announce(SlotEventKind.SLOT_OPENED, null, null);
    if (!now.isBefore(slot.startsAt())) {
      step.release(now, "the slot has already started");
    } else if (!now.isBefore(step.state.offerDeadline(policy.leadTime()))) {
      step.release(now, "the slot starts in less than " + human(policy.leadTime()) + ", too soon to offer");
    } else {
      step.fill(now);
    }
    return new Changed(step.state, step.effects);
  }

  public SlotOutcome apply(SlotState state, SlotInput input, Instant now) {
    Step step = new Step(state);
    step.letTimePass(now);
    // Java 17: no pattern switch yet; SlotInput is sealed, so this chain is complete.
    if (input instanceof Accept accept) {
      return accept(step, accept.offerId(), now);
    }
    if (input instanceof Decline decline) {
      return decline(step, decline.offerId(), now);
    }
    if (input instanceof Undeliverable undeliverable) {
      return undeliverable(step, undeliverable, now);
    }
    if (input instanceof BookingApplied applied) {
      return bookingApplied(step, applied.offerId(), now);
    }
    if (input instanceof BookingRefused refused) {
      return bookingRefused(step, refused, now);
    }
    if (input instanceof Tick) {
      return step.changed() ? step.outcome() : forgetIfPast(state, now);
    }
    throw new IllegalArgumentException("unknown slot input " + input);
  }

  private SlotOutcome forgetIfPast(SlotState state, Instant now) {
    if (state.phase() != SlotPhase.OFFERING && !now.isBefore(state.nextDue(policy))) {
      return new Forgotten("finished " + state.phase() + " slot past its keep time");
    }
    return new Unchanged("nothing due");
  }

  private SlotOutcome accept(Step step, String offerId, Instant now) {
    Optional<Offer> found = step.state.offer(offerId);
    if (found.isEmpty()) {
      return new Rejected("slot " + step.state.slot().slotId() + " made no offer " + offerId);
    }
    Offer offer = found.get();
    if (offer.status() == OfferStatus.PENDING) {
      step.win(offer, now);
      return step.outcome();
    }
    if (offer.status().won()) {
      return step.orUnchanged("repeated acceptance of the winning offer " + offerId);
    }
    if (offer.lateAcceptance()) {
      return step.orUnchanged("repeated late acceptance of " + offerId + ", already answered");
    }
    Offer late = offer.withLateAcceptance();
    step.state = step.state.replacing(late);
    step.announce(SlotEventKind.LATE_ACCEPTANCE, late, "offer was " + offer.status() + ", slot " + step.state.phase());
    step.effects.add(new Reply(late, ReplyKind.TAKEN));
    return step.outcome();
  }

  private SlotOutcome decline(Step step, String offerId, Instant now) {
    Optional<Offer> found = step.state.offer(offerId);
    if (found.isEmpty()) {
      return new Rejected("slot " + step.state.slot().slotId() + " made no offer " + offerId);
    }
    if (found.get().status() != OfferStatus.PENDING) {
      return step.orUnchanged("decline of " + offerId + " which is " + found.get().status());
    }
    Offer declined = found.get().with(OfferStatus.DECLINED);
    step.state = step.state.replacing(declined);
    step.announce(SlotEventKind.DECLINED, declined, null);
    step.effects.add(new Reply(declined, ReplyKind.DECLINED));
    step.fill(now);
    return step.outcome();
  }

  private SlotOutcome undeliverable(Step step, Undeliverable input, Instant now) {
    Optional<Offer> found = step.state.offer(input.offerId());
    if (found.isEmpty()) {
      return new Rejected("slot " + step.state.slot().slotId() + " made no offer " + input.offerId());
    }
    Offer offer = found.get();
    if (offer.status() != OfferStatus.PENDING) {
      return step.orUnchanged("delivery failure of " + input.offerId() + " which is " + offer.status());
    }
    ContactChannel current = offer.recipient().channel();
    if (input.channel() != null && input.channel() != current) {
      return step.orUnchanged("delivery failure of " + input.offerId() + " on " + input.channel()
          + ", which has since gone on " + current);
    }
    Optional<Recipient> next = nextChannel(offer.recipient());
    if (next.isPresent()) {
      // A patient without WhatsApp must not lose their turn: same offer, same expiry, next channel.
      Offer resent = offer.on(next.get());
      step.state = step.state.replacing(resent);
      step.effects.add(new SendOffer(resent, true));
      return step.outcome();
    }
    Offer failed = offer.with(OfferStatus.UNDELIVERABLE);
    step.state = step.state.replacing(failed);
    step.announce(SlotEventKind.DECLINED, failed, "undeliverable: " + input.reason());
    step.fill(now);
    return step.outcome();
  }

  /** The policy's first channel after {@code tried}'s on which the patient has an address. */
  private Optional<Recipient> nextChannel(Recipient tried) {
    List<ContactChannel> channels = policy.channels();
    int at = channels.indexOf(tried.channel());
    return new Contact(tried.givenNames(), tried.fullName(), tried.phone(), tried.email())
        .reach(channels.subList(at + 1, channels.size()));
  }

  private SlotOutcome bookingApplied(Step step, String offerId, Instant now) {
    Optional<Offer> found = step.state.offer(offerId);
    if (found.isEmpty()) {
      return new Rejected("slot " + step.state.slot().slotId() + " made no offer " + offerId);
    }
    Offer offer = found.get();
    if (step.state.phase() != SlotPhase.BOOKING || offer.status() != OfferStatus.ACCEPTED) {
      return step.orUnchanged("booking result for " + offerId + " which is " + offer.status());
    }
    Offer booked = offer.with(OfferStatus.BOOKED);
    step.state = step.state.replacing(booked).closed(SlotPhase.BOOKED, now, null);
    step.announce(SlotEventKind.BOOKED, booked, null);
    step.effects.add(new Reply(booked, ReplyKind.ACCEPTED));
    return step.outcome();
  }

  private SlotOutcome bookingRefused(Step step, BookingRefused input, Instant now) {
    Optional<Offer> found = step.state.offer(input.offerId());
    if (found.isEmpty()) {
      return new Rejected("slot " + step.state.slot().slotId() + " made no offer " + input.offerId());
    }
    Offer offer = found.get();
    if (step.state.phase() != SlotPhase.BOOKING || offer.status() != OfferStatus.ACCEPTED) {
      return step.orUnchanged("booking refusal for " + input.offerId() + " which is " + offer.status());
    }
    Offer refused = offer.with(OfferStatus.BOOKING_REFUSED);
    step.state = step.state.replacing(refused).offering();
    step.announce(SlotEventKind.BOOKING_REFUSED, refused, input.reason());
    step.effects.add(new Reply(refused, ReplyKind.TAKEN));
    if (!now.isBefore(step.state.offerDeadline(policy.leadTime()))) {
      step.release(now, "the HIS refused the booking and the slot is now too close to offer again");
    } else {
      step.fill(now);
    }
    return step.outcome();
  }

  static String human(Duration duration) {
    if (duration.toMinutesPart() == 0 && duration.toSecondsPart() == 0 && duration.toNanosPart() == 0) {
      return duration.toHours() + " h";
    }
    if (duration.toHours() == 0 && duration.toSecondsPart() == 0 && duration.toNanosPart() == 0) {
      return duration.toMinutes() + " min";
    }
    return duration.toString();
  }

  /** One application: the state as it evolves and the effects so far. */
  private final class Step {
    SlotState state;
    final SlotState initial;
    final List<SlotEffect> effects = new ArrayList<>();

    Step(SlotState state) {
      this.state = state;
      this.initial = state;
    }

    boolean changed() {
      return !effects.isEmpty() || !state.equals(initial);
    }

    SlotOutcome outcome() {
      return new Changed(state, effects);
    }

    SlotOutcome orUnchanged(String why) {
      return changed() ? outcome() : new Unchanged(why);
    }

    void announce(SlotEventKind kind, Offer offer, String reason) {
      effects.add(new Announce(kind, offer, reason));
    }

    /**
     * Offers past their expiry lapse; at the deadline the slot is released, else lapsed offers are
     * replaced. A booking the HIS has not answered within the policy's patience is reported once.
     */
    void letTimePass(Instant now) {
      if (state.phase() == SlotPhase.BOOKING) {
        reportOverdueBooking(now);
        return;
      }
      if (state.phase() != SlotPhase.OFFERING) {
        return;
      }
      boolean lapsed = false;
      for (Offer offer : state.pending()) {
        if (!now.isBefore(offer.expiresAt())) {
          Offer expired = offer.with(OfferStatus.EXPIRED);
          state = state.replacing(expired);
          announce(SlotEventKind.EXPIRED, expired, null);
          lapsed = true;
        }
      }
      if (!now.isBefore(state.offerDeadline(policy.leadTime()))) {
        release(now, "nobody accepted it " + human(policy.leadTime()) + " or more before the slot");
      } else if (lapsed) {
        fill(now);
      }
    }

    /**
     * The slot stays BOOKING: the HIS may still book it (a command waiting for a database that is
     * down, or parked among the dead letters until someone replays it), and guessing either way
     * would promise the slot twice or lose it. Ops are told instead, once.
     */
    void reportOverdueBooking(Instant now) {
      Instant overdue = state.bookingOverdueBy(policy);
      if (overdue == null || now.isBefore(overdue)) {
        return;
      }
      Offer winner = state.offers().stream().filter(o -> o.status() == OfferStatus.ACCEPTED).findFirst()
          .orElse(null);
      state = state.bookingOverdue(now);
      announce(SlotEventKind.BOOKING_OVERDUE, winner, "the HIS has not answered the booking in "
          + human(policy.bookingPatience()) + (winner == null ? "" : "; look for command book:" + winner.offerId()
          + " among the dead letters of his.commands"));
    }

    /** Opens offers until the strategy's number is out; releases the slot when nobody is left. */
    void fill(Instant now) {
      int missing = policy.openOffers() - state.pending().size();
      if (missing > 0) {
        Instant deadline = state.offerDeadline(policy.leadTime());
        Instant expiry = now.plus(policy.offerTtl());
        if (expiry.isAfter(deadline)) {
          expiry = deadline;
        }
        List<Offer> offers = new ArrayList<>(state.offers());
        for (Candidate candidate : candidates.next(state.slot(), state.offeredEntryIds(), missing)) {
          Optional<Recipient> recipient = candidate.contact() == null ? Optional.empty()
              : candidate.contact().reach(policy.channels());
          if (recipient.isEmpty() || state.offeredEntryIds().contains(candidate.entryId())) {
            continue;
          }
          Offer offer = new Offer(OfferIds.of(state.slot().slotId(), offers.size() + 1), candidate.entryId(),
              candidate.patientId(), recipient.get(), now, expiry, OfferStatus.PENDING, false);
          offers.add(offer);
          state = state.withOffers(offers);
          announce(SlotEventKind.OFFERED, offer, null);
          effects.add(new SendOffer(offer, false));
        }
      }
      if (state.pending().isEmpty()) {
        release(now, state.offers().isEmpty() ? "no eligible patient on the waiting list"
            : "no eligible patient left on the waiting list");
      }
    }

    void win(Offer offer, Instant now) {
      Offer accepted = offer.with(OfferStatus.ACCEPTED);
      state = state.replacing(accepted);
      for (Offer other : state.pending()) {
        state = state.replacing(other.with(OfferStatus.WITHDRAWN));
      }
      state = state.booking(now);
      announce(SlotEventKind.ACCEPTED, accepted, null);
      effects.add(new Book(accepted));
    }

    void release(Instant now, String reason) {
      for (Offer other : state.pending()) {
        state = state.replacing(other.with(OfferStatus.WITHDRAWN));
      }
      state = state.closed(SlotPhase.RELEASED, now, reason);
      announce(SlotEventKind.RELEASED, null, reason);
    }
  }
}
