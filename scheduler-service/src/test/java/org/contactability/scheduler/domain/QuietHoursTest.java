package org.contactability.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.contactability.scheduler.domain.Profiles.SANTIAGO;
import static org.contactability.scheduler.domain.Profiles.at;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  /** The policies' late grace: how far before the quiet hours an advanced message goes. */
  private static final Duration LEAD = Duration.ofMinutes(15);
  private static final QuietHours NIGHT_DEFER = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), QuietMove.DEFER);
  private static final QuietHours NIGHT_ADVANCE =
      new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), QuietMove.ADVANCE);

  @ParameterizedTest(name = "{0} quiet: {1}")
  @CsvSource({"20:59,false", "21:00,true", "23:59,true", "00:00,true", "07:59,true", "08:00,false", "12:00,false"})
  void the_night_is_quiet_from_nine_pm_to_eight_am(String time, boolean quiet) {
    assertThat(NIGHT_DEFER.contains(LocalTime.parse(time))).isEqualTo(quiet);
  }

  @ParameterizedTest(name = "due {0}: defer to {1}, advance to {2}, a late grace before nine")
  @CsvSource({
      "2026-05-08T22:30, 2026-05-09T08:00, 2026-05-08T20:45",
      "2026-05-09T02:00, 2026-05-09T08:00, 2026-05-08T20:45",
      "2026-05-09T12:00, 2026-05-09T12:00, 2026-05-09T12:00"})
  void a_quiet_time_moves_the_way_the_policy_says(String due, String deferred, String advanced) {
    Instant dueAt = at(LocalDateTime.parse(due));
    Instant earliest = at(LocalDateTime.parse("2026-05-01T00:00"));
    Instant latest = at(LocalDateTime.parse("2026-05-20T00:00"));

    assertThat(NIGHT_DEFER.place(dueAt, earliest, latest, SANTIAGO, LEAD)).contains(at(LocalDateTime.parse(deferred)));
    assertThat(NIGHT_ADVANCE.place(dueAt, earliest, latest, SANTIAGO, LEAD)).contains(at(LocalDateTime.parse(advanced)));
  }

  @Test
  void when_the_preferred_move_leaves_the_window_the_other_one_is_taken() {
    Instant due = at(LocalDateTime.parse("2026-05-08T22:30"));

    assertThat(NIGHT_DEFER.place(due, at(LocalDateTime.parse("2026-05-08T12:00")),
        at(LocalDateTime.parse("2026-05-09T07:00")), SANTIAGO, LEAD)).contains(at(LocalDateTime.parse("2026-05-08T20:45")));
  }

  @Test
  void when_no_move_fits_nothing_is_sent() {
    Instant due = at(LocalDateTime.parse("2026-05-08T22:30"));

    assertThat(NIGHT_DEFER.place(due, due, at(LocalDateTime.parse("2026-05-09T07:00")), SANTIAGO, LEAD)).isEmpty();
  }

  @Test
  void daytime_quiet_hours_work_too() {
    QuietHours lunch = new QuietHours(LocalTime.of(13, 0), LocalTime.of(14, 0), QuietMove.DEFER);

    assertThat(lunch.contains(LocalTime.of(13, 30))).isTrue();
    assertThat(lunch.contains(LocalTime.of(14, 0))).isFalse();
    assertThat(lunch.contains(LocalTime.of(12, 59))).isFalse();
  }

  @Test
  void equal_start_and_end_are_refused() {
    assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON, QuietMove.DEFER))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
