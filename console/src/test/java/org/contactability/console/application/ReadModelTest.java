package org.contactability.console.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.contactability.common.time.AdjustableClock;
import org.contactability.console.domain.AppointmentSummary;
import org.contactability.console.domain.Fact;
import org.contactability.console.domain.FunnelCounts;
import org.contactability.console.domain.HisStatus;
import org.contactability.console.domain.Observation;
import org.contactability.console.domain.ReadModelBounds;
import org.contactability.console.domain.TimelineEntry;
import org.contactability.console.support.Contracts;
import org.junit.jupiter.api.Test;

class ReadModelTest {

  static final Instant NOW = Instant.parse("2026-05-04T16:00:00Z");
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  final AdjustableClock clock = AdjustableClock.on(java.time.Clock.fixed(NOW, ZoneOffset.UTC));
  final ReadModel model = new ReadModel(clock, SANTIAGO, ReadModelBounds.defaults(), Contracts.PRIVACY::rutKey);

  @Test
  void today_is_the_clocks_date_in_the_hospitals_zone() {
    AdjustableClock lateEvening = AdjustableClock.on(java.time.Clock.fixed(Instant.parse("2026-05-05T02:30:00Z"),
        ZoneOffset.UTC));

    assertThat(new ReadModel(lateEvening, SANTIAGO, ReadModelBounds.defaults(), Contracts.PRIVACY::rutKey).today())
        .as("22:30 in Santiago is still the 4th").isEqualTo(LocalDate.of(2026, 5, 4));
  }

  @Test
  void every_change_shows_in_the_next_funnel_and_moving_the_clock_moves_deadlines_and_days() {
    long before = model.version();
    assertThat(counts(LocalDate.of(2026, 5, 5)).booked()).isZero();

    model.apply(List.of(Observation.of(new Fact.AppointmentSeen("1", "HCHM", null,
        LocalDate.of(2026, 5, 5).atTime(10, 0), HisStatus.BOOKED, "p1", null, NOW.plus(Duration.ofHours(2)), false, null,
        NOW))));

    assertThat(model.version()).isGreaterThan(before);
    assertThat(counts(LocalDate.of(2026, 5, 5)).booked()).isEqualTo(1);
    assertThat(counts(LocalDate.of(2026, 5, 5)).noAnswer()).isZero();

    clock.advance(Duration.ofHours(3));

    assertThat(counts(LocalDate.of(2026, 5, 5)).noAnswer()).as("the deadline passed").isEqualTo(1);
    clock.advance(Duration.ofDays(1));
    assertThat(model.funnel(null).today()).isEqualTo(LocalDate.of(2026, 5, 5));
  }

  @Test
  void an_appointment_is_found_by_its_id_or_by_the_patients_rut_in_any_writing() {
    model.apply(List.of(
        Observation.of(new Fact.PatientSeen("p1", Contracts.PRIVACY.rutKey("12345678-5"), "*****678-5")),
        new Observation(List.of("77"), new TimelineEntry(NOW, "his.appointments", "CREATE", "Cita agendada"),
            List.of(new Fact.AppointmentSeen("77", null, "3", LocalDate.of(2026, 5, 6).atTime(10, 0), HisStatus.BOOKED,
                "p1", null, null, false, null, NOW)))));

    assertThat(model.search("77")).extracting(AppointmentSummary::appointmentId).containsExactly("77");
    assertThat(model.search("12.345.678-5")).extracting(AppointmentSummary::appointmentId).containsExactly("77");
    assertThat(model.search(" 123456785 ")).extracting(AppointmentSummary::appointmentId).containsExactly("77");
    assertThat(model.search("12.345.678-4")).as("wrong check digit").isEmpty();
  }

  @Test
  void eviction_passes_scan_the_read_model_as_often_as_its_size_allows_and_every_new_day() {
    for (int batch = 0; batch < 40; batch++) {
      List<Observation> observations = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        String id = Integer.toString(batch * 1_000 + i);
        observations.add(Observation.of(new Fact.AppointmentSeen(id, "HCHM", null,
            LocalDate.of(2026, 5, 5).atTime(10, 0), HisStatus.BOOKED, "p" + id, null, NOW.plus(Duration.ofHours(2)),
            false, null, NOW)));
      }
      model.apply(observations);
    }

    assertThat(model.evictions()).as("40,000 appointments, each kept in three projections: one pass, the first, not"
        + " one every 10,000 observations").isEqualTo(1);

    clock.advance(Duration.ofDays(1));
    model.apply(List.of(Observation.of(new Fact.PatientSeen("p1", null, null))));

    assertThat(model.evictions()).as("a new day").isEqualTo(2);
    assertThat(counts(LocalDate.of(2026, 5, 5)).booked()).as("the 5th is still kept on the 5th").isEqualTo(40_000);
  }

  private FunnelCounts counts(LocalDate day) {
    return model.funnel(null).days().stream().filter(d -> d.date().equals(day)).findFirst().orElseThrow().counts();
  }
}
