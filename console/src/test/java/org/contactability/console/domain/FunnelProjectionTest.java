package org.contactability.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FunnelProjectionTest {

  static final LocalDate TODAY = LocalDate.of(2026, 5, 4);
  static final LocalDate TOMORROW = TODAY.plusDays(1);
  static final Instant NOW = Instant.parse("2026-05-04T16:00:00Z");
  static final ReadModelBounds BOUNDS = ReadModelBounds.defaults();

  final FunnelProjection funnel = new FunnelProjection(BOUNDS);

  @Test
  void an_appointment_counts_as_booked_on_its_local_date_only() {
    apply(seen("1", "HCHM", TOMORROW.atTime(10, 0), HisStatus.BOOKED));

    assertThat(count(TOMORROW, FunnelCounts::booked)).isEqualTo(1);
    assertThat(count(TODAY, FunnelCounts::booked)).isZero();
  }

  @Test
  void the_funnel_shows_yesterday_today_and_the_next_fourteen_days() {
    Funnel snapshot = funnel.snapshot(TODAY, NOW, null);

    assertThat(snapshot.days()).hasSize(16);
    assertThat(snapshot.days().get(0).date()).isEqualTo(TODAY.minusDays(1));
    assertThat(snapshot.days().get(15).date()).isEqualTo(TODAY.plusDays(14));
    assertThat(snapshot.days()).allMatch(d -> d.counts().equals(FunnelCounts.ZERO));
  }

  @Test
  void messages_that_did_not_go_count_once_per_appointment_and_reason() {
    apply(seen("1", "HCHM", TOMORROW.atTime(10, 0), HisStatus.BOOKED),
        notSent("1", NotSentReason.TEMPORARY_FAILURE),
        notSent("1", NotSentReason.TEMPORARY_FAILURE),
        notSent("1", NotSentReason.SKIPPED),
        notSent("1", NotSentReason.NO_CONTACTABLE_CHANNEL),
        seen("2", "HCHM", TOMORROW.atTime(11, 0), HisStatus.BOOKED),
        notSent("2", NotSentReason.PERMANENT_FAILURE),
        notSent("2", NotSentReason.OPTED_OUT),
        seen("3", "HCHM", TOMORROW.atTime(12, 0), HisStatus.BOOKED),
        notSent("3", NotSentReason.SKIPPED),
        notSent("3", NotSentReason.PATIENT_UNREADABLE),
        notSent("4", NotSentReason.HOSPITAL_NOT_CONFIGURED),
        seen("4", "HXX", TOMORROW.atTime(13, 0), HisStatus.BOOKED));

    FunnelCounts counts = counts(TOMORROW, null);
    assertThat(counts.failed()).isEqualTo(new FunnelCounts.Failed(1, 1, 0));
    assertThat(counts.notSent()).isEqualTo(new FunnelCounts.NotSent(2, 1, 1, 1, 1));
  }

  @Test
  void notices_count_per_channel_once_per_appointment_and_undelivered_still_counts_as_notified() {
    apply(seen("1", "HCHM", TOMORROW.atTime(10, 0), HisStatus.BOOKED),
        notice("1", NoticeChannel.WHATSAPP, Delivery.SENT),
        notice("1", NoticeChannel.WHATSAPP, Delivery.SENT),
        notice("1", NoticeChannel.SMS, Delivery.SENT),
        notice("1", NoticeChannel.SMS, Delivery.DELIVERED),
        seen("2", "HCHM", TOMORROW.atTime(11, 0), HisStatus.BOOKED),
        notice("2", NoticeChannel.EMAIL, Delivery.NOT_SENT),
        notice("2", NoticeChannel.WHATSAPP, Delivery.READ));

    FunnelCounts counts = counts(TOMORROW, null);
    assertThat(counts.notified()).isEqualTo(new FunnelCounts.PerChannel(2, 1, 0, 0));
    assertThat(counts.delivered()).as("read implies delivered").isEqualTo(2);
    assertThat(counts.read()).isEqualTo(1);
  }

  static Stream<Arguments> outcomes() {
    Instant before = NOW.minus(Duration.ofHours(2));
    Instant after = NOW.minus(Duration.ofHours(1));
    Instant future = NOW.plus(Duration.ofHours(30));
    Instant past = NOW.minus(Duration.ofMinutes(1));
    return Stream.of(
        Arguments.of("a confirmation", HisStatus.BOOKED, null, List.of(decision(DecisionKind.CONFIRMED, before)), "confirmed"),
        Arguments.of("a confirmation the HIS holds", HisStatus.CONFIRMED, null, List.of(), "confirmed"),
        Arguments.of("confirmed, then cancelled", HisStatus.BOOKED, null,
            List.of(decision(DecisionKind.CONFIRMED, before), decision(DecisionKind.CANCELLED_BY_PATIENT, after)),
            "cancelledByPatient"),
        Arguments.of("a cancellation read before the confirmation it followed", HisStatus.BOOKED, null,
            List.of(decision(DecisionKind.CANCELLED_BY_PATIENT, after), decision(DecisionKind.CONFIRMED, before)),
            "cancelledByPatient"),
        Arguments.of("the HIS says cancelled by the patient", HisStatus.CANCELLED_BY_PATIENT, null, List.of(),
            "cancelledByPatient"),
        Arguments.of("cancelled by the hospital", HisStatus.CANCELLED_BY_HOSPITAL, null, List.of(), "cancelledByHospital"),
        Arguments.of("a hospital cancellation decided", HisStatus.BOOKED, null,
            List.of(decision(DecisionKind.CONFIRMED, before), decision(DecisionKind.CANCELLED_BY_HOSPITAL, after)),
            "cancelledByHospital"),
        Arguments.of("confirmed, then rescheduled", HisStatus.BOOKED, future,
            List.of(decision(DecisionKind.CONFIRMED, before), decision(DecisionKind.RESCHEDULED, after)), "pending"),
        Arguments.of("rescheduled, then confirmed again", HisStatus.BOOKED, future,
            List.of(decision(DecisionKind.RESCHEDULED, before), decision(DecisionKind.CONFIRMED, after)), "confirmed"),
        Arguments.of("the answer deadline passed without a decision", HisStatus.BOOKED, past, List.of(), "noAnswer"),
        Arguments.of("the answer deadline passed but the patient confirmed", HisStatus.BOOKED, past,
            List.of(decision(DecisionKind.CONFIRMED, before)), "confirmed"),
        Arguments.of("the deadline is still ahead", HisStatus.BOOKED, future, List.of(), "pending"),
        Arguments.of("a no-response decision", HisStatus.BOOKED, null, List.of(decision(DecisionKind.NO_RESPONSE, after)),
            "noAnswer"),
        Arguments.of("no deadline known", HisStatus.BOOKED, null, List.of(), "pending"));
  }

  @ParameterizedTest(name = "{0} counts as {4}")
  @MethodSource("outcomes")
  void each_appointment_has_one_outcome(String story, HisStatus status, Instant confirmUntil,
      List<Fact.DecisionMade> decisions, String expected) {
    funnel.apply(new Fact.AppointmentSeen("7", "HCHM", null, TOMORROW.atTime(9, 0), status, "p7", null, confirmUntil,
        false, null, NOW.minus(Duration.ofDays(3))), TODAY);
    decisions.forEach(d -> funnel.apply(new Fact.DecisionMade("7", d.kind(), d.at()), TODAY));

    FunnelCounts counts = counts(TOMORROW, null);
    List<Integer> outcomes = List.of(counts.confirmed(), counts.cancelledByPatient(), counts.cancelledByHospital(),
        counts.noAnswer());
    List<Integer> wanted = switch (expected) {
      case "confirmed" -> List.of(1, 0, 0, 0);
      case "cancelledByPatient" -> List.of(0, 1, 0, 0);
      case "cancelledByHospital" -> List.of(0, 0, 1, 0);
      case "noAnswer" -> List.of(0, 0, 0, 1);
      default -> List.of(0, 0, 0, 0);
    };
    assertThat(outcomes).as("confirmed, cancelled by patient, by hospital, no answer").isEqualTo(wanted);
    assertThat(counts.booked()).isEqualTo(1);
  }

  @Test
  void no_answer_appears_when_the_clock_passes_the_deadline() {
    Instant deadline = NOW.plus(Duration.ofHours(1));
    apply(new Fact.AppointmentSeen("1", "HCHM", null, TOMORROW.atTime(10, 0), HisStatus.BOOKED, null, null, deadline,
        false, null, NOW));

    assertThat(funnel.snapshot(TODAY, NOW, null).days().get(2).counts().noAnswer()).isZero();
    assertThat(funnel.snapshot(TODAY, deadline, null).days().get(2).counts().noAnswer()).isEqualTo(1);
  }

  @Test
  void facts_that_arrive_before_the_appointment_count_once_its_date_is_known() {
    apply(notice("1", NoticeChannel.WHATSAPP, Delivery.DELIVERED), new Fact.DecisionMade("1", DecisionKind.CONFIRMED, NOW));
    assertThat(funnel.snapshot(TODAY, NOW, null).days()).allMatch(d -> d.counts().equals(FunnelCounts.ZERO));

    apply(seen("1", "HCHM", TOMORROW.atTime(10, 0), HisStatus.BOOKED));

    FunnelCounts counts = counts(TOMORROW, null);
    assertThat(counts.booked()).isEqualTo(1);
    assertThat(counts.notified().whatsapp()).isEqualTo(1);
    assertThat(counts.delivered()).isEqualTo(1);
    assertThat(counts.confirmed()).isEqualTo(1);
  }

  @Test
  void a_his_row_is_filed_under_its_sites_hospital_even_when_the_site_arrives_later() {
    apply(new Fact.AppointmentSeen("1", null, "s3", TOMORROW.atTime(10, 0), HisStatus.BOOKED, "p1", null, null, false,
        null, NOW));
    assertThat(count(TOMORROW, FunnelCounts::booked, "HLS")).isZero();

    apply(new Fact.SiteSeen("s3", "HLS"));

    assertThat(count(TOMORROW, FunnelCounts::booked, "HLS")).isEqualTo(1);
    assertThat(count(TOMORROW, FunnelCounts::booked, "HCHM")).isZero();
    assertThat(funnel.snapshot(TODAY, NOW, null).hospitals()).containsExactly("HLS");
  }

  @Test
  void the_hospital_filter_counts_only_that_hospital_and_lists_them_all() {
    apply(seen("1", "HCHM", TOMORROW.atTime(10, 0), HisStatus.BOOKED),
        seen("2", "HLS", TOMORROW.atTime(10, 0), HisStatus.BOOKED),
        seen("3", "HLS", TOMORROW.atTime(11, 0), HisStatus.CONFIRMED));

    assertThat(count(TOMORROW, FunnelCounts::booked, null)).isEqualTo(3);
    assertThat(count(TOMORROW, FunnelCounts::booked, "HLS")).isEqualTo(2);
    assertThat(count(TOMORROW, FunnelCounts::confirmed, "HCHM")).isZero();
    assertThat(funnel.snapshot(TODAY, NOW, "HLS").hospitals()).containsExactly("HCHM", "HLS");
  }

  @Test
  void a_rescheduled_appointment_moves_to_its_new_day_and_a_deleted_one_leaves() {
    apply(seen("1", "HCHM", TOMORROW.atTime(10, 0), HisStatus.BOOKED),
        seen("1", "HCHM", TODAY.plusDays(3).atTime(8, 0), HisStatus.BOOKED),
        seen("2", "HCHM", TOMORROW.atTime(11, 0), HisStatus.BOOKED),
        new Fact.AppointmentSeen("2", null, null, TOMORROW.atTime(11, 0), HisStatus.BOOKED, null, null, null, true, null, NOW));

    assertThat(count(TOMORROW, FunnelCounts::booked)).isZero();
    assertThat(count(TODAY.plusDays(3), FunnelCounts::booked)).isEqualTo(1);
  }

  @Test
  void freed_slots_count_as_offered_and_refilled_on_the_slots_day() {
    LocalDateTime slot = TODAY.plusDays(2).atTime(10, 0);
    apply(new Fact.SlotEvent("s1", "HCHM", slot, SlotStep.OPENED, NOW, null),
        new Fact.SlotEvent("s1", "HCHM", slot, SlotStep.OFFERED, NOW, null),
        new Fact.SlotEvent("s1", "HCHM", slot, SlotStep.OFFERED, NOW, null),
        new Fact.SlotEvent("s2", "HCHM", slot, SlotStep.OPENED, NOW, null),
        new Fact.SlotEvent("s3", "HCHM", slot, SlotStep.OFFERED, NOW, null),
        new Fact.SlotEvent("s3", "HCHM", slot, SlotStep.BOOKED, NOW, null));

    FunnelCounts counts = counts(TODAY.plusDays(2), "HCHM");
    assertThat(counts.slotsOffered()).isEqualTo(2);
    assertThat(counts.slotsRefilled()).isEqualTo(1);
    assertThat(counts.booked()).as("slots are not appointments").isZero();
  }

  @Test
  void appointments_outside_the_kept_window_are_not_kept_and_leave_it_as_days_pass() {
    apply(seen("far", "HCHM", TODAY.plusDays(31).atTime(9, 0), HisStatus.BOOKED),
        seen("kept", "HCHM", TODAY.plusDays(30).atTime(9, 0), HisStatus.BOOKED),
        seen("old", "HCHM", TODAY.minusDays(1).atTime(9, 0), HisStatus.BOOKED));
    assertThat(funnel.size()).isEqualTo(2);

    funnel.evict(TODAY.plusDays(1), NOW.plus(Duration.ofDays(1)));

    assertThat(funnel.size()).as("yesterday's yesterday is gone").isEqualTo(1);
  }

  @Test
  void facts_about_an_appointment_never_seen_are_dropped_after_the_undated_ttl() {
    apply(notice("ghost", NoticeChannel.SMS, Delivery.SENT));
    funnel.evict(TODAY, NOW.plus(BOUNDS.undatedTtl()).minusSeconds(1));
    assertThat(funnel.size()).isEqualTo(1);

    funnel.evict(TODAY, NOW.plus(BOUNDS.undatedTtl()).plusSeconds(1));

    assertThat(funnel.size()).isZero();
  }

  @Test
  void at_most_max_appointments_are_kept_the_least_recently_touched_go_first() {
    FunnelProjection small = new FunnelProjection(new ReadModelBounds(1, 30, 14, 2, 10, 10, 10, Duration.ofDays(2), 13, 1_000_000));
    small.apply(seen("1", "HCHM", TOMORROW.atTime(9, 0), HisStatus.BOOKED), TODAY);
    small.apply(seen("2", "HCHM", TOMORROW.atTime(10, 0), HisStatus.BOOKED), TODAY);
    small.apply(notice("1", NoticeChannel.SMS, Delivery.SENT), TODAY);
    small.apply(seen("3", "HCHM", TOMORROW.atTime(11, 0), HisStatus.BOOKED), TODAY);

    FunnelCounts counts = small.snapshot(TODAY, NOW, null).days().get(2).counts();
    assertThat(counts.booked()).isEqualTo(2);
    assertThat(counts.notified().sms()).as("appointment 1 was touched after 2, so 2 went").isEqualTo(1);
  }

  private void apply(Fact... facts) {
    for (Fact fact : facts) {
      funnel.apply(fact, TODAY);
    }
  }

  @Test
  void attendance_counts_from_the_his_status_or_from_the_schedulers_decision_and_the_his_wins() {
    LocalDateTime morning = TODAY.atTime(9, 0);
    apply(seen("1", "HCHM", morning, HisStatus.ATTENDED),
        seen("2", "HCHM", morning, HisStatus.NO_SHOW),
        seen("3", "HCHM", morning, HisStatus.CONFIRMED),
        new Fact.DecisionMade("3", DecisionKind.ATTENDED, NOW),
        seen("4", "HCHM", morning, HisStatus.BOOKED),
        new Fact.DecisionMade("4", DecisionKind.NO_SHOW, NOW),
        seen("5", "HCHM", morning, HisStatus.ATTENDED),
        new Fact.DecisionMade("5", DecisionKind.NO_SHOW, NOW));

    assertThat(count(TODAY, FunnelCounts::attended)).isEqualTo(3);
    assertThat(count(TODAY, FunnelCounts::noShow)).isEqualTo(2);
  }

  private FunnelCounts counts(LocalDate day, String hospital) {
    return funnel.snapshot(TODAY, NOW, hospital).days().stream().filter(d -> d.date().equals(day)).findFirst()
        .orElseThrow().counts();
  }

  private int count(LocalDate day, ToIntFunction<FunnelCounts> metric) {
    return count(day, metric, null);
  }

  private int count(LocalDate day, ToIntFunction<FunnelCounts> metric, String hospital) {
    return metric.applyAsInt(counts(day, hospital));
  }

  static Fact.AppointmentSeen seen(String id, String hospital, LocalDateTime start, HisStatus status) {
    return new Fact.AppointmentSeen(id, hospital, null, start, status, "p" + id, null, null, false, null, NOW);
  }

  static Fact.NoticeStatus notice(String id, NoticeChannel channel, Delivery delivery) {
    return new Fact.NoticeStatus(id, channel, delivery, "reminder", true, NOW);
  }

  static Fact.NotSent notSent(String id, NotSentReason reason) {
    return new Fact.NotSent(id, reason, NOW);
  }

  static Fact.DecisionMade decision(DecisionKind kind, Instant at) {
    return new Fact.DecisionMade("7", kind, at);
  }
}
