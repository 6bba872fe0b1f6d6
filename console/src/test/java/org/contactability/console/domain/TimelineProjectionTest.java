package org.contactability.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimelineProjectionTest {

  static final LocalDate TODAY = LocalDate.of(2026, 5, 4);
  static final Instant T0 = Instant.parse("2026-05-04T12:00:00Z");

  final TimelineProjection timelines = new TimelineProjection(ReadModelBounds.defaults());

  @Test
  void entries_from_every_topic_are_ordered_by_time_newest_last_whatever_order_they_were_read_in() {
    apply(entry("1", T0.plusSeconds(30), "contact.status", "DELIVERED"));
    apply(entry("1", T0, "his.appointments", "CREATE"));
    apply(entry("1", T0.plusSeconds(10), "contact.requests", "BOOKING_NOTICE"));
    apply(entry("1", T0.plusSeconds(60), "appointment.decisions", "CONFIRMED"));

    assertThat(timelines.timeline("1").orElseThrow().entries()).extracting(TimelineEntry::kind)
        .containsExactly("CREATE", "BOOKING_NOTICE", "DELIVERED", "CONFIRMED");
  }

  @Test
  void entries_with_the_same_time_keep_the_order_they_were_read_in() {
    apply(entry("1", T0, "contact.status", "QUEUED"));
    apply(entry("1", T0, "contact.status", "SENT"));
    apply(entry("1", T0, "contact.status", "DELIVERED"));

    assertThat(timelines.timeline("1").orElseThrow().entries()).extracting(TimelineEntry::kind)
        .containsExactly("QUEUED", "SENT", "DELIVERED");
  }

  @Test
  void a_line_without_business_time_is_placed_by_the_skew_between_the_platform_clock_and_the_broker() {
    Instant wall = Instant.parse("2026-05-01T09:00:00Z");
    Duration platformAhead = Duration.ofHours(72);
    TimelineEntry view = new TimelineEntry(wall.plusMillis(40), "appointments", "VISTA", "vista", true);
    timelines.apply(new Observation(List.of("1"), view, List.of(), wall.plusMillis(40)), TODAY);
    assertThat(timelines.timeline("1").orElseThrow().entries().get(0).at()).as("no skew known yet: broker time")
        .isEqualTo(wall.plusMillis(40));

    timelines.apply(new Observation(List.of("1"), entry(wall.plus(platformAhead), "his.appointments", "UPDATE"), List.of(),
        wall), TODAY);
    timelines.apply(new Observation(List.of("1"), entry(wall.plus(platformAhead).plusSeconds(5), "contact.requests",
        "RESCHEDULE_NOTICE"), List.of(), wall.plusSeconds(5)), TODAY);

    List<TimelineEntry> entries = timelines.timeline("1").orElseThrow().entries();
    assertThat(entries).extracting(TimelineEntry::kind).containsExactly("UPDATE", "VISTA", "RESCHEDULE_NOTICE");
    assertThat(entries.get(1).at()).isEqualTo(wall.plus(platformAhead).plusMillis(40));
    assertThat(entries.get(1).estimated()).isTrue();
  }

  @Test
  void one_record_about_two_appointments_lands_in_both_timelines() {
    timelines.apply(new Observation(List.of("freed", "new"), new TimelineEntry(T0, "his.command.results", "APPLIED",
        "BookAppointment APPLIED"), List.of()), TODAY);

    assertThat(timelines.timeline("freed")).isPresent();
    assertThat(timelines.timeline("new")).isPresent();
  }

  @Test
  void a_timeline_keeps_its_newest_entries_and_counts_the_dropped_ones() {
    TimelineProjection small = new TimelineProjection(new ReadModelBounds(1, 30, 14, 10, 3, 10, 10, Duration.ofDays(2), 13, 1_000_000));
    for (int i = 0; i < 5; i++) {
      small.apply(entry("1", T0.plusSeconds(i), "contact.status", "S" + i), TODAY);
    }
    small.apply(entry("1", T0.minusSeconds(1), "contact.requests", "LATE_BUT_OLD"), TODAY);

    Timeline timeline = small.timeline("1").orElseThrow();
    assertThat(timeline.entries()).extracting(TimelineEntry::kind).containsExactly("S2", "S3", "S4");
    assertThat(timeline.dropped()).isEqualTo(3);
  }

  @Test
  void the_head_merges_the_his_row_and_the_enriched_view_and_masks_the_patient() {
    timelines.apply(new Observation(List.of("1"), entry(T0, "his.appointments", "CREATE"), List.of(
        new Fact.AppointmentSeen("1", null, "s3", TODAY.plusDays(2).atTime(10, 0), HisStatus.BOOKED, "p9", null, null,
            false, null, T0))), TODAY);
    timelines.apply(Observation.of(new Fact.PatientSeen("p9", "12345678-5", "*****678-5")), TODAY);

    AppointmentSummary head = timelines.timeline("1").orElseThrow().appointment();
    assertThat(head.siteId()).isEqualTo("s3");
    assertThat(head.patientId()).as("the HIS id an operator's erasure takes").isEqualTo("p9");
    assertThat(head.rut()).isEqualTo("*****678-5");
    assertThat(head.hospitalCode()).isNull();

    timelines.apply(new Observation(List.of("1"), entry(T0.plusSeconds(1), "appointments", "VISTA"), List.of(
        new Fact.AppointmentSeen("1", "HCHM", "s3", TODAY.plusDays(2).atTime(10, 0), HisStatus.CONFIRMED, "p9",
            "12345678-5", T0.plusSeconds(3600), false, new Fact.AppointmentDetails("Centro de Especialidades",
                "Medicina Interna", "Dra. Juanita Pérez Mellado", "J. D. S. C.", "chillan-cae", T0), T0))), TODAY);

    head = timelines.timeline("1").orElseThrow().appointment();
    assertThat(head.hospitalCode()).isEqualTo("HCHM");
    assertThat(head.status()).isEqualTo(HisStatus.CONFIRMED);
    assertThat(head.patient()).isEqualTo("J. D. S. C.");
    assertThat(head.siteName()).isEqualTo("Centro de Especialidades");
    assertThat(head.toString()).doesNotContain("12345678");
  }

  @Test
  void a_patients_appointments_are_found_by_rut_through_the_his_rows_or_the_view() {
    timelines.apply(Observation.of(new Fact.PatientSeen("p9", "12345678-5", "*****678-5"), new Fact.PatientSeen("p10", "9876543-3", "****543-3")),
        TODAY);
    timelines.apply(Observation.of(new Fact.AppointmentSeen("a", null, "s1", TODAY.plusDays(3).atTime(9, 0),
        HisStatus.BOOKED, "p9", null, null, false, null, T0)), TODAY);
    timelines.apply(Observation.of(new Fact.AppointmentSeen("b", "HCHM", "s1", TODAY.plusDays(1).atTime(9, 0),
        HisStatus.BOOKED, "p-unknown-row", "12345678-5", null, false, null, T0)), TODAY);
    timelines.apply(Observation.of(new Fact.AppointmentSeen("c", null, "s1", TODAY.plusDays(1).atTime(9, 0),
        HisStatus.BOOKED, "p10", null, null, false, null, T0)), TODAY);

    assertThat(timelines.byRut("12345678-5")).extracting(AppointmentSummary::appointmentId).containsExactly("b", "a");
    assertThat(timelines.byRut("11111111-1")).isEmpty();
  }

  @Test
  void timelines_outside_the_kept_window_are_dropped() {
    timelines.apply(new Observation(List.of("far"), entry(T0, "appointments", "VISTA"), List.of(
        new Fact.AppointmentSeen("far", "HCHM", null, TODAY.plusDays(45).atTime(9, 0), HisStatus.BOOKED, null, null,
            null, false, null, T0))), TODAY);
    timelines.apply(new Observation(List.of("soon"), entry(T0, "appointments", "VISTA"), List.of(
        new Fact.AppointmentSeen("soon", "HCHM", null, TODAY.plusDays(1).atTime(9, 0), HisStatus.BOOKED, null, null,
            null, false, null, T0))), TODAY);
    assertThat(timelines.timeline("far")).isEmpty();

    timelines.evict(TODAY.plusDays(3), T0.plus(Duration.ofDays(3)));

    assertThat(timelines.timeline("soon")).as("two days ago is out of the window").isEmpty();
  }

  private void apply(Observation observation) {
    timelines.apply(observation, TODAY);
  }

  static Observation entry(String id, Instant at, String topic, String kind) {
    return new Observation(List.of(id), entry(at, topic, kind), List.of());
  }

  static TimelineEntry entry(Instant at, String topic, String kind) {
    return new TimelineEntry(at, topic, kind, kind + " en " + topic);
  }
}
