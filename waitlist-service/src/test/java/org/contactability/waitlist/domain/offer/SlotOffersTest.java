package org.contactability.waitlist.domain.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.contactability.waitlist.domain.candidate.Candidate;
import org.contactability.waitlist.domain.candidate.Contact;
import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.offer.SlotEffect.Announce;
import org.contactability.waitlist.domain.offer.SlotEffect.Book;
import org.contactability.waitlist.domain.offer.SlotEffect.Reply;
import org.contactability.waitlist.domain.offer.SlotEffect.SendOffer;
import org.contactability.waitlist.domain.offer.SlotOutcome.Changed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The offer state machine as a table: each row is a script of inputs (times relative to the slot's
 * start, 72 h ahead unless moved) and the steps it must announce, the answers it must send, the
 * bookings it must ask for, and the phase it must end in.
 */
class SlotOffersTest {

  static final Instant STARTS = Instant.parse("2026-06-10T14:00:00Z");
  static final Slot SLOT = new Slot("A-1", "HCH", "site-1", "prof-1", "Cardiología", "NEW_CONSULTATION", STARTS,
      LocalDateTime.parse("2026-06-10T10:00:00"), 20, "p-freed", null);

  static OfferPolicy policy(OfferStrategy strategy) {
    return new OfferPolicy(strategy, 3, Duration.ofHours(2), Duration.ofHours(24), Duration.ofDays(7),
        Duration.ofMinutes(30), List.of(ContactChannel.WHATSAPP, ContactChannel.EMAIL));
  }

  static CandidateSource waitingList(int size) {
    List<Candidate> ranked = IntStream.rangeClosed(1, size).mapToObj(i -> new Candidate("e" + i, "p" + i, "HCH",
        "Cardiología", "NEW_CONSULTATION", null, null, false, null, 3, LocalDate.parse("2025-01-01"), true,
        new Contact("Pat" + i, "Pat " + i, "+5691111111" + i, null))).toList();
    return (slot, excluded, limit) -> ranked.stream().filter(c -> !excluded.contains(c.entryId())).limit(limit).toList();
  }

  static Stream<Arguments> scripts() {
    return Stream.of(
        row("sequential: one offer at a time", OfferStrategy.SEQUENTIAL, 3, "open",
            "SLOT_OPENED OFFERED#1", "", "", SlotPhase.OFFERING),
        row("a decline moves to the next candidate", OfferStrategy.SEQUENTIAL, 3, "open; decline 1",
            "SLOT_OPENED OFFERED#1 DECLINED#1 OFFERED#2", "DECLINED#1", "", SlotPhase.OFFERING),
        row("an expiry moves to the next candidate", OfferStrategy.SEQUENTIAL, 3, "open; +2h; tick",
            "SLOT_OPENED OFFERED#1 EXPIRED#1 OFFERED#2", "", "", SlotPhase.OFFERING),
        row("nothing lapses before the expiry", OfferStrategy.SEQUENTIAL, 3, "open; +119m; tick",
            "SLOT_OPENED OFFERED#1", "", "", SlotPhase.OFFERING),
        row("an undeliverable offer is a decline, without an answer", OfferStrategy.SEQUENTIAL, 3, "open; fail 1",
            "SLOT_OPENED OFFERED#1 DECLINED#1 OFFERED#2", "", "", SlotPhase.OFFERING),
        row("an acceptance books the winner; the answer follows the booking", OfferStrategy.SEQUENTIAL, 3,
            "open; accept 1; applied 1",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKED#1", "ACCEPTED#1", "1", SlotPhase.BOOKED),
        row("a refused booking moves on", OfferStrategy.SEQUENTIAL, 3, "open; accept 1; refused 1",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKING_REFUSED#1 OFFERED#2", "TAKEN#1", "1", SlotPhase.OFFERING),
        row("the next candidate can win after a refused booking", OfferStrategy.SEQUENTIAL, 3,
            "open; accept 1; refused 1; accept 2; applied 2",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKING_REFUSED#1 OFFERED#2 ACCEPTED#2 BOOKED#2", "TAKEN#1 ACCEPTED#2",
            "1 2", SlotPhase.BOOKED),
        row("an acceptance after the expiry is late even before any tick", OfferStrategy.SEQUENTIAL, 3,
            "open; +2h; accept 1",
            "SLOT_OPENED OFFERED#1 EXPIRED#1 OFFERED#2 LATE_ACCEPTANCE#1", "TAKEN#1", "", SlotPhase.OFFERING),
        row("a repeated late acceptance is answered once", OfferStrategy.SEQUENTIAL, 3,
            "open; decline 1; accept 1; accept 1",
            "SLOT_OPENED OFFERED#1 DECLINED#1 OFFERED#2 LATE_ACCEPTANCE#1", "DECLINED#1 TAKEN#1", "",
            SlotPhase.OFFERING),
        row("a repeated acceptance of the winner changes nothing", OfferStrategy.SEQUENTIAL, 3,
            "open; accept 1; accept 1; applied 1; applied 1",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKED#1", "ACCEPTED#1", "1", SlotPhase.BOOKED),
        row("a decline after the offer lapsed changes nothing", OfferStrategy.SEQUENTIAL, 3,
            "open; +2h; tick; decline 1",
            "SLOT_OPENED OFFERED#1 EXPIRED#1 OFFERED#2", "", "", SlotPhase.OFFERING),
        row("parallel: the best N at once", OfferStrategy.PARALLEL, 5, "open",
            "SLOT_OPENED OFFERED#1 OFFERED#2 OFFERED#3", "", "", SlotPhase.OFFERING),
        row("parallel: the first acceptance wins, the next one is late", OfferStrategy.PARALLEL, 5,
            "open; accept 2; accept 1",
            "SLOT_OPENED OFFERED#1 OFFERED#2 OFFERED#3 ACCEPTED#2 LATE_ACCEPTANCE#1", "TAKEN#1", "2",
            SlotPhase.BOOKING),
        row("parallel: a decline is replaced by the next candidate", OfferStrategy.PARALLEL, 5, "open; decline 1",
            "SLOT_OPENED OFFERED#1 OFFERED#2 OFFERED#3 DECLINED#1 OFFERED#4", "DECLINED#1", "", SlotPhase.OFFERING),
        row("parallel: offers expiring together are replaced together", OfferStrategy.PARALLEL, 6, "open; +2h; tick",
            "SLOT_OPENED OFFERED#1 OFFERED#2 OFFERED#3 EXPIRED#1 EXPIRED#2 EXPIRED#3 OFFERED#4 OFFERED#5 OFFERED#6",
            "", "", SlotPhase.OFFERING),
        row("parallel with fewer candidates than N", OfferStrategy.PARALLEL, 2, "open; decline 1; decline 2",
            "SLOT_OPENED OFFERED#1 OFFERED#2 DECLINED#1 DECLINED#2 RELEASED", "DECLINED#1 DECLINED#2", "",
            SlotPhase.RELEASED),
        row("nobody left on the list releases the slot", OfferStrategy.SEQUENTIAL, 2, "open; decline 1; fail 2",
            "SLOT_OPENED OFFERED#1 DECLINED#1 OFFERED#2 DECLINED#2 RELEASED", "DECLINED#1", "", SlotPhase.RELEASED),
        row("an empty list releases the slot at once", OfferStrategy.SEQUENTIAL, 0, "open",
            "SLOT_OPENED RELEASED", "", "", SlotPhase.RELEASED),
        row("a slot within the lead time is released at once", OfferStrategy.SEQUENTIAL, 3, "at -23h; open",
            "SLOT_OPENED RELEASED", "", "", SlotPhase.RELEASED),
        row("a slot exactly at the lead time is released at once", OfferStrategy.SEQUENTIAL, 3, "at -24h; open",
            "SLOT_OPENED RELEASED", "", "", SlotPhase.RELEASED),
        row("a slot in the past is released at once", OfferStrategy.SEQUENTIAL, 3, "at +1h; open",
            "SLOT_OPENED RELEASED", "", "", SlotPhase.RELEASED),
        row("an offer never outlives the deadline; then the slot is released", OfferStrategy.SEQUENTIAL, 3,
            "at -25h; open; +1h; tick",
            "SLOT_OPENED OFFERED#1 EXPIRED#1 RELEASED", "", "", SlotPhase.RELEASED),
        row("an acceptance after the release is late", OfferStrategy.SEQUENTIAL, 3,
            "at -25h; open; +1h; accept 1",
            "SLOT_OPENED OFFERED#1 EXPIRED#1 RELEASED LATE_ACCEPTANCE#1", "TAKEN#1", "", SlotPhase.RELEASED),
        row("a booking in flight at the deadline is awaited (and reported overdue)", OfferStrategy.SEQUENTIAL, 3,
            "at -25h; open; accept 1; at -23h; tick; applied 1",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKING_OVERDUE#1 BOOKED#1", "ACCEPTED#1", "1", SlotPhase.BOOKED),
        row("a booking the HIS answers within its patience is not reported", OfferStrategy.SEQUENTIAL, 3,
            "open; accept 1; +29m; tick; applied 1",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKED#1", "ACCEPTED#1", "1", SlotPhase.BOOKED),
        row("a booking unanswered for its patience is reported once, and still awaited", OfferStrategy.SEQUENTIAL, 3,
            "open; accept 1; +30m; tick; +1h; tick; accept 1; applied 1",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKING_OVERDUE#1 BOOKED#1", "ACCEPTED#1", "1", SlotPhase.BOOKED),
        row("an overdue booking the HIS then refuses moves on", OfferStrategy.SEQUENTIAL, 3,
            "open; accept 1; +1h; tick; refused 1; accept 2; +31m; tick",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKING_OVERDUE#1 BOOKING_REFUSED#1 OFFERED#2 ACCEPTED#2"
                + " BOOKING_OVERDUE#2", "TAKEN#1", "1 2", SlotPhase.BOOKING),
        row("a booking refused after the deadline releases the slot", OfferStrategy.SEQUENTIAL, 3,
            "at -25h; open; accept 1; at -23h; refused 1",
            "SLOT_OPENED OFFERED#1 ACCEPTED#1 BOOKING_OVERDUE#1 BOOKING_REFUSED#1 RELEASED", "TAKEN#1", "1", SlotPhase.RELEASED),
        row("parallel: the losers' open offers close when one wins", OfferStrategy.PARALLEL, 5,
            "open; accept 3; decline 1; +2h; tick",
            "SLOT_OPENED OFFERED#1 OFFERED#2 OFFERED#3 ACCEPTED#3 BOOKING_OVERDUE#3", "", "3", SlotPhase.BOOKING));
  }

  static Arguments row(String name, OfferStrategy strategy, int candidates, String script, String announced,
      String replies, String bookings, SlotPhase phase) {
    return Arguments.of(name, strategy, candidates, script, announced, replies, bookings, phase);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void plays_the_script(String name, OfferStrategy strategy, int candidates, String script, String announced,
      String replies, String bookings, SlotPhase phase) {
    Run run = new Run(new SlotOffers(policy(strategy), waitingList(candidates)));

    run.play(script);

    assertThat(String.join(" ", run.announced)).isEqualTo(announced);
    assertThat(String.join(" ", run.replies)).isEqualTo(replies);
    assertThat(String.join(" ", run.bookings)).isEqualTo(bookings);
    assertThat(run.state.phase()).isEqualTo(phase);
    assertThat(run.sent).as("every OFFERED step sends the offer").isEqualTo(countOf(announced, "OFFERED#"));
  }

  @Test
  void an_offer_expires_after_its_ttl_or_at_the_deadline_whichever_comes_first() {
    Run early = new Run(new SlotOffers(policy(OfferStrategy.SEQUENTIAL), waitingList(1)));
    early.play("open");
    Run late = new Run(new SlotOffers(policy(OfferStrategy.SEQUENTIAL), waitingList(1)));
    late.play("at -25h; open");

    assertThat(early.state.offers().get(0).expiresAt()).isEqualTo(STARTS.minus(Duration.ofHours(70)));
    assertThat(early.state.nextDue(early.offers.policy())).isEqualTo(STARTS.minus(Duration.ofHours(70)));
    assertThat(late.state.offers().get(0).expiresAt()).isEqualTo(STARTS.minus(Duration.ofHours(24)));
  }

  @Test
  void a_booking_in_flight_is_due_when_its_patience_runs_out_and_the_report_names_the_command() {
    Run run = new Run(new SlotOffers(policy(OfferStrategy.SEQUENTIAL), waitingList(1)));
    run.play("open; accept 1");
    Instant accepted = STARTS.minus(Duration.ofHours(72));

    assertThat(run.state.bookingSince()).isEqualTo(accepted);
    assertThat(run.state.nextDue(run.offers.policy())).isEqualTo(accepted.plus(Duration.ofMinutes(30)));
    Changed overdue = (Changed) run.offers.apply(run.state, new SlotInput.Tick(), accepted.plus(Duration.ofMinutes(30)));
    assertThat(overdue.effects()).singleElement().isInstanceOfSatisfying(Announce.class, announce -> {
      assertThat(announce.kind()).isEqualTo(SlotEventKind.BOOKING_OVERDUE);
      assertThat(announce.reason()).isEqualTo("the HIS has not answered the booking in 30 min;"
          + " look for command book:A-1#1 among the dead letters of his.commands");
    });
    assertThat(overdue.state().bookingOverdueAt()).isEqualTo(accepted.plus(Duration.ofMinutes(30)));
    assertThat(overdue.state().nextDue(run.offers.policy())).as("then only forgetting is due")
        .isEqualTo(STARTS.plus(Duration.ofDays(7)));
  }

  @Test
  void a_finished_slot_is_forgotten_after_its_keep_time_and_not_before() {
    Run run = new Run(new SlotOffers(policy(OfferStrategy.SEQUENTIAL), waitingList(1)));
    run.play("open; accept 1; applied 1");

    assertThat(run.offers.apply(run.state, new SlotInput.Tick(), STARTS.plus(Duration.ofDays(6))))
        .isInstanceOf(SlotOutcome.Unchanged.class);
    assertThat(run.offers.apply(run.state, new SlotInput.Tick(), STARTS.plus(Duration.ofDays(7))))
        .isInstanceOf(SlotOutcome.Forgotten.class);
    assertThat(run.state.nextDue(run.offers.policy())).isEqualTo(STARTS.plus(Duration.ofDays(7)));
  }

  @Test
  void answers_about_offers_the_slot_never_made_are_rejected() {
    Run run = new Run(new SlotOffers(policy(OfferStrategy.SEQUENTIAL), waitingList(2)));
    run.play("open");

    for (SlotInput input : List.of(new SlotInput.Accept("A-1#9"), new SlotInput.Decline("A-1#9"),
        new SlotInput.Undeliverable("A-1#9", ContactChannel.WHATSAPP, "x"), new SlotInput.BookingApplied("A-1#9"),
        new SlotInput.BookingRefused("A-1#9", "x"))) {
      assertThat(run.offers.apply(run.state, input, run.now)).as(input.toString())
          .isInstanceOf(SlotOutcome.Rejected.class);
    }
  }

  @Test
  void an_undelivered_offer_goes_again_on_the_next_channel_the_patient_has_and_is_a_decline_only_when_none_is_left() {
    OfferPolicy everyChannel = new OfferPolicy(OfferStrategy.SEQUENTIAL, 3, Duration.ofHours(2), Duration.ofHours(24),
        Duration.ofDays(7), Duration.ofMinutes(30),
        List.of(ContactChannel.WHATSAPP, ContactChannel.SMS, ContactChannel.EMAIL));
    Candidate reachable = new Candidate("e1", "p1", "HCH", "Cardiología", "NEW_CONSULTATION", null, null, false, null,
        3, LocalDate.parse("2025-01-01"), true, new Contact("Ana", "Ana Rojas", "+56911111111", "ana@example.cl"));
    List<Candidate> list = List.of(reachable, waitingList(2).next(SLOT, Set.of("e1"), 1).get(0));
    CandidateSource source = (slot, excluded, limit) -> list.stream()
        .filter(c -> !excluded.contains(c.entryId())).limit(limit).toList();
    SlotOffers machine = new SlotOffers(everyChannel, source);
    Instant now = STARTS.minus(Duration.ofHours(72));
    SlotState state = machine.open(SLOT, now).state();
    String first = OfferIds.of(SLOT.slotId(), 1);

    Changed bySms = (Changed) machine.apply(state, new SlotInput.Undeliverable(first, ContactChannel.WHATSAPP,
        "UNDELIVERED 63024"), now.plusSeconds(5));
    assertThat(bySms.effects()).singleElement().isInstanceOfSatisfying(SendOffer.class, send -> {
      assertThat(send.resend()).isTrue();
      assertThat(send.offer().offerId()).isEqualTo(first);
      assertThat(send.offer().recipient().channel()).isEqualTo(ContactChannel.SMS);
      assertThat(send.offer().expiresAt()).as("same offer, same expiry")
          .isEqualTo(state.offers().get(0).expiresAt());
    });
    assertThat(bySms.state().pending()).hasSize(1);

    assertThat(machine.apply(bySms.state(), new SlotInput.Undeliverable(first, ContactChannel.WHATSAPP, "again"),
        now.plusSeconds(6))).as("a late report about the WhatsApp message").isInstanceOf(SlotOutcome.Unchanged.class);

    Changed byEmail = (Changed) machine.apply(bySms.state(), new SlotInput.Undeliverable(first, ContactChannel.SMS,
        "FAILED 21610"), now.plusSeconds(10));
    assertThat(byEmail.effects()).singleElement().isInstanceOfSatisfying(SendOffer.class,
        send -> assertThat(send.offer().recipient().channel()).isEqualTo(ContactChannel.EMAIL));

    Changed declined = (Changed) machine.apply(byEmail.state(), new SlotInput.Undeliverable(first, ContactChannel.EMAIL,
        "FAILED"), now.plusSeconds(20));
    assertThat(declined.effects()).extracting(e -> e instanceof Announce a ? a.kind() + " " + a.reason()
        : e.getClass().getSimpleName())
        .containsExactly("DECLINED undeliverable: FAILED", "OFFERED null", "SendOffer");
    assertThat(declined.state().offers().get(0).status()).isEqualTo(OfferStatus.UNDELIVERABLE);
  }

  @Test
  void offers_carry_their_slot_in_their_id() {
    assertThat(OfferIds.of("A-1", 3)).isEqualTo("A-1#3");
    assertThat(OfferIds.slotOf("A-1#3")).contains("A-1");
    assertThat(OfferIds.slotOf("weird#id#12")).contains("weird#id");
    assertThat(OfferIds.slotOf("A-1")).isEmpty();
    assertThat(OfferIds.slotOf("A-1#")).isEmpty();
    assertThat(OfferIds.slotOf("#3")).isEmpty();
    assertThat(OfferIds.slotOf("A-1#x")).isEmpty();
    assertThat(OfferIds.slotOf(null)).isEmpty();
  }

  private static int countOf(String text, String token) {
    int count = 0;
    for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
      count++;
    }
    return count;
  }

  /** Plays a script against the machine, keeping what it announced, answered and booked. */
  static final class Run {
    final SlotOffers offers;
    Instant now = STARTS.minus(Duration.ofHours(72));
    SlotState state;
    final List<String> announced = new ArrayList<>();
    final List<String> replies = new ArrayList<>();
    final List<String> bookings = new ArrayList<>();
    int sent;

    Run(SlotOffers offers) {
      this.offers = offers;
    }

    void play(String script) {
      for (String step : script.split(";")) {
        String[] words = step.trim().split(" ");
        switch (words[0]) {
          case "open" -> record(offers.open(SLOT, now));
          case "at" -> now = STARTS.plus(duration(words[1]));
          case "tick" -> apply(new SlotInput.Tick());
          case "accept" -> apply(new SlotInput.Accept(offer(words[1])));
          case "decline" -> apply(new SlotInput.Decline(offer(words[1])));
          case "fail" -> apply(new SlotInput.Undeliverable(offer(words[1]), ContactChannel.WHATSAPP, "UNDELIVERED"));
          case "applied" -> apply(new SlotInput.BookingApplied(offer(words[1])));
          case "refused" -> apply(new SlotInput.BookingRefused(offer(words[1]), "slot taken in the HIS"));
          default -> now = now.plus(duration(words[0]));
        }
      }
    }

    private void apply(SlotInput input) {
      SlotOutcome outcome = offers.apply(state, input, now);
      if (outcome instanceof Changed changed) {
        record(changed);
      } else {
        assertThat(outcome).as(input + " must not be rejected or forgotten here")
            .isInstanceOf(SlotOutcome.Unchanged.class);
      }
    }

    private void record(Changed changed) {
      state = changed.state();
      for (SlotEffect effect : changed.effects()) {
        if (effect instanceof Announce a) {
          announced.add(a.kind() + (a.offer() == null ? "" : "#" + number(a.offer())));
        } else if (effect instanceof Reply r) {
          replies.add(r.kind() + "#" + number(r.offer()));
        } else if (effect instanceof Book b) {
          bookings.add(number(b.offer()));
        } else if (effect instanceof SendOffer) {
          sent++;
        }
      }
    }

    private static String number(Offer offer) {
      return offer.offerId().substring(offer.offerId().lastIndexOf('#') + 1);
    }

    private static String offer(String number) {
      return OfferIds.of(SLOT.slotId(), Integer.parseInt(number));
    }

    private static Duration duration(String text) {
      String sign = text.startsWith("-") ? "-" : "";
      String body = text.replaceFirst("^[+-]", "");
      if (body.endsWith("d")) {
        return Duration.parse(sign + "P" + body.toUpperCase());
      }
      return Duration.parse(sign + "PT" + body.toUpperCase());
    }
  }

  @Test
  void the_candidate_source_never_sees_offered_entries_again() {
    List<Set<String>> seen = new ArrayList<>();
    CandidateSource spy = (slot, excluded, limit) -> {
      seen.add(excluded);
      return waitingList(3).next(slot, excluded, limit);
    };
    Run run = new Run(new SlotOffers(policy(OfferStrategy.SEQUENTIAL), spy));

    run.play("open; decline 1; decline 2");

    assertThat(seen).containsExactly(Set.of(), Set.of("e1"), Set.of("e1", "e2"));
  }
}
