package org.contactability.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.scheduler.domain.Profiles.SANTIAGO;
import static org.contactability.scheduler.domain.Profiles.appointment;
import static org.contactability.scheduler.domain.Profiles.at;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.FailureKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Timers are never skipped: after a restart, a clock jump or a quiet-hours move every overdue step
 * goes on catch-up, in due order, unless its own deadline has passed; a step that cannot go any more
 * is published as skipped, with its reason. Quiet hours do not hinge on one minute.
 */
class CatchUpTest {

  private final ContactPlanner planner = new ContactPlanner(Profiles.catalog());
  private final ContactPolicy laSerena = Profiles.laSerena();

  /** Tuesday 2026-05-12, no daylight-saving change nearby. */
  private static final LocalDateTime TUESDAY = LocalDateTime.of(2026, 5, 12, 0, 0);

  private static List<PlanOutcome.Send> sends(PlanChange change) {
    return change.outcomes().stream().filter(PlanOutcome.Send.class::isInstance).map(PlanOutcome.Send.class::cast)
        .toList();
  }

  private static AppointmentFacts laSerenaAt(String id, LocalDateTime start, Instant booked) {
    AppointmentFacts a = appointment("la-serena-cdt", start, booked);
    return new AppointmentFacts(id, a.hospitalCode(), a.hospitalName(), a.hospitalPhone(), a.zone(), a.siteId(),
        a.siteName(), a.siteAddress(), a.siteCommune(), a.patientGivenNames(), a.patientFullName(), a.phone(),
        a.email(), a.landline(), a.professionalTitle(), a.professionalName(), a.specialty(), a.type(), a.status(),
        a.startsAt(), a.startsAtLocal(), a.bookedAt(), a.policyId(), a.sourceCommitTime());
  }

  /** What a run of the scheduler did to a set of plans: requests with the instant they went, skips. */
  private record Run(Map<String, Instant> sentAt, Map<String, PlanOutcome.Skip> skipped) {
  }

  /**
   * Ticks every 30 s from {@code from} to {@code until}, except while the scheduler is down: the
   * first tick after {@code downFrom} is at {@code downUntil}. Only reminders are followed.
   */
  private Run run(List<ContactPlan> plans, Instant from, Instant until, Instant downFrom, Instant downUntil) {
    Map<String, Instant> sentAt = new HashMap<>();
    Map<String, PlanOutcome.Skip> skipped = new HashMap<>();
    List<ContactPlan> current = new ArrayList<>(plans);
    for (Instant now = from; !now.isAfter(until); now = now.plusSeconds(30)) {
      if (!now.isBefore(downFrom) && now.isBefore(downUntil)) {
        now = downUntil;
      }
      for (int i = 0; i < current.size(); i++) {
        ContactPlan plan = current.get(i);
        if (plan == null || plan.nextDueAt().isAfter(now)) {
          continue;
        }
        PlanChange change = planner.onDue(plan, now);
        for (PlanOutcome outcome : change.outcomes()) {
          if (outcome instanceof PlanOutcome.Send send) {
            assertThat(sentAt.put(send.requestId(), now)).as("sent twice: %s", send.requestId()).isNull();
          } else if (outcome instanceof PlanOutcome.Skip skip) {
            assertThat(skipped.put(skip.requestId(), skip)).as("skip published twice").isNull();
          }
        }
        current.set(i, change.plan());
      }
    }
    return new Run(sentAt, skipped);
  }

  /** 200 La Serena appointments of a Tuesday, 08:00 to 21:17 every 4 minutes, booked a week ahead. */
  private List<ContactPlan> twoHundredLaSerenaPlans() {
    List<ContactPlan> plans = new ArrayList<>();
    Instant booked = at(TUESDAY.minusDays(7).withHour(10));
    for (int i = 0; i < 200; i++) {
      AppointmentFacts facts = laSerenaAt("A" + i, TUESDAY.withHour(8).plusMinutes(4L * i), booked);
      plans.add(planner.onView(null, facts, booked).plan());
    }
    return plans;
  }

  @Test
  void a_restart_around_nine_pm_the_evening_before_loses_no_la_serena_reminder() {
    // The scheduler is not ticking from 20:58 to 21:00:30 (a restart takes about a minute).
    Instant monday = at(TUESDAY.minusDays(1));
    Run run = run(twoHundredLaSerenaPlans(), monday.plus(Duration.ofHours(12)), at(TUESDAY.withHour(22)),
        at(TUESDAY.minusDays(1).withHour(20).withMinute(58)), at(TUESDAY.minusDays(1).withHour(21)).plusSeconds(30));

    for (int i = 0; i < 200; i++) {
      String id = "A" + i + ":reminder:1:WHATSAPP";
      assertThat(run.sentAt()).as("reminder of appointment %d", i).containsKey(id);
      Instant start = at(TUESDAY.withHour(8).plusMinutes(4L * i));
      assertThat(run.sentAt().get(id)).as("before the confirm deadline").isBefore(start.minus(Duration.ofHours(4)));
      LocalDateTime local = LocalDateTime.ofInstant(run.sentAt().get(id), SANTIAGO);
      assertThat(local).as("never the next morning, never deep in the night")
          .isBeforeOrEqualTo(TUESDAY.minusDays(1).withHour(21).withMinute(0).withSecond(30));
    }
    assertThat(run.skipped()).isEmpty();
  }

  @Test
  void a_clock_jump_over_the_evening_catches_up_in_due_order_or_says_why_each_reminder_could_not_go() {
    // The clock jumps from Monday 18:00 to 23:00: the reminders due in between are overdue.
    Instant before = at(TUESDAY.minusDays(1).withHour(18));
    Instant after = at(TUESDAY.minusDays(1).withHour(23));
    Run run = run(twoHundredLaSerenaPlans(), before, at(TUESDAY.withHour(22)), before.plusSeconds(1), after);

    for (int i = 0; i < 200; i++) {
      String id = "A" + i + ":reminder:1:WHATSAPP";
      Instant start = at(TUESDAY.withHour(8).plusMinutes(4L * i));
      Instant deadline = start.minus(Duration.ofHours(4));
      if (run.sentAt().containsKey(id)) {
        Instant sent = run.sentAt().get(id);
        assertThat(sent).isBefore(deadline);
        assertThat(laSerena.quietHours().contains(sent, SANTIAGO)).as("sent in quiet hours at %s", sent).isFalse();
      } else {
        assertThat(run.skipped()).as("appointment %d: neither sent nor skipped", i).containsKey(id);
        PlanOutcome.Skip skip = run.skipped().get(id);
        assertThat(skip.item().skip()).isEqualTo(SkipReason.MISSED);
        assertThat(skip.item().skip().failure()).isEqualTo(FailureKind.TECHNICAL);
        assertThat(deadline).as("skipped only when 08:00 is too late").isBeforeOrEqualTo(at(TUESDAY.withHour(8)));
      }
    }
    // Overdue ones that can still go wait for 08:00, then go in due order.
    assertThat(run.sentAt().entrySet().stream()
        .filter(e -> e.getValue().equals(at(TUESDAY.withHour(8)))).count()).isPositive();
  }

  @Test
  void a_step_late_by_less_than_the_grace_goes_as_if_on_time_even_past_nine() {
    // 11:50 appointment: the reminder is due at 20:50; the scheduler comes back at 21:00:30.
    Instant booked = at(TUESDAY.minusDays(7).withHour(10));
    ContactPlan plan = planner.onView(null, laSerenaAt("A1", TUESDAY.withHour(11).withMinute(50), booked), booked)
        .plan();
    Instant due = at(TUESDAY.minusDays(1).withHour(20).withMinute(50));
    assertThat(plan.nextDueAt()).isEqualTo(due);

    PlanChange late = planner.onDue(plan, due.plus(Duration.ofSeconds(630)));

    assertThat(sends(late)).extracting(PlanOutcome.Send::requestId).containsExactly("A1:reminder:1:WHATSAPP");
  }

  @Test
  void a_step_whose_deadline_passed_while_the_scheduler_was_down_is_published_as_missed_once() {
    Instant booked = at(TUESDAY.minusDays(7).withHour(10));
    LocalDateTime start = TUESDAY.withHour(10);
    ContactPlan plan = planner.onView(null, laSerenaAt("A1", start, booked), booked).plan();
    Instant afterDeadline = at(start).minus(Duration.ofHours(3));

    PlanChange missed = planner.onDue(plan, afterDeadline);

    assertThat(sends(missed)).isEmpty();
    assertThat(ContactPlannerTest.skips(missed)).singleElement().satisfies(skip -> {
      assertThat(skip.requestId()).isEqualTo("A1:reminder:1:WHATSAPP");
      assertThat(skip.item().skip()).isEqualTo(SkipReason.MISSED);
      assertThat(skip.item().state()).isEqualTo(ItemState.EXPIRED);
      assertThat(skip.item().note()).contains("scheduler was not running");
    });
    PlanChange again = planner.onDue(missed.plan() == null ? plan : missed.plan(), afterDeadline.plusSeconds(1));
    assertThat(ContactPlannerTest.skips(again)).isEmpty();
  }

  @Test
  void every_skip_of_a_new_plan_is_published_once_and_policy_skips_carry_no_failure() {
    Instant now = at(TUESDAY.withHour(10).minusHours(62)); // Chillán, booked after the WhatsApp's time
    PlanChange booked = planner.onView(null, appointment("chillan-cae", TUESDAY.withHour(10), now), now);
    ContactPlan plan = booked.plan();
    PlanChange delivered = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP",
        org.contactability.contracts.contact.DeliveryStatus.DELIVERED, false, now), now);

    assertThat(ContactPlannerTest.skips(booked)).isEmpty();
    assertThat(ContactPlannerTest.skips(delivered)).singleElement().satisfies(skip -> {
      assertThat(skip.item().channel()).isEqualTo(Channel.SMS);
      assertThat(skip.item().skip()).isEqualTo(SkipReason.REACHED);
      assertThat(skip.item().skip().failure()).isNull();
    });
  }

  /**
   * Both daylight-saving nights of 2026 in Santiago: the reminder of a 16:00 appointment the day
   * after (15 h before falls in the night) goes a late grace before nine the evening before; a
   * restart over that time sends it on catch-up the same evening; an outage past the grace moves it
   * to 08:00 local.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "fall back, 2026-04-05T16:00, 2026-04-04T20:45",
      "spring forward, 2026-09-06T16:00, 2026-09-05T20:45"})
  void quiet_hours_hold_across_daylight_saving_nights(String night, LocalDateTime start, LocalDateTime evening) {
    Instant booked = at(start.minusDays(7).withHour(10));
    ContactPlan plan = planner.onView(null, laSerenaAt("A1", start, booked), booked).plan();
    Instant planned = at(evening);
    assertThat(plan.nextDueAt()).isEqualTo(planned);

    PlanChange restart = planner.onDue(plan, planned.plusSeconds(70));
    assertThat(sends(restart)).extracting(PlanOutcome.Send::requestId).containsExactly("A1:reminder:1:WHATSAPP");

    PlanChange outage = planner.onDue(plan, planned.plus(Duration.ofMinutes(40)));
    assertThat(sends(outage)).isEmpty();
    assertThat(LocalDateTime.ofInstant(outage.plan().nextDueAt(), SANTIAGO))
        .isEqualTo(start.toLocalDate().atTime(8, 0));
    assertThat(sends(planner.onDue(outage.plan(), outage.plan().nextDueAt())))
        .extracting(PlanOutcome.Send::requestId).containsExactly("A1:reminder:1:WHATSAPP");
  }
}
