package org.contactability.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every outcome figure checked on one known history: two weeks of May 2026 at one hospital, each
 * appointment a small story (reminders, deliveries, answers, attendance), freed slots and a purge
 * campaign. The table says, figure by figure, what the definition gives on that history.
 */
class OutcomesProjectionTest {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final LocalDate TODAY = LocalDate.of(2026, 5, 20);
  static final Instant NOW = Instant.parse("2026-05-20T16:00:00Z");
  static final LocalDate MONDAY_4 = LocalDate.of(2026, 5, 4);
  static final Instant REMINDER = Instant.parse("2026-05-03T13:00:00Z");
  static final Instant DEADLINE = Instant.parse("2026-05-04T12:00:00Z");

  final OutcomesProjection outcomes = new OutcomesProjection(SANTIAGO, 13, 1_000_000, Duration.ofDays(2));
  final List<Fact> history = new ArrayList<>();

  @BeforeEach
  void knownHistory() {
    // a1: WhatsApp reminder read, confirmed 2 h later, attended.
    appointment("a1", "3", "Cardiología", AppointmentKind.NEW_CONSULTATION, MONDAY_4.atTime(9, 0));
    notice("a1", NoticeChannel.WHATSAPP, "reminder", Delivery.SENT, REMINDER);
    notice("a1", NoticeChannel.WHATSAPP, "reminder", Delivery.READ, REMINDER.plusSeconds(60));
    decision("a1", DecisionKind.CONFIRMED, REMINDER.plus(Duration.ofHours(2)));
    decision("a1", DecisionKind.ATTENDED, DEADLINE.plus(Duration.ofDays(1)));
    // a2: reminder delivered, no answer by the deadline, no-show.
    appointment("a2", "3", "Cardiología", AppointmentKind.NEW_CONSULTATION, MONDAY_4.atTime(9, 30));
    notice("a2", NoticeChannel.WHATSAPP, "reminder", Delivery.DELIVERED, REMINDER);
    decision("a2", DecisionKind.NO_SHOW, DEADLINE.plus(Duration.ofDays(1)));
    // a3: WhatsApp not delivered, the SMS fallback delivered, confirmed 4 h after the first reminder, no-show.
    appointment("a3", "3", "Cardiología", AppointmentKind.NEW_CONSULTATION, MONDAY_4.atTime(10, 0));
    notice("a3", NoticeChannel.WHATSAPP, "reminder", Delivery.SENT, REMINDER);
    notice("a3", NoticeChannel.SMS, "sms-fallback", Delivery.DELIVERED, REMINDER.plus(Duration.ofHours(1)));
    decision("a3", DecisionKind.CONFIRMED, REMINDER.plus(Duration.ofHours(4)));
    decision("a3", DecisionKind.NO_SHOW, DEADLINE.plus(Duration.ofDays(1)));
    // a4: no phone nor e-mail; no-show.
    appointment("a4", "3", "Cardiología", AppointmentKind.NEW_CONSULTATION, MONDAY_4.atTime(10, 30));
    history.add(new Fact.NotSent("a4", NotSentReason.NO_CONTACTABLE_CHANNEL, REMINDER));
    history.add(new Fact.NotSent("a4", NotSentReason.SKIPPED, REMINDER));
    decision("a4", DecisionKind.NO_SHOW, DEADLINE.plus(Duration.ofDays(1)));
    // a5: sent, never delivered, no answer; attended anyway (the HIS row says so, no decision read).
    appointment("a5", "3", "Cardiología", AppointmentKind.NEW_CONSULTATION, MONDAY_4.atTime(11, 0));
    notice("a5", NoticeChannel.WHATSAPP, "reminder", Delivery.SENT, REMINDER);
    status("a5", "3", MONDAY_4.atTime(11, 0), HisStatus.ATTENDED);
    // a6: reminder delivered, cancelled by the patient 6 h later; its slot is refilled 3 h after.
    appointment("a6", "3", "Cardiología", AppointmentKind.NEW_CONSULTATION, MONDAY_4.atTime(11, 30));
    notice("a6", NoticeChannel.WHATSAPP, "reminder", Delivery.DELIVERED, REMINDER);
    decision("a6", DecisionKind.CANCELLED_BY_PATIENT, REMINDER.plus(Duration.ofHours(6)));
    slot("a6", MONDAY_4.atTime(11, 30), 30, SlotStep.OPENED, REMINDER.plus(Duration.ofHours(6)));
    slot("a6", MONDAY_4.atTime(11, 30), 30, SlotStep.OFFERED, REMINDER.plus(Duration.ofHours(6)));
    slot("a6", MONDAY_4.atTime(11, 30), 30, SlotStep.BOOKED, REMINDER.plus(Duration.ofHours(9)));
    // a7: cancelled by the hospital before any message.
    appointment("a7", "3", "Cardiología", AppointmentKind.NEW_CONSULTATION, MONDAY_4.atTime(12, 0));
    decision("a7", DecisionKind.CANCELLED_BY_HOSPITAL, REMINDER.minus(Duration.ofDays(1)));
    // a8: deleted in the HIS: never counted.
    appointment("a8", "3", "Cardiología", AppointmentKind.NEW_CONSULTATION, MONDAY_4.atTime(12, 30));
    history.add(new Fact.AppointmentSeen("a8", null, "3", MONDAY_4.atTime(12, 30), HisStatus.BOOKED, "p", null, null,
        true, null, REMINDER));
    // a9: another site and specialty, a control; a clerk confirmed it in the HIS, then marked it attended.
    appointment("a9", "4", "Dermatología", AppointmentKind.CONTROL, MONDAY_4.plusDays(2).atTime(9, 0));
    status("a9", "4", MONDAY_4.plusDays(2).atTime(9, 0), HisStatus.CONFIRMED);
    status("a9", "4", MONDAY_4.plusDays(2).atTime(9, 0), HisStatus.ATTENDED);
    // Week of 11 May: two freed slots, one never taken, one booked only after its start (not in time).
    LocalDateTime s3Start = LocalDate.of(2026, 5, 12).atTime(8, 0);
    Instant s3Opened = s3Start.atZone(SANTIAGO).toInstant().minus(Duration.ofHours(2));
    slot("s2", LocalDate.of(2026, 5, 11).atTime(15, 0), 20, SlotStep.OPENED, REMINDER);
    slot("s2", LocalDate.of(2026, 5, 11).atTime(15, 0), 20, SlotStep.OFFERED, REMINDER);
    slot("s3", s3Start, 60, SlotStep.OPENED, s3Opened);
    slot("s3", s3Start, 60, SlotStep.BOOKED, s3Opened.plus(Duration.ofHours(3)));
    // Week of 18 May: b1, reminded, its answer deadline still open.
    history.add(new Fact.AppointmentSeen("b1", "HCHM", "3", LocalDate.of(2026, 5, 21).atTime(9, 0), HisStatus.BOOKED,
        "p", null, NOW.plus(Duration.ofHours(5)), false, null, NOW));
    history.add(new Fact.AppointmentClassified("b1", "Cardiología", AppointmentKind.NEW_CONSULTATION, 30, null));
    notice("b1", NoticeChannel.EMAIL, "reminder", Delivery.SENT, NOW.minus(Duration.ofHours(1)));
    // A purge campaign of 10 waiting patients.
    history.add(new Fact.CampaignProgress("c1", "HCHM", "Cardiología", Instant.parse("2026-05-05T13:00:00Z"),
        "COMPLETED", 10, 4, 3, 2, 1, 0));
    history.forEach(fact -> outcomes.apply(fact, TODAY));
  }

  static Stream<Arguments> weeklyFigures() {
    return Stream.of(
        // table, column, period, expected: the definitions on the known history
        Arguments.of("reach", "appointments", "2026-W19", 8),
        Arguments.of("reach", "notified", "2026-W19", 5),
        Arguments.of("reach", "notifiedShare", "2026-W19", 0.625),
        Arguments.of("reach", "delivered", "2026-W19", 4),
        Arguments.of("reach", "deliveredShare", "2026-W19", 0.5),
        Arguments.of("reach", "read", "2026-W19", 1),
        Arguments.of("reach", "readShare", "2026-W19", 0.125),
        Arguments.of("reach", "noContactableChannel", "2026-W19", 1),
        Arguments.of("reach", "noContactableChannelShare", "2026-W19", 0.125),
        Arguments.of("reach", "appointments", "2026-W20", 0),
        Arguments.of("reach", "notifiedShare", "2026-W20", null),
        Arguments.of("reach", "appointments", "2026-W21", 1),
        Arguments.of("answers", "cancelledByHospital", "2026-W19", 1),
        Arguments.of("answers", "answerable", "2026-W19", 7),
        Arguments.of("answers", "confirmed", "2026-W19", 3),
        Arguments.of("answers", "confirmedShare", "2026-W19", 0.429),
        Arguments.of("answers", "cancelledByPatient", "2026-W19", 1),
        Arguments.of("answers", "cancelledByPatientShare", "2026-W19", 0.143),
        Arguments.of("answers", "noAnswer", "2026-W19", 3),
        Arguments.of("answers", "pending", "2026-W19", 0),
        Arguments.of("answers", "answeredAfterReminder", "2026-W19", 3),
        Arguments.of("answers", "medianHoursReminderToAnswer", "2026-W19", 4.0),
        Arguments.of("answers", "pending", "2026-W21", 1),
        Arguments.of("answers", "medianHoursReminderToAnswer", "2026-W21", null),
        Arguments.of("attendance", "recorded", "2026-W19", 6),
        Arguments.of("attendance", "attended", "2026-W19", 3),
        Arguments.of("attendance", "noShow", "2026-W19", 3),
        Arguments.of("attendance", "noShowRate", "2026-W19", 0.5),
        Arguments.of("attendance", "confirmedRecorded", "2026-W19", 3),
        Arguments.of("attendance", "confirmedNoShow", "2026-W19", 1),
        Arguments.of("attendance", "confirmedNoShowRate", "2026-W19", 0.333),
        Arguments.of("attendance", "reachedNotConfirmedNoShow", "2026-W19", 1),
        Arguments.of("attendance", "neverReachedNoShow", "2026-W19", 1),
        Arguments.of("attendance", "reachedNotConfirmedRecorded", "2026-W19", 1),
        Arguments.of("attendance", "reachedNotConfirmedNoShowRate", "2026-W19", 1.0),
        Arguments.of("attendance", "neverReachedRecorded", "2026-W19", 2),
        Arguments.of("attendance", "neverReachedNoShowRate", "2026-W19", 0.5),
        Arguments.of("slots", "freed", "2026-W19", 1),
        Arguments.of("slots", "offered", "2026-W19", 1),
        Arguments.of("slots", "refilled", "2026-W19", 1),
        Arguments.of("slots", "refilledInTime", "2026-W19", 1),
        Arguments.of("slots", "medianHoursToRefill", "2026-W19", 3.0),
        Arguments.of("slots", "professionalHoursRecovered", "2026-W19", 0.5),
        Arguments.of("slots", "freed", "2026-W20", 2),
        Arguments.of("slots", "offered", "2026-W20", 2),
        Arguments.of("slots", "refilled", "2026-W20", 1),
        Arguments.of("slots", "refilledShare", "2026-W20", 0.5),
        Arguments.of("slots", "refilledInTime", "2026-W20", 0),
        Arguments.of("slots", "medianHoursToRefill", "2026-W20", 3.0),
        Arguments.of("slots", "professionalHoursRecovered", "2026-W20", 0.0),
        Arguments.of("campaigns", "total", "2026-W19", 10),
        Arguments.of("campaigns", "stillNeeded", "2026-W19", 4),
        Arguments.of("campaigns", "noLongerNeeded", "2026-W19", 3),
        Arguments.of("campaigns", "noAnswer", "2026-W19", 2),
        Arguments.of("campaigns", "undeliverable", "2026-W19", 1),
        Arguments.of("campaigns", "stillNeededShare", "2026-W19", 0.4),
        Arguments.of("campaigns", "noLongerNeededShare", "2026-W19", 0.3));
  }

  @ParameterizedTest(name = "{0}.{1} of {2} is {3}")
  @MethodSource("weeklyFigures")
  void each_definition_gives_its_figure_on_the_known_history(String table, String column, String period,
      Object expected) {
    OutcomeReport report = outcomes.report(OutcomeQuery.all(OutcomePeriod.WEEK), NOW);

    assertThat(figure(report.table(table).orElseThrow(), column, "period", period)).isEqualTo(expected);
  }

  @Test
  void reach_per_channel_and_per_step_counts_each_appointment_once_per_channel_and_step() {
    OutcomeReport report = outcomes.report(OutcomeQuery.all(OutcomePeriod.WEEK), NOW);
    OutcomeTable channels = report.table("reachByChannel").orElseThrow();
    OutcomeTable steps = report.table("reachByStep").orElseThrow();

    assertThat(figure(channels, "notified", "period", "2026-W19", "channel", "WHATSAPP")).isEqualTo(5);
    assertThat(figure(channels, "delivered", "period", "2026-W19", "channel", "WHATSAPP")).isEqualTo(3);
    assertThat(figure(channels, "read", "period", "2026-W19", "channel", "WHATSAPP")).isEqualTo(1);
    assertThat(figure(channels, "notified", "period", "2026-W19", "channel", "SMS")).isEqualTo(1);
    assertThat(figure(channels, "deliveredShare", "period", "2026-W19", "channel", "SMS")).isEqualTo(0.125);
    assertThat(figure(channels, "notified", "period", "2026-W19", "channel", "VOICE")).isEqualTo(0);
    assertThat(figure(steps, "notified", "period", "2026-W19", "step", "reminder", "channel", "WHATSAPP")).isEqualTo(5);
    assertThat(figure(steps, "delivered", "period", "2026-W19", "step", "sms-fallback", "channel", "SMS")).isEqualTo(1);
    assertThat(figure(steps, "notified", "period", "2026-W21", "step", "reminder", "channel", "EMAIL")).isEqualTo(1);
    assertThat(steps.rows()).extracting(r -> r.get("period") + " " + r.get("step") + " " + r.get("channel"))
        .containsExactly("2026-W19 reminder WHATSAPP", "2026-W19 sms-fallback SMS", "2026-W21 reminder EMAIL");
  }

  @Test
  void every_week_between_the_first_and_the_last_has_a_row_so_that_trends_have_no_holes() {
    OutcomeReport report = outcomes.report(OutcomeQuery.all(OutcomePeriod.WEEK), NOW);

    assertThat(report.table("reach").orElseThrow().rows()).extracting(r -> r.get("period"))
        .containsExactly("2026-W19", "2026-W20", "2026-W21");
  }

  @Test
  void a_month_adds_up_its_weeks() {
    OutcomeReport report = outcomes.report(OutcomeQuery.all(OutcomePeriod.MONTH), NOW);

    assertThat(figure(report.table("reach").orElseThrow(), "appointments", "period", "2026-05")).isEqualTo(9);
    assertThat(figure(report.table("slots").orElseThrow(), "freed", "period", "2026-05")).isEqualTo(3);
    assertThat(figure(report.table("attendance").orElseThrow(), "noShowRate", "period", "2026-05")).isEqualTo(0.5);
  }

  @Test
  void filters_by_hospital_specialty_site_kind_and_dates_select_the_appointments_and_slots() {
    OutcomeTable dermatology = outcomes.report(new OutcomeQuery(OutcomePeriod.WEEK, null, "Dermatología", null, null,
        null, null), NOW).table("attendance").orElseThrow();
    OutcomeTable site4 = outcomes.report(new OutcomeQuery(OutcomePeriod.WEEK, "HCHM", null, "4", AppointmentKind.CONTROL,
        null, null), NOW).table("reach").orElseThrow();
    OutcomeReport otherHospital = outcomes.report(new OutcomeQuery(OutcomePeriod.WEEK, "HXX", null, null, null,
        null, null), NOW);
    OutcomeReport secondWeek = outcomes.report(new OutcomeQuery(OutcomePeriod.WEEK, null, null, null, null,
        LocalDate.of(2026, 5, 11), LocalDate.of(2026, 5, 17)), NOW);

    assertThat(figure(dermatology, "confirmedRecorded", "period", "2026-W19")).as("confirmed in the HIS, then attended")
        .isEqualTo(1);
    assertThat(figure(site4, "appointments", "period", "2026-W19")).isEqualTo(1);
    assertThat(otherHospital.table("reach").orElseThrow().rows()).isEmpty();
    assertThat(otherHospital.table("campaigns").orElseThrow().rows()).isEmpty();
    assertThat(figure(secondWeek.table("reach").orElseThrow(), "appointments", "period", "2026-W20")).isEqualTo(0);
    assertThat(figure(secondWeek.table("slots").orElseThrow(), "freed", "period", "2026-W20")).isEqualTo(2);
  }

  @Test
  void the_filters_offer_what_was_seen() {
    OutcomeReport.Dimensions dimensions = outcomes.report(OutcomeQuery.all(OutcomePeriod.WEEK), NOW).dimensions();

    assertThat(dimensions.hospitals()).containsExactly("HCHM");
    assertThat(dimensions.specialties()).containsExactly("Cardiología", "Dermatología");
    assertThat(dimensions.sites()).extracting(OutcomeReport.Site::id).containsExactly("3", "4");
    assertThat(dimensions.kinds()).containsExactly(AppointmentKind.NEW_CONSULTATION, AppointmentKind.CONTROL);
  }

  @Test
  void facts_read_before_the_appointments_row_count_once_its_row_is_read() {
    OutcomesProjection early = new OutcomesProjection(SANTIAGO, 13, 1_000, Duration.ofDays(2));
    early.apply(new Fact.DecisionMade("x", DecisionKind.NO_SHOW, NOW), TODAY);
    early.apply(new Fact.NoticeStatus("x", NoticeChannel.WHATSAPP, Delivery.DELIVERED, "reminder", true, NOW), TODAY);
    early.apply(new Fact.AppointmentSeen("x", "HCHM", "3", MONDAY_4.atTime(9, 0), HisStatus.BOOKED, "p", null, null,
        false, null, NOW), TODAY);

    OutcomeTable attendance = early.report(OutcomeQuery.all(OutcomePeriod.WEEK), NOW).table("attendance").orElseThrow();
    assertThat(figure(attendance, "reachedNotConfirmedRecorded", "period", "2026-W19")).isEqualTo(1);
    assertThat(figure(attendance, "noShowRate", "period", "2026-W19")).isEqualTo(1.0);
  }

  @Test
  void a_confirmation_given_before_a_reschedule_no_longer_counts() {
    OutcomesProjection moved = new OutcomesProjection(SANTIAGO, 13, 1_000, Duration.ofDays(2));
    moved.apply(new Fact.AppointmentSeen("r", "HCHM", "3", MONDAY_4.atTime(9, 0), HisStatus.BOOKED, "p", null, DEADLINE,
        false, null, NOW), TODAY);
    moved.apply(new Fact.DecisionMade("r", DecisionKind.CONFIRMED, REMINDER), TODAY);
    moved.apply(new Fact.DecisionMade("r", DecisionKind.RESCHEDULED, REMINDER.plusSeconds(60)), TODAY);

    OutcomeTable answers = moved.report(OutcomeQuery.all(OutcomePeriod.WEEK), NOW).table("answers").orElseThrow();
    assertThat(figure(answers, "confirmed", "period", "2026-W19")).isEqualTo(0);
    assertThat(figure(answers, "noAnswer", "period", "2026-W19")).isEqualTo(1);
  }

  @Test
  void appointments_older_than_the_months_kept_and_facts_never_dated_are_dropped() {
    OutcomesProjection kept = new OutcomesProjection(SANTIAGO, 1, 1_000, Duration.ofDays(2));
    kept.apply(new Fact.AppointmentSeen("old", "HCHM", "3", LocalDate.of(2026, 3, 31).atTime(9, 0), HisStatus.BOOKED,
        "p", null, null, false, null, NOW), TODAY);
    kept.apply(new Fact.AppointmentSeen("april", "HCHM", "3", LocalDate.of(2026, 4, 1).atTime(9, 0), HisStatus.BOOKED,
        "p", null, null, false, null, NOW), TODAY);
    kept.apply(new Fact.DecisionMade("undated", DecisionKind.CONFIRMED, NOW), TODAY);
    assertThat(kept.size()).isEqualTo(2);

    kept.evict(TODAY, NOW.plus(Duration.ofDays(3)));
    assertThat(kept.size()).as("April kept, the undated fact gone").isEqualTo(1);
    kept.evict(TODAY.plusMonths(1), NOW.plus(Duration.ofDays(31)));
    assertThat(kept.size()).isZero();
  }

  @Test
  void at_most_the_maximum_of_appointments_is_kept() {
    OutcomesProjection small = new OutcomesProjection(SANTIAGO, 13, 2, Duration.ofDays(2));
    for (String id : List.of("1", "2", "3")) {
      small.apply(new Fact.AppointmentSeen(id, "HCHM", "3", MONDAY_4.atTime(9, 0), HisStatus.BOOKED, "p", null, null,
          false, null, NOW), TODAY);
    }

    assertThat(figure(small.report(OutcomeQuery.all(OutcomePeriod.WEEK), NOW).table("reach").orElseThrow()
        , "appointments", "period", "2026-W19")).isEqualTo(2);
  }

  @Test
  void every_column_of_every_table_has_a_label_and_a_definition_and_no_row_names_a_patient() {
    OutcomeReport report = outcomes.report(OutcomeQuery.all(OutcomePeriod.WEEK), NOW);

    assertThat(report.tables()).extracting(OutcomeTable::id)
        .containsExactly("reach", "reachByChannel", "reachByStep", "answers", "attendance", "slots", "campaigns");
    report.tables().forEach(table -> {
      assertThat(table.definition()).isNotBlank();
      assertThat(table.columns()).allSatisfy(c -> assertThat(c.definition()).as(table.id() + "." + c.key()).isNotBlank());
      table.rows().forEach(row -> assertThat(row.keySet())
          .containsExactlyInAnyOrderElementsOf(table.columns().stream().map(OutcomeTable.Column::key).toList()));
    });
  }

  /** The value of {@code column} in the row with those fields; the row must exist (a null value is a figure). */
  static Object figure(OutcomeTable table, String column, String... keyValues) {
    return table.row(keyValues).orElseThrow(() -> new AssertionError("no row " + List.of(keyValues) + " in " + table.id()))
        .get(column);
  }

  private void appointment(String id, String site, String specialty, AppointmentKind kind, LocalDateTime start) {
    history.add(new Fact.AppointmentSeen(id, "HCHM", site, start, HisStatus.BOOKED, "p", null, DEADLINE, false, null,
        REMINDER.minus(Duration.ofDays(2))));
    history.add(new Fact.AppointmentClassified(id, specialty, kind, 30, null));
  }

  private void status(String id, String site, LocalDateTime start, HisStatus status) {
    history.add(new Fact.AppointmentSeen(id, null, site, start, status, "p", null, null, false, null, REMINDER));
  }

  private void notice(String id, NoticeChannel channel, String step, Delivery delivery, Instant at) {
    history.add(new Fact.NoticeStatus(id, channel, delivery, step, true, at));
  }

  private void decision(String id, DecisionKind kind, Instant at) {
    history.add(new Fact.DecisionMade(id, kind, at));
  }

  private void slot(String id, LocalDateTime start, int minutes, SlotStep step, Instant at) {
    history.add(new Fact.SlotEvent(id, "HCHM", start, step, at, new Fact.SlotShape("3", "Cardiología",
        AppointmentKind.NEW_CONSULTATION, minutes, start.atZone(SANTIAGO).toInstant())));
  }
}
