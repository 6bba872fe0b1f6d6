package org.contactability.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.scheduler.domain.Profiles.appointment;
import static org.contactability.scheduler.domain.Profiles.at;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContactPlannerTest {

  private final ContactPlanner planner = new ContactPlanner(Profiles.catalog());

  /** Monday 2026-05-11 10:00 in Santiago (no DST change nearby). */
  private static final LocalDateTime MONDAY_10 = LocalDateTime.of(2026, 5, 11, 10, 0);

  private static List<PlanOutcome.Send> sends(PlanChange change) {
    return change.outcomes().stream().filter(PlanOutcome.Send.class::isInstance).map(PlanOutcome.Send.class::cast)
        .toList();
  }

  static List<PlanOutcome.Skip> skips(PlanChange change) {
    return change.outcomes().stream().filter(PlanOutcome.Skip.class::isInstance).map(PlanOutcome.Skip.class::cast)
        .toList();
  }

  private static List<PlanOutcome.Decide> decisions(PlanChange change) {
    return change.outcomes().stream().filter(PlanOutcome.Decide.class::isInstance)
        .map(PlanOutcome.Decide.class::cast).toList();
  }

  private static PlanItem item(ContactPlan plan, String stepId, Channel channel) {
    return plan.items().stream().filter(i -> i.stepId().equals(stepId) && i.channel() == channel).findFirst()
        .orElseThrow(() -> new AssertionError("no item " + stepId + "/" + channel + " in " + plan.items()));
  }

  @Nested
  class Chillan {

    private final Instant booked = at(MONDAY_10.minusDays(10));
    private final AppointmentFacts facts = appointment("chillan-cae", MONDAY_10, booked);

    @Test
    void a_booking_ten_days_ahead_plans_whatsapp_four_days_before_and_sms_three_days_before() {
      PlanChange change = planner.onView(null, facts, booked);

      assertThat(sends(change)).isEmpty();
      ContactPlan plan = change.plan();
      assertThat(plan.version()).isEqualTo(1);
      assertThat(item(plan, "reminder", Channel.WHATSAPP).dueAt()).isEqualTo(at(MONDAY_10.minusDays(4)));
      assertThat(item(plan, "sms-fallback", Channel.SMS).dueAt()).isEqualTo(at(MONDAY_10.minusDays(3)));
      assertThat(plan.nextDueAt()).isEqualTo(at(MONDAY_10.minusDays(4)));
    }

    @Test
    void the_reminder_goes_out_when_due_with_the_confirm_deadline_and_an_idempotency_key() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();

      assertThat(sends(planner.onDue(plan, at(MONDAY_10.minusDays(4)).minusSeconds(1)))).isEmpty();
      PlanChange due = planner.onDue(plan, at(MONDAY_10.minusDays(4)).plusMillis(300));

      assertThat(sends(due)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:reminder:1:WHATSAPP");
        assertThat(send.respondBy()).isEqualTo(at(MONDAY_10.minusDays(2)));
        assertThat(send.item().notAfter()).isEqualTo(at(MONDAY_10.minusDays(2)));
        assertThat(send.item().causeCommitTime()).isNull();
      });
      assertThat(item(due.plan(), "reminder", Channel.WHATSAPP).state()).isEqualTo(ItemState.SENT);
      assertThat(due.plan().nextDueAt()).isEqualTo(at(MONDAY_10.minusDays(3)));
    }

    @Test
    void the_sms_is_skipped_when_the_whatsapp_reached_the_patient() {
      ContactPlan plan = planner.onDue(planner.onView(null, facts, booked).plan(), at(MONDAY_10.minusDays(4))).plan();
      plan = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP", DeliveryStatus.DELIVERED, false,
          at(MONDAY_10.minusDays(4))), at(MONDAY_10.minusDays(4))).plan();

      PlanChange at72 = planner.onDue(plan, at(MONDAY_10.minusDays(3)));

      assertThat(sends(at72)).isEmpty();
      assertThat(item(at72.plan(), "sms-fallback", Channel.SMS).state()).isEqualTo(ItemState.SKIPPED);
    }

    @Test
    void the_sms_goes_out_when_the_whatsapp_was_only_sent() {
      ContactPlan plan = planner.onDue(planner.onView(null, facts, booked).plan(), at(MONDAY_10.minusDays(4))).plan();
      plan = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP", DeliveryStatus.SENT, false,
          at(MONDAY_10.minusDays(4))), at(MONDAY_10.minusDays(4))).plan();

      assertThat(sends(planner.onDue(plan, at(MONDAY_10.minusDays(3)))))
          .extracting(PlanOutcome.Send::requestId).containsExactly("A1:sms-fallback:1:SMS");
    }

    @Test
    void a_booking_sixty_two_hours_ahead_catches_up_the_whatsapp_at_once_and_holds_the_sms() {
      Instant now = at(MONDAY_10.minusHours(62)); // Friday 20:00, before quiet hours
      PlanChange change = planner.onView(null, appointment("chillan-cae", MONDAY_10, now), now);

      assertThat(sends(change)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:reminder:1:WHATSAPP");
        assertThat(send.item().causeCommitTime()).isEqualTo(now);
      });
      PlanItem sms = item(change.plan(), "sms-fallback", Channel.SMS);
      assertThat(sms.isPending()).isTrue();
      assertThat(sms.held()).isTrue();
      assertThat(sms.dueAt()).as("given up at the confirm deadline").isEqualTo(at(MONDAY_10.minusDays(2)));
    }

    @Test
    void booked_after_the_sms_time_the_sms_goes_as_soon_as_the_whatsapp_is_known_not_to_reach_the_patient() {
      Instant now = at(MONDAY_10.minusHours(54)); // Saturday 04:00: the WhatsApp waits for 08:00
      ContactPlan plan = planner.onView(null, appointment("chillan-cae", MONDAY_10, now), now).plan();
      Instant eight = at(MONDAY_10.minusDays(2).withHour(8));
      assertThat(item(plan, "reminder", Channel.WHATSAPP).dueAt()).isEqualTo(eight);
      plan = planner.onDue(plan, eight).plan();

      PlanChange undelivered = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.UNDELIVERED, true, eight.plusSeconds(3)), eight.plusSeconds(3));

      assertThat(sends(undelivered)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:sms-fallback:1:SMS");
        assertThat(send.respondBy()).as("the patient can still confirm").isEqualTo(at(MONDAY_10.minusDays(2)));
      });
      assertThat(undelivered.plan().pending()).isEmpty();
    }

    @Test
    void a_held_sms_is_dropped_once_the_whatsapp_reached_the_patient() {
      Instant now = at(MONDAY_10.minusHours(54).withHour(9)); // Saturday 09:00
      ContactPlan plan = planner.onView(null, appointment("chillan-cae", MONDAY_10, now), now).plan();

      PlanChange delivered = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.DELIVERED, false, now.plusSeconds(5)), now.plusSeconds(5));

      assertThat(sends(delivered)).isEmpty();
      assertThat(item(delivered.plan(), "sms-fallback", Channel.SMS).state()).isEqualTo(ItemState.SKIPPED);
      assertThat(item(delivered.plan(), "sms-fallback", Channel.SMS).note()).isEqualTo("the patient was already reached");
    }

    @Test
    void a_held_sms_is_given_up_at_the_deadline_when_the_whatsapp_never_reported_a_failure() {
      Instant now = at(MONDAY_10.minusHours(54).withHour(9));
      ContactPlan plan = planner.onView(null, appointment("chillan-cae", MONDAY_10, now), now).plan();
      plan = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP", DeliveryStatus.SENT, false,
          now.plusSeconds(5)), now.plusSeconds(5)).plan();

      PlanChange deadline = planner.onDue(plan, at(MONDAY_10.minusDays(2)));

      assertThat(sends(deadline)).isEmpty();
      assertThat(item(deadline.plan(), "sms-fallback", Channel.SMS).state()).isEqualTo(ItemState.SKIPPED);
      assertThat(item(deadline.plan(), "sms-fallback", Channel.SMS).note())
          .isEqualTo("nothing sent before it was known to have failed by its deadline");
    }

    @Test
    void a_failure_reported_at_night_sends_the_held_sms_in_the_morning_if_the_patient_can_still_answer() {
      LocalDateTime tuesday = MONDAY_10.plusDays(1); // confirm until Sunday 10:00
      Instant now = at(tuesday.minusHours(62)); // Saturday 20:00
      ContactPlan plan = planner.onView(null, appointment("chillan-cae", tuesday, now), now).plan();
      Instant night = at(tuesday.minusHours(62).withHour(22));

      PlanChange failed = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.FAILED, true, night), night);

      assertThat(sends(failed)).isEmpty();
      assertThat(item(failed.plan(), "sms-fallback", Channel.SMS).dueAt())
          .isEqualTo(at(tuesday.minusDays(2).withHour(8)));
      assertThat(sends(planner.onDue(failed.plan(), at(tuesday.minusDays(2).withHour(8)))))
          .extracting(PlanOutcome.Send::requestId).containsExactly("A1:sms-fallback:1:SMS");
    }

    @Test
    void a_held_sms_does_not_repeat_an_sms_that_already_failed_after_a_reschedule_notice() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      Instant now = at(MONDAY_10.minusHours(54).withHour(9)); // Saturday 09:00, moved to Monday 15:00
      LocalDateTime moved = MONDAY_10.withHour(15);
      plan = planner.onView(plan, Profiles.movedTo(facts, moved), now).plan();
      assertThat(item(plan, "sms-fallback", Channel.SMS).held()).isTrue();

      PlanChange whatsapp = planner.onDelivery(plan, new DeliveryReport("A1:reschedule-notice:2:WHATSAPP",
          DeliveryStatus.UNDELIVERED, true, now), now);
      assertThat(sends(whatsapp)).extracting(PlanOutcome.Send::requestId)
          .as("the notice's own fallback, not the held step").containsExactly("A1:reschedule-notice:2:SMS");
      PlanChange sms = planner.onDelivery(whatsapp.plan(), new DeliveryReport("A1:reschedule-notice:2:SMS",
          DeliveryStatus.FAILED, true, now.plusSeconds(10)), now.plusSeconds(10));

      assertThat(sends(sms)).isEmpty();
      assertThat(item(sms.plan(), "sms-fallback", Channel.SMS).note()).isEqualTo("SMS already failed for this patient");
    }

    @Test
    void booked_too_late_to_answer_nothing_is_held() {
      Instant now = at(MONDAY_10.minusHours(40));
      ContactPlan plan = planner.onView(null, appointment("chillan-cae", MONDAY_10, now), now).plan();

      assertThat(plan.pending()).isEmpty();
    }

    @Test
    void a_booking_thirty_hours_ahead_sends_nothing_because_the_patient_can_no_longer_answer() {
      Instant now = at(MONDAY_10.minusHours(30));
      PlanChange change = planner.onView(null, appointment("chillan-cae", MONDAY_10, now), now);

      assertThat(sends(change)).isEmpty();
      assertThat(change.plan().pending()).isEmpty();
      assertThat(change.plan().items()).allMatch(i -> i.state() == ItemState.SKIPPED);
    }

    @Test
    void a_catch_up_inside_quiet_hours_waits_for_the_morning() {
      Instant now = at(MONDAY_10.minusDays(3).withHour(22).withMinute(30)); // Friday 22:30, 59.5 h ahead
      PlanChange change = planner.onView(null, appointment("chillan-cae", MONDAY_10, now), now);

      assertThat(sends(change)).isEmpty();
      assertThat(item(change.plan(), "reminder", Channel.WHATSAPP).dueAt())
          .isEqualTo(at(MONDAY_10.minusDays(2).withHour(8).withMinute(0)));
    }

    @Test
    void a_confirmation_through_the_platform_drops_the_remaining_reminders_and_is_not_echoed_from_the_his() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      plan = planner.onPatientDecision(plan, new PatientDecision(DecisionType.CONFIRMED, facts.startsAt(), booked),
          booked).plan();
      assertThat(plan.pending()).isEmpty();

      PlanChange writeback = planner.onView(plan, facts.withStatus(AppointmentStatus.CONFIRMED), booked);

      assertThat(decisions(writeback)).isEmpty();
    }

    @Test
    void a_confirmation_recorded_by_a_clerk_becomes_a_decision_and_drops_the_reminders() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();

      PlanChange change = planner.onView(plan, facts.withStatus(AppointmentStatus.CONFIRMED), booked);

      assertThat(decisions(change)).extracting(PlanOutcome.Decide::type).containsExactly(DecisionType.CONFIRMED);
      assertThat(change.plan().pending()).isEmpty();
    }

    @Test
    void a_decision_about_an_earlier_time_does_not_touch_the_new_plan() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      plan = planner.onView(plan, Profiles.movedTo(facts, MONDAY_10.plusDays(7)), booked).plan();

      PlanChange late = planner.onPatientDecision(plan,
          new PatientDecision(DecisionType.CANCELLED_BY_PATIENT, facts.startsAt(), booked), booked);

      assertThat(late.changed()).isFalse();
      assertThat(late.plan().pending()).isNotEmpty();
    }
  }

  @Nested
  class LaSerena {

    private final Instant booked = at(MONDAY_10.minusDays(5));
    private final AppointmentFacts facts = appointment("la-serena-cdt", MONDAY_10, booked);

    @Test
    void a_booking_sends_the_notice_at_once_on_whatsapp_and_email_and_plans_the_reminder_fifteen_hours_before() {
      PlanChange change = planner.onView(null, facts, booked.plusSeconds(2));

      assertThat(sends(change)).extracting(PlanOutcome.Send::requestId)
          .containsExactly("A1:booking-notice:1:WHATSAPP", "A1:booking-notice:1:EMAIL");
      assertThat(sends(change)).allSatisfy(send -> {
        assertThat(send.respondBy()).isEqualTo(facts.startsAt().minus(Duration.ofHours(4)));
        assertThat(send.item().causeCommitTime()).isEqualTo(booked);
      });
      assertThat(item(change.plan(), "reminder", Channel.WHATSAPP).dueAt())
          .isEqualTo(facts.startsAt().minus(Duration.ofHours(15)));
    }

    @Test
    void a_reminder_that_fails_for_good_falls_back_to_sms_then_to_a_voice_call() {
      Instant due = facts.startsAt().minus(Duration.ofHours(15));
      ContactPlan plan = planner.onDue(planner.onView(null, facts, booked).plan(), due).plan();

      PlanChange sms = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP", DeliveryStatus.FAILED,
          true, due.plusSeconds(5)), due.plusSeconds(5));
      assertThat(sends(sms)).extracting(PlanOutcome.Send::requestId).containsExactly("A1:reminder:1:SMS");

      PlanChange voice = planner.onDelivery(sms.plan(), new DeliveryReport("A1:reminder:1:SMS",
          DeliveryStatus.UNDELIVERED, true, due.plusSeconds(30)), due.plusSeconds(30));
      assertThat(sends(voice)).extracting(PlanOutcome.Send::requestId).containsExactly("A1:reminder:1:VOICE");

      PlanChange repeated = planner.onDelivery(voice.plan(), new DeliveryReport("A1:reminder:1:SMS",
          DeliveryStatus.FAILED, true, due.plusSeconds(31)), due.plusSeconds(31));
      assertThat(sends(repeated)).isEmpty();
    }

    @Test
    void a_passing_failure_waits_the_grace_and_is_forgotten_when_the_message_gets_through() {
      Instant due = facts.startsAt().minus(Duration.ofHours(15));
      ContactPlan plan = planner.onDue(planner.onView(null, facts, booked).plan(), due).plan();
      PlanChange failed = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.FAILED, false, due), due);
      assertThat(sends(failed)).isEmpty();
      assertThat(failed.plan().nextDueAt()).isEqualTo(due.plus(Duration.ofMinutes(30)));

      ContactPlan delivered = planner.onDelivery(failed.plan(), new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.DELIVERED, false, due.plusSeconds(60)), due.plusSeconds(60)).plan();
      PlanChange later = planner.onDue(delivered, due.plus(Duration.ofMinutes(30)));

      assertThat(sends(later)).isEmpty();
      assertThat(item(later.plan(), "reminder", Channel.SMS).state()).isEqualTo(ItemState.SKIPPED);
    }

    @Test
    void an_opt_out_never_falls_back() {
      Instant due = facts.startsAt().minus(Duration.ofHours(15));
      ContactPlan plan = planner.onDue(planner.onView(null, facts, booked).plan(), due).plan();

      PlanChange suppressed = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.SUPPRESSED, true, due), due);

      assertThat(sends(suppressed)).isEmpty();
      assertThat(suppressed.plan().pending()).isEmpty();
    }

    @Test
    void a_confirmed_patient_still_gets_the_reminder_which_then_offers_cancelling_until_the_cancel_deadline() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      plan = planner.onPatientDecision(plan, new PatientDecision(DecisionType.CONFIRMED, facts.startsAt(), booked),
          booked).plan();

      PlanChange due = planner.onDue(plan, facts.startsAt().minus(Duration.ofHours(15)));

      assertThat(sends(due)).singleElement().satisfies(send -> {
        assertThat(send.template()).isEqualTo("reminder-confirmed");
        assertThat(send.variables()).containsEntry(ContactPlanner.VAR_CONFIRMED, "true");
        assertThat(send.respondBy()).isEqualTo(facts.startsAt().minus(Duration.ofHours(4)));
      });
      PlanChange fallback = planner.onDelivery(due.plan(), new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.UNDELIVERED, true, due.plan().items().get(1).dueAt()), due.plan().items().get(1).dueAt());
      assertThat(sends(fallback)).singleElement().satisfies(send -> {
        assertThat(send.item().channel()).isEqualTo(Channel.SMS);
        assertThat(send.template()).as("the SMS of a confirmed patient").isEqualTo("reminder-confirmed");
      });
    }

    @Test
    void a_patient_who_has_not_confirmed_gets_the_reminder_asking_to_confirm() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();

      PlanChange due = planner.onDue(plan, facts.startsAt().minus(Duration.ofHours(15)));

      assertThat(sends(due)).singleElement().extracting(PlanOutcome.Send::template).isEqualTo("reminder");
    }

    @Test
    void an_appointment_the_his_moves_while_it_shows_it_confirmed_gets_the_confirmed_reschedule_notice() {
      AppointmentFacts confirmed = facts.withStatus(AppointmentStatus.CONFIRMED);
      ContactPlan plan = planner.onView(null, confirmed, booked).plan();

      PlanChange moved = planner.onView(plan, Profiles.movedTo(confirmed, MONDAY_10.plusDays(2)), booked);

      assertThat(sends(moved)).isNotEmpty().allSatisfy(send -> {
        assertThat(send.item().stepId()).isEqualTo("reschedule-notice");
        assertThat(send.template()).isEqualTo("reschedule-notice-confirmed");
      });
    }

    @Test
    void a_patient_without_whatsapp_and_without_email_gets_the_booking_notice_by_sms() {
      AppointmentFacts noEmail = Profiles.withContact(facts, "+56977123456", null);
      PlanChange booking = planner.onView(null, noEmail, booked);
      assertThat(sends(booking)).extracting(PlanOutcome.Send::requestId)
          .containsExactly("A1:booking-notice:1:WHATSAPP");
      assertThat(item(booking.plan(), "booking-notice", Channel.EMAIL).note())
          .isEqualTo("no address for EMAIL; the step goes on its other channels");

      PlanChange undelivered = planner.onDelivery(booking.plan(), new DeliveryReport("A1:booking-notice:1:WHATSAPP",
          DeliveryStatus.UNDELIVERED, true, booked.plusSeconds(4)), booked.plusSeconds(4));

      assertThat(sends(undelivered)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:booking-notice:1:SMS");
        assertThat(send.respondBy()).isEqualTo(facts.startsAt().minus(Duration.ofHours(4)));
      });
      PlanChange smsFailed = planner.onDelivery(undelivered.plan(), new DeliveryReport("A1:booking-notice:1:SMS",
          DeliveryStatus.FAILED, true, booked.plusSeconds(9)), booked.plusSeconds(9));
      assertThat(sends(smsFailed)).extracting(PlanOutcome.Send::requestId).containsExactly("A1:booking-notice:1:VOICE");
    }

    @Test
    void a_patient_with_only_a_landline_gets_the_booking_notice_as_one_call_at_once() {
      PlanChange booking = planner.onView(null, Profiles.withContact(facts, null, null, "+56512221234"), booked);

      assertThat(sends(booking)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:booking-notice:1:VOICE");
        assertThat(send.appointment().addressFor(Channel.VOICE)).isEqualTo("+56512221234");
        assertThat(send.respondBy()).isNotNull();
      });
    }

    @Test
    void a_patient_with_whatsapp_and_no_email_gets_only_the_whatsapp_notice() {
      PlanChange booking = planner.onView(null, Profiles.withContact(facts, "+56961234567", null), booked);

      assertThat(sends(booking)).extracting(PlanOutcome.Send::requestId)
          .containsExactly("A1:booking-notice:1:WHATSAPP");
    }

    @Test
    void the_notice_falls_back_only_once_neither_whatsapp_nor_email_can_still_reach_the_patient() {
      PlanChange booking = planner.onView(null, facts, booked);
      PlanChange whatsapp = planner.onDelivery(booking.plan(), new DeliveryReport("A1:booking-notice:1:WHATSAPP",
          DeliveryStatus.UNDELIVERED, true, booked.plusSeconds(4)), booked.plusSeconds(4));
      assertThat(sends(whatsapp)).as("the e-mail is still on its way").isEmpty();

      PlanChange email = planner.onDelivery(whatsapp.plan(), new DeliveryReport("A1:booking-notice:1:EMAIL",
          DeliveryStatus.FAILED, true, booked.plusSeconds(20)), booked.plusSeconds(20));

      assertThat(sends(email)).extracting(PlanOutcome.Send::requestId).containsExactly("A1:booking-notice:1:SMS");
    }

    @Test
    void a_delivered_email_makes_a_failed_whatsapp_notice_need_no_fallback() {
      PlanChange booking = planner.onView(null, facts, booked);
      ContactPlan plan = planner.onDelivery(booking.plan(), new DeliveryReport("A1:booking-notice:1:EMAIL",
          DeliveryStatus.DELIVERED, false, booked.plusSeconds(2)), booked.plusSeconds(2)).plan();

      PlanChange whatsapp = planner.onDelivery(plan, new DeliveryReport("A1:booking-notice:1:WHATSAPP",
          DeliveryStatus.UNDELIVERED, true, booked.plusSeconds(4)), booked.plusSeconds(4));

      assertThat(sends(whatsapp)).isEmpty();
    }

    @Test
    void a_patient_without_phone_gets_only_the_email_notice_and_no_reminder() {
      AppointmentFacts noPhone = Profiles.withContact(facts, null, "juan@example.com");
      PlanChange change = planner.onView(null, noPhone, booked);

      assertThat(sends(change)).extracting(PlanOutcome.Send::requestId).containsExactly("A1:booking-notice:1:EMAIL");
      PlanChange reminder = planner.onDue(change.plan(), facts.startsAt().minus(Duration.ofHours(15)));
      assertThat(sends(reminder)).isEmpty();
      assertThat(item(reminder.plan(), "reminder", Channel.WHATSAPP).note()).contains("no phone");
      assertThat(skips(reminder)).singleElement().satisfies(skip -> {
        assertThat(skip.requestId()).isEqualTo("A1:reminder:1:WHATSAPP");
        assertThat(skip.item().skip()).isEqualTo(SkipReason.NO_CONTACTABLE_CHANNEL);
        assertThat(skip.item().skip().failure()).isEqualTo(FailureKind.PERMANENT);
      });
    }

    @Test
    void a_patient_with_only_a_landline_gets_the_reminder_as_a_voice_call_to_the_landline() {
      AppointmentFacts landlineOnly = Profiles.withContact(facts, null, null, "+56512221234");
      ContactPlan plan = planner.onView(null, landlineOnly, booked).plan();

      PlanChange reminder = planner.onDue(plan, facts.startsAt().minus(Duration.ofHours(15)));

      assertThat(sends(reminder)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:reminder:1:VOICE");
        assertThat(send.appointment().addressFor(Channel.VOICE)).isEqualTo("+56512221234");
        assertThat(send.respondBy()).isEqualTo(facts.startsAt().minus(Duration.ofHours(4)));
      });
    }

    @Test
    void a_call_goes_to_the_mobile_when_the_patient_has_both() {
      AppointmentFacts both = Profiles.withContact(facts, "+56961234567", null, "+56512221234");

      assertThat(both.addressFor(Channel.VOICE)).isEqualTo("+56961234567");
      assertThat(both.addressFor(Channel.SMS)).isEqualTo("+56961234567");
      assertThat(Profiles.withContact(facts, null, null, "+56512221234").canReach(Channel.SMS)).isFalse();
    }

    @Test
    void an_evening_reminder_inside_quiet_hours_moves_to_the_evening_before_a_late_grace_ahead_of_nine() {
      LocalDateTime fourPm = MONDAY_10.withHour(16); // 15 h before is 01:00
      AppointmentFacts late = appointment("la-serena-cdt", fourPm, booked);

      ContactPlan plan = planner.onView(null, late, booked).plan();

      assertThat(item(plan, "reminder", Channel.WHATSAPP).dueAt()).isEqualTo(at(fourPm.minusDays(1).withHour(20)
          .withMinute(45)));
    }

    /** 23:00: the reminder is due at 08:00 and the patient may confirm until 19:00, a day-time window. */
    private final AppointmentFacts lateEvening = appointment("la-serena-cdt", MONDAY_10.withHour(23), booked);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = FailureKind.class)
    void a_failed_whatsapp_falls_back_to_sms_at_once_whatever_the_kind_of_failure(FailureKind kind) {
      Instant due = lateEvening.startsAt().minus(Duration.ofHours(15));
      ContactPlan plan = planner.onDue(planner.onView(null, lateEvening, booked).plan(), due).plan();
      Instant failedAt = due.plus(Duration.ofHours(1));

      PlanChange failed = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.FAILED, kind, failedAt), failedAt);

      assertThat(sends(failed)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:reminder:1:SMS");
        assertThat(send.notAfter()).as("half of what is left before the confirm deadline; the call gets the rest")
            .isEqualTo(failedAt.plus(Duration.ofHours(5)));
      });
    }

    @Test
    void each_channel_of_a_chain_is_tried_for_its_share_of_the_window_and_the_last_until_the_deadline() {
      Instant due = lateEvening.startsAt().minus(Duration.ofHours(15));
      Instant deadline = lateEvening.startsAt().minus(Duration.ofHours(4));
      PlanChange whatsapp = planner.onDue(planner.onView(null, lateEvening, booked).plan(), due);
      assertThat(sends(whatsapp)).singleElement().extracting(PlanOutcome.Send::notAfter)
          .as("a third of 11 h: SMS and a call follow").isEqualTo(due.plus(Duration.ofMinutes(220)));
      Instant whatsappGaveUp = due.plus(Duration.ofMinutes(220));

      PlanChange sms = planner.onDelivery(whatsapp.plan(), new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.FAILED, FailureKind.TEMPORARY, whatsappGaveUp), whatsappGaveUp);
      assertThat(sends(sms)).singleElement().extracting(PlanOutcome.Send::notAfter)
          .isEqualTo(whatsappGaveUp.plus(Duration.ofMinutes(220)));
      Instant smsGaveUp = whatsappGaveUp.plus(Duration.ofMinutes(220));

      PlanChange voice = planner.onDelivery(sms.plan(), new DeliveryReport("A1:reminder:1:SMS",
          DeliveryStatus.FAILED, FailureKind.TEMPORARY, smsGaveUp), smsGaveUp);
      assertThat(sends(voice)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:reminder:1:VOICE");
        assertThat(send.notAfter()).isEqualTo(deadline);
        assertThat(send.item().notAfter()).isEqualTo(deadline);
      });
    }

    @Test
    void no_channel_is_retried_into_quiet_hours() {
      Instant due = facts.startsAt().minus(Duration.ofHours(15)); // Sunday 19:00, confirm until Monday 06:00

      PlanChange whatsapp = planner.onDue(planner.onView(null, facts, booked).plan(), due);

      assertThat(sends(whatsapp)).singleElement().extracting(PlanOutcome.Send::notAfter)
          .isEqualTo(at(MONDAY_10.minusDays(1).withHour(21)));
    }

    @Test
    void a_whatsapp_the_notifier_could_not_send_within_its_share_expires_and_the_sms_goes() {
      Instant due = lateEvening.startsAt().minus(Duration.ofHours(15));
      ContactPlan plan = planner.onDue(planner.onView(null, lateEvening, booked).plan(), due).plan();
      Instant expiredAt = due.plus(Duration.ofMinutes(220));

      PlanChange expired = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP",
          DeliveryStatus.EXPIRED, null, expiredAt), expiredAt);

      assertThat(sends(expired)).extracting(PlanOutcome.Send::requestId).containsExactly("A1:reminder:1:SMS");
    }

    @Test
    void when_the_last_channel_fails_at_the_deadline_nothing_is_left_and_the_step_ends_failed() {
      Instant due = facts.startsAt().minus(Duration.ofHours(15));
      Instant deadline = facts.startsAt().minus(Duration.ofHours(4));
      ContactPlan plan = planner.onDue(planner.onView(null, Profiles.withContact(facts, null, null, "+56512221234"),
          booked).plan(), due).plan();

      PlanChange failed = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:VOICE",
          DeliveryStatus.FAILED, FailureKind.TEMPORARY, deadline), deadline);

      assertThat(sends(failed)).isEmpty();
      assertThat(item(failed.plan(), "reminder", Channel.VOICE).delivery()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(failed.plan().pending()).isEmpty();
    }
  }

  @Nested
  class ChangesInTheHis {

    private final Instant booked = at(MONDAY_10.minusDays(10));
    private final AppointmentFacts facts = appointment("chillan-cae", MONDAY_10, booked);

    @Test
    void a_reschedule_cancels_the_old_plan_notifies_and_plans_the_new_time() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      Instant now = booked.plus(Duration.ofDays(1));
      LocalDateTime newTime = MONDAY_10.plusDays(7).withHour(11);

      PlanChange change = planner.onView(plan, Profiles.movedTo(facts, newTime), now);

      assertThat(decisions(change)).singleElement().satisfies(d -> {
        assertThat(d.type()).isEqualTo(DecisionType.RESCHEDULED);
        assertThat(d.previousStartsAt()).isEqualTo(facts.startsAt());
      });
      assertThat(sends(change)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:reschedule-notice:2:WHATSAPP");
        assertThat(send.variables()).containsEntry(ContactPlanner.VAR_PREVIOUS_STARTS_AT_LOCAL, "2026-05-11T10:00");
        assertThat(send.respondBy()).isEqualTo(at(newTime.minusDays(2)));
      });
      assertThat(change.plan().version()).isEqualTo(2);
      assertThat(item(change.plan(), "reminder", Channel.WHATSAPP).dueAt()).isEqualTo(at(newTime.minusDays(4)));
    }

    @Test
    void a_cancellation_by_the_hospital_notifies_once_and_stops_every_reminder() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      Instant now = booked.plus(Duration.ofDays(1)).plus(Duration.ofHours(2));

      PlanChange change = planner.onView(plan, facts.withStatus(AppointmentStatus.CANCELLED_BY_HOSPITAL), now);

      assertThat(decisions(change)).extracting(PlanOutcome.Decide::type)
          .containsExactly(DecisionType.CANCELLED_BY_HOSPITAL);
      assertThat(sends(change)).singleElement().satisfies(send -> {
        assertThat(send.requestId()).isEqualTo("A1:hospital-cancellation-notice:1:WHATSAPP");
        assertThat(send.respondBy()).isNull();
      });
      assertThat(change.plan().pending()).isEmpty();
      assertThat(sends(planner.onDue(change.plan(), facts.startsAt().minusSeconds(1)))).isEmpty();
    }

    @Test
    void a_cancellation_by_the_patient_through_the_platform_ends_the_plan_without_an_echo() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      plan = planner.onPatientDecision(plan, new PatientDecision(DecisionType.CANCELLED_BY_PATIENT, facts.startsAt(),
          booked), booked).plan();

      PlanChange writeback = planner.onView(plan, facts.withStatus(AppointmentStatus.CANCELLED_BY_PATIENT), booked);

      assertThat(plan.pending()).isEmpty();
      assertThat(writeback.outcomes()).isEmpty();
    }

    @Test
    void attendance_and_no_show_become_decisions() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      Instant after = facts.startsAt().plus(Duration.ofHours(1));

      assertThat(decisions(planner.onView(plan, facts.withStatus(AppointmentStatus.ATTENDED), after)))
          .extracting(PlanOutcome.Decide::type).containsExactly(DecisionType.ATTENDED);
      assertThat(decisions(planner.onView(plan, facts.withStatus(AppointmentStatus.NO_SHOW), after)))
          .extracting(PlanOutcome.Decide::type).containsExactly(DecisionType.NO_SHOW);
    }

    @Test
    void a_past_appointment_seen_for_the_first_time_gets_no_message_and_no_decision() {
      PlanChange change = planner.onView(null, facts, facts.startsAt().plusSeconds(1));

      assertThat(change.outcomes()).isEmpty();
      assertThat(change.plan().items()).isEmpty();
    }

    @Test
    void a_deleted_appointment_forgets_its_plan_silently() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();

      PlanChange change = planner.onDeleted(plan);

      assertThat(change.plan()).isNull();
      assertThat(change.outcomes()).isEmpty();
    }

    @Test
    void a_new_phone_is_used_by_the_next_message_without_replanning() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      PlanChange changed = planner.onView(plan, Profiles.withContact(facts, "+56998887766", null), booked);

      assertThat(changed.outcomes()).isEmpty();
      assertThat(changed.plan().items()).isEqualTo(plan.items());
      assertThat(sends(planner.onDue(changed.plan(), at(MONDAY_10.minusDays(4)))))
          .singleElement().extracting(s -> s.appointment().phone()).isEqualTo("+56998887766");
    }

    @Test
    void a_reminder_found_due_after_its_deadline_expires_instead_of_going_out() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();

      PlanChange late = planner.onDue(plan, at(MONDAY_10.minusDays(2)).plusSeconds(1));

      assertThat(sends(late)).isEmpty();
      assertThat(late.plan().items()).allMatch(i -> i.state() == ItemState.EXPIRED);
    }

    @Test
    void a_plan_is_forgotten_when_its_retention_ends() {
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      plan = planner.onView(plan, facts.withStatus(AppointmentStatus.ATTENDED), facts.startsAt()).plan();

      assertThat(planner.onDue(plan, facts.startsAt().plus(Duration.ofDays(29))).plan()).isNotNull();
      assertThat(planner.onDue(plan, facts.startsAt().plus(Duration.ofDays(30))).plan()).isNull();
    }
  }
}
