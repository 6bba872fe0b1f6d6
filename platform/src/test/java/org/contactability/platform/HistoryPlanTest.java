package org.contactability.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryPlanTest {

  static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
  static final List<HistoryPlan.Professional> PROFESSIONALS = List.of(
      new HistoryPlan.Professional(1, 10, "HCHM", "Medicina Interna"),
      new HistoryPlan.Professional(2, 10, "HCHM", "Cardiología"),
      new HistoryPlan.Professional(3, 20, "HLS", "Oftalmología"));
  static final List<Long> PATIENTS = LongStream.rangeClosed(100, 399).boxed().toList();

  @Test
  void the_same_seed_gives_the_same_history_and_another_seed_another() {
    HistoryPlan.Plan plan = HistoryPlan.plan(TODAY, 3, 20, 7, PROFESSIONALS, PATIENTS, "HCHM/Medicina Interna");

    assertThat(HistoryPlan.plan(TODAY, 3, 20, 7, PROFESSIONALS, PATIENTS, "HCHM/Medicina Interna")).isEqualTo(plan);
    assertThat(HistoryPlan.plan(TODAY, 3, 20, 8, PROFESSIONALS, PATIENTS, "HCHM/Medicina Interna")).isNotEqualTo(plan);
  }

  @Test
  void appointments_fall_on_past_weekdays_in_clinic_hours_booked_ahead_within_the_history() {
    HistoryPlan.Plan plan = HistoryPlan.plan(TODAY, 3, 20, 7, PROFESSIONALS, PATIENTS, "HCHM/Medicina Interna");

    assertThat(plan.start()).isEqualTo(LocalDateTime.of(2026, 11, 15, 8, 0));
    assertThat(plan.bookings()).hasSizeBetween(180, 300).allSatisfy(booking -> {
      LocalDateTime startsAt = booking.appointment().startsAt();
      assertThat(startsAt.toLocalDate()).isAfter(plan.start().toLocalDate()).isBefore(TODAY);
      assertThat(startsAt.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      assertThat(startsAt.toLocalTime()).isBetween(LocalTime.of(8, 30), LocalTime.of(16, 30));
      assertThat(booking.bookedAt()).isAfterOrEqualTo(plan.start()).isBefore(startsAt);
      assertThat(HistoryPlan.STEPS).contains(booking.bookedAt().toLocalTime());
    });
    assertThat(plan.bookings()).extracting(HistoryPlan.Booking::bookedAt).isSorted();
    assertThat(plan.bookings()).filteredOn(b -> b.hospitalCode().equals("HCHM")
            && b.appointment().specialty().equals("Medicina Interna"))
        .as("no freed slot on the story's waiting list").isNotEmpty()
        .noneMatch(b -> b.answer() == HistoryPlan.Answer.CANCEL);
    double switchedOff = (double) plan.switchedOff().size() / PATIENTS.size();
    assertThat(switchedOff).isBetween(0.10, 0.20);
    long confirming = plan.bookings().stream().filter(b -> b.answer() == HistoryPlan.Answer.CONFIRM).count();
    assertThat((double) confirming / plan.bookings().size()).isBetween(0.52, 0.68);
  }

  @Test
  void a_patient_has_one_pending_appointment_at_a_time_and_a_professional_one_per_slot() {
    HistoryPlan.Plan plan = HistoryPlan.plan(TODAY, 3, 20, 7, PROFESSIONALS, PATIENTS, "HCHM/Medicina Interna");

    assertThat(plan.bookings()).extracting(b -> b.appointment().professionalId() + "@" + b.appointment().startsAt())
        .doesNotHaveDuplicates();
    for (HistoryPlan.Booking a : plan.bookings()) {
      for (HistoryPlan.Booking b : plan.bookings()) {
        if (a != b && a.appointment().patientId() == b.appointment().patientId()) {
          assertThat(b.bookedAt().isBefore(a.appointment().startsAt()) && a.bookedAt().isBefore(b.appointment().startsAt()))
              .as("overlapping appointments of one patient").isFalse();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}: {2} no-shows among {1}")
  @CsvSource({
      "CONFIRMED, 1000, 112", "REACHED_NO_ANSWER, 1000, 146", "NEVER_REACHED, 1000, 190",
      "CONFIRMED, 4, 0", "CONFIRMED, 5, 1", "NEVER_REACHED, 2, 0", "NEVER_REACHED, 3, 1", "NEVER_REACHED, 8, 2"})
  void clerks_meet_each_groups_rate_as_closely_as_its_count_allows(HistoryPlan.Group group, int marked, int noShows) {
    HistoryPlan.Clerks clerks = new HistoryPlan.Clerks();
    int counted = 0;
    for (int i = 0; i < marked; i++) {
      counted += clerks.noShow(group) ? 1 : 0;
    }
    assertThat(counted).isEqualTo(noShows);
  }

  @Test
  void no_show_rates_rise_from_confirmed_to_no_answer_to_never_reached() {
    assertThat(HistoryPlan.Group.CONFIRMED.noShowRate).isLessThan(HistoryPlan.Group.REACHED_NO_ANSWER.noShowRate);
    assertThat(HistoryPlan.Group.REACHED_NO_ANSWER.noShowRate).isLessThan(HistoryPlan.Group.NEVER_REACHED.noShowRate);
  }
}
