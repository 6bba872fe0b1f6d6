package org.contactability.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.scheduler.domain.Profiles.SANTIAGO;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;

import org.contactability.contracts.common.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mainland Chile leaves daylight saving on the first Saturday night of April and returns on the
 * first Saturday night of September. "96 h before" then differs from "4 days before at the same
 * clock time" by one hour, one way in April and the other in September.
 */
class DaylightSavingTest {

  private static final Instant BOOKED = Instant.parse("2026-01-05T12:00:00Z");

  private static ZoneOffsetTransition transitionAfter(LocalDateTime local) {
    return SANTIAGO.getRules().nextTransition(local.atZone(SANTIAGO).toInstant());
  }

  private static ContactPlanner planner(Timing timing) {
    return new ContactPlanner(new PolicyCatalog(Profiles.catalog().hospitals(), java.util.List.of(
        Profiles.chillan(timing), Profiles.laSerena())));
  }

  private static Instant reminderDue(Timing timing, LocalDateTime start) {
    ContactPlanner planner = planner(timing);
    ContactPlan plan = planner.onView(null, Profiles.appointment("chillan-cae", start, BOOKED), BOOKED).plan();
    return plan.items().stream().filter(i -> i.stepId().equals("reminder") && i.channel() == Channel.WHATSAPP)
        .findFirst().orElseThrow().dueAt();
  }

  @Test
  void the_tz_rules_have_the_two_changes_where_the_tests_expect_them() {
    ZoneOffsetTransition april = transitionAfter(LocalDateTime.of(2026, 3, 1, 0, 0));
    ZoneOffsetTransition september = transitionAfter(LocalDateTime.of(2026, 8, 1, 0, 0));

    assertThat(april.isOverlap()).isTrue();
    assertThat(april.getDateTimeBefore()).isEqualTo(LocalDateTime.of(2026, 4, 5, 0, 0));
    assertThat(september.isGap()).isTrue();
    assertThat(september.getDateTimeBefore()).isEqualTo(LocalDateTime.of(2026, 9, 6, 0, 0));
  }

  @Test
  void september_spring_forward_wall_clock_keeps_ten_o_clock_and_absolute_lands_at_nine() {
    LocalDateTime monday = LocalDateTime.of(2026, 9, 7, 10, 0);
    Instant start = monday.atZone(SANTIAGO).toInstant();

    Instant wall = reminderDue(Timing.WALL_CLOCK, monday);
    Instant absolute = reminderDue(Timing.ABSOLUTE, monday);

    assertThat(LocalDateTime.ofInstant(wall, SANTIAGO)).isEqualTo(LocalDateTime.of(2026, 9, 3, 10, 0));
    assertThat(Duration.between(wall, start)).isEqualTo(Duration.ofHours(95));
    assertThat(LocalDateTime.ofInstant(absolute, SANTIAGO)).isEqualTo(LocalDateTime.of(2026, 9, 3, 9, 0));
    assertThat(Duration.between(absolute, start)).isEqualTo(Duration.ofHours(96));
  }

  @Test
  void april_fall_back_wall_clock_keeps_ten_o_clock_and_absolute_lands_at_eleven() {
    LocalDateTime monday = LocalDateTime.of(2026, 4, 6, 10, 0);
    Instant start = monday.atZone(SANTIAGO).toInstant();

    Instant wall = reminderDue(Timing.WALL_CLOCK, monday);
    Instant absolute = reminderDue(Timing.ABSOLUTE, monday);

    assertThat(LocalDateTime.ofInstant(wall, SANTIAGO)).isEqualTo(LocalDateTime.of(2026, 4, 2, 10, 0));
    assertThat(Duration.between(wall, start)).isEqualTo(Duration.ofHours(97));
    assertThat(LocalDateTime.ofInstant(absolute, SANTIAGO)).isEqualTo(LocalDateTime.of(2026, 4, 2, 11, 0));
    assertThat(Duration.between(absolute, start)).isEqualTo(Duration.ofHours(96));
  }

  /**
   * Chillán's SMS "72 h before" read both ways across a change, for a booking made between the two
   * readings: the timing whose 72 h already passed holds the SMS until the WhatsApp caught up at
   * once is known not to have reached the patient; the other plans it on time.
   */
  @ParameterizedTest(name = "{0}: booked {1} local, {2} holds the SMS, {3} plans it at {4}; answer until {5}")
  @CsvSource({
      // after April's fall-back the Tuesday 10:00 appointment is 73 real hours after Saturday 10:00
      "2026-04-07T10:00, 2026-04-04T10:30, WALL_CLOCK, ABSOLUTE, 2026-04-04T11:00, 2026-04-05T10:00",
      // after September's spring-forward it is 71 real hours after Saturday 10:00
      "2026-09-08T10:00, 2026-09-05T09:30, ABSOLUTE, WALL_CLOCK, 2026-09-05T10:00, 2026-09-06T10:00"})
  void booked_between_the_two_readings_of_72_hours_one_timing_holds_the_sms_and_the_other_plans_it(
      LocalDateTime start, LocalDateTime bookedLocal, Timing holding, Timing onTime, LocalDateTime smsLocal,
      LocalDateTime respondByLocal) {
    Instant booked = bookedLocal.atZone(SANTIAGO).toInstant();
    AppointmentFacts facts = Profiles.appointment("chillan-cae", start, booked);

    ContactPlan planned = planner(onTime).onView(null, facts, booked).plan();
    PlanItem onTimeSms = sms(planned);
    assertThat(onTimeSms.held()).isFalse();
    assertThat(LocalDateTime.ofInstant(onTimeSms.dueAt(), SANTIAGO)).isEqualTo(smsLocal);

    ContactPlanner holdingPlanner = planner(holding);
    ContactPlan held = holdingPlanner.onView(null, facts, booked).plan();
    assertThat(sms(held).held()).isTrue();
    PlanChange failed = holdingPlanner.onDelivery(held, new DeliveryReport("A1:reminder:1:WHATSAPP",
        org.contactability.contracts.contact.DeliveryStatus.UNDELIVERED, true, booked.plusSeconds(5)),
        booked.plusSeconds(5));
    PlanOutcome.Send send = failed.outcomes().stream().filter(PlanOutcome.Send.class::isInstance)
        .map(PlanOutcome.Send.class::cast).findFirst().orElseThrow();
    assertThat(send.requestId()).isEqualTo("A1:sms-fallback:1:SMS");
    assertThat(LocalDateTime.ofInstant(send.respondBy(), SANTIAGO)).as("the confirm deadline").isEqualTo(respondByLocal);
  }

  private static PlanItem sms(ContactPlan plan) {
    return plan.items().stream().filter(i -> i.stepId().equals("sms-fallback")).findFirst().orElseThrow();
  }

  @Test
  void a_local_time_in_the_spring_forward_gap_resolves_one_hour_later() {
    Instant gap = AppointmentFacts.instantOf(LocalDateTime.of(2026, 9, 6, 0, 30), SANTIAGO);

    assertThat(gap.atOffset(ZoneOffset.ofHours(-3)).toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 9, 6, 1, 30));
  }

  @Test
  void an_ambiguous_local_time_in_the_fall_back_overlap_takes_the_earlier_instant() {
    Instant ambiguous = AppointmentFacts.instantOf(LocalDateTime.of(2026, 4, 4, 23, 30), SANTIAGO);

    assertThat(ambiguous.atOffset(ZoneOffset.ofHours(-3)).toLocalDateTime())
        .isEqualTo(LocalDateTime.of(2026, 4, 4, 23, 30));
  }

  @Test
  void quiet_hours_across_the_spring_forward_night_still_end_at_eight() {
    QuietHours quiet = Profiles.chillan().quietHours();
    Instant saturdayNight = AppointmentFacts.instantOf(LocalDateTime.of(2026, 9, 5, 23, 0), SANTIAGO);

    Instant placed = quiet.place(saturdayNight, saturdayNight, saturdayNight.plus(Duration.ofDays(2)), SANTIAGO,
        Duration.ofMinutes(15)).orElseThrow();

    assertThat(LocalDateTime.ofInstant(placed, SANTIAGO)).isEqualTo(LocalDateTime.of(2026, 9, 6, 8, 0));
    assertThat(Duration.between(saturdayNight, placed)).isEqualTo(Duration.ofHours(8));
  }
}
