package org.contactability.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.scheduler.domain.Profiles.SANTIAGO;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.contact.DeliveryStatus;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of every plan, over appointments all through a year (both daylight-saving changes
 * included), every lead time from minutes to weeks, both timings and both profiles, with
 * deliveries that succeed, fail for good, fail for a while or never report, and patients who
 * confirm or cancel.
 */
class ContactPlanPropertiesTest {

  record Case(String policyId, Timing timing, LocalDateTime start, Duration lead, List<DeliveryStatus> outcomes,
      boolean permanent, DecisionType patient) {
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> policy = Arbitraries.of("chillan-cae", "la-serena-cdt");
    Arbitrary<Timing> timing = Arbitraries.of(Timing.class);
    // Every day of 2026, any minute of the clinic day (and some odd hours).
    Arbitrary<LocalDateTime> start = Combinators.combine(Arbitraries.integers().between(0, 364),
        Arbitraries.integers().between(0, 24 * 60 - 1))
        .as((day, minute) -> LocalDate.of(2026, 1, 1).plusDays(day).atTime(LocalTime.MIN.plusMinutes(minute)));
    Arbitrary<Duration> lead = Arbitraries.longs().between(-120, 30 * 24 * 60).map(Duration::ofMinutes);
    Arbitrary<List<DeliveryStatus>> outcomes = Arbitraries.of(DeliveryStatus.DELIVERED, DeliveryStatus.READ,
        DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED, DeliveryStatus.SUPPRESSED)
        .list().ofMaxSize(8);
    Arbitrary<DecisionType> patient = Arbitraries.of(DecisionType.CONFIRMED, DecisionType.CANCELLED_BY_PATIENT,
        DecisionType.OTHER);
    return Combinators.combine(policy, timing, start, lead, outcomes, Arbitraries.of(true, false), patient)
        .as(Case::new);
  }

  private static PolicyCatalog catalog(Timing timing) {
    return new PolicyCatalog(Profiles.catalog().hospitals(), List.of(Profiles.chillan(timing), Profiles.laSerena()));
  }

  /** The skips published by the current try. */
  private final List<PlanOutcome.Skip> skips = new ArrayList<>();

  @Property(tries = 600)
  void no_message_before_booking_none_at_or_after_the_start_none_in_quiet_hours_and_deadlines_in_order(
      @ForAll("cases") Case c) {
    PolicyCatalog catalog = catalog(c.timing());
    ContactPlanner planner = new ContactPlanner(catalog);
    ContactPolicy policy = catalog.policy(c.policyId()).orElseThrow();
    Instant start = AppointmentFacts.instantOf(c.start(), SANTIAGO);
    Instant booked = start.minus(c.lead());
    AppointmentFacts facts = Profiles.appointment(c.policyId(), c.start(), booked);

    assertThat(policy.confirmDeadline(facts)).isBeforeOrEqualTo(start);
    assertThat(policy.cancelDeadline(facts)).isBeforeOrEqualTo(start);

    List<PlanOutcome.Send> sent = new ArrayList<>();
    List<Instant> sentAt = new ArrayList<>();
    skips.clear();
    PlanChange change = planner.onView(null, facts, booked);
    record(change, booked, sent, sentAt);
    ContactPlan plan = change.plan();
    int outcomeIndex = 0;
    boolean decided = false;
    boolean reached = false;
    for (int steps = 0; plan != null && !plan.pending().isEmpty() && steps < 50; steps++) {
      for (PlanItem item : plan.pending()) {
        assertThat(item.notAfter()).isBeforeOrEqualTo(start);
        if (item.held()) {
          // Waits for a failure; at its deadline it is given up, never sent.
          assertThat(item.dueAt()).isEqualTo(item.notAfter());
          continue;
        }
        assertThat(item.dueAt()).isAfterOrEqualTo(booked).isBefore(item.notAfter());
        assertThat(policy.quietHours().contains(item.dueAt(), SANTIAGO)).as("due in quiet hours: %s", item).isFalse();
      }
      Instant now = plan.nextDueAt();
      change = planner.onDue(plan, now);
      noConditionalStepOnceReached(change, reached);
      record(change, now, sent, sentAt);
      plan = change.plan();
      for (PlanOutcome.Send send : sends(change)) {
        if (plan == null || outcomeIndex >= c.outcomes().size()) {
          break;
        }
        DeliveryStatus status = c.outcomes().get(outcomeIndex++);
        change = planner.onDelivery(plan, new DeliveryReport(send.requestId(), status, c.permanent(), now), now);
        reached |= status == DeliveryStatus.DELIVERED || status == DeliveryStatus.READ;
        noConditionalStepOnceReached(change, reached);
        record(change, now, sent, sentAt);
        plan = change.plan();
      }
      if (!decided && plan != null && !sent.isEmpty()) {
        decided = true;
        change = planner.onPatientDecision(plan, new PatientDecision(c.patient(), start, now), now);
        reached |= c.patient() != DecisionType.OTHER;
        noConditionalStepOnceReached(change, reached);
        record(change, now, sent, sentAt);
        plan = change.plan();
      }
    }

    Set<String> ids = new HashSet<>();
    for (int i = 0; i < sent.size(); i++) {
      PlanOutcome.Send send = sent.get(i);
      Instant at = sentAt.get(i);
      assertThat(ids.add(send.requestId())).as("request sent twice: %s", send.requestId()).isTrue();
      assertThat(at).isAfterOrEqualTo(booked).isBefore(start);
      assertThat(policy.quietHours().contains(at, SANTIAGO)).as("sent in quiet hours at %s", at).isFalse();
      if (send.respondBy() != null) {
        assertThat(send.respondBy()).isAfter(at).isBeforeOrEqualTo(start);
      }
      assertThat(send.notAfter()).as("the notifier may retry %s until", send.requestId()).isAfter(at)
          .isBeforeOrEqualTo(send.item().notAfter());
    }
    Set<String> skipped = new HashSet<>();
    for (PlanOutcome.Skip skip : skips) {
      assertThat(skipped.add(skip.requestId())).as("skip published twice: %s", skip.requestId()).isTrue();
      assertThat(ids).as("skipped and sent: %s", skip.requestId()).doesNotContain(skip.requestId());
      assertThat(skip.item().skip()).isNotNull();
    }
    if (plan != null) {
      ContactPlan last = plan;
      assertThat(last.items().stream().filter(PlanItem::wasSkipped)
          .map(i -> i.requestId(last.appointment().appointmentId(), last.version())))
          .as("every skipped item was published").allMatch(skipped::contains);
    }
  }

  @Property(tries = 300)
  void an_on_time_step_outside_quiet_hours_falls_exactly_where_its_timing_says(@ForAll("cases") Case c) {
    ContactPolicy policy = Profiles.chillan(c.timing());
    PolicyStep reminder = policy.steps().get(0);
    AppointmentFacts facts = Profiles.appointment("chillan-cae", c.start(), Instant.EPOCH);
    Instant due = policy.nominalDue(reminder, facts, Instant.EPOCH);

    if (c.timing() == Timing.ABSOLUTE) {
      assertThat(Duration.between(due, facts.startsAt())).isEqualTo(Duration.ofHours(96));
    } else {
      LocalDateTime local = c.start().minusDays(4);
      boolean inGap = SANTIAGO.getRules().getValidOffsets(local).isEmpty();
      if (!inGap) {
        assertThat(LocalDateTime.ofInstant(due, SANTIAGO)).isEqualTo(local);
      }
      assertThat(Duration.between(due, facts.startsAt()).toHours()).isBetween(95L, 97L);
    }
  }

  /** "Unless reached" steps, held ones included, never go once a message got through or the patient answered. */
  private static void noConditionalStepOnceReached(PlanChange change, boolean reached) {
    if (reached) {
      assertThat(sends(change)).noneMatch(send -> send.item().condition() == SendCondition.UNLESS_REACHED);
    }
  }

  private static List<PlanOutcome.Send> sends(PlanChange change) {
    return change.outcomes().stream().filter(PlanOutcome.Send.class::isInstance).map(PlanOutcome.Send.class::cast)
        .toList();
  }

  private void record(PlanChange change, Instant now, List<PlanOutcome.Send> sent, List<Instant> at) {
    for (PlanOutcome.Send send : sends(change)) {
      sent.add(send);
      at.add(now);
    }
    change.outcomes().stream().filter(PlanOutcome.Skip.class::isInstance).map(PlanOutcome.Skip.class::cast)
        .forEach(skips::add);
  }
}
