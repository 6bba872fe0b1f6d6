package org.contactability.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanishWordingTest {

  @ParameterizedTest(name = "{0} two-digit={1} -> {2}")
  @CsvSource({
      "2026-05-06, true, 06 de mayo",
      "2026-05-06, false, 6 de mayo",
      "2026-09-18, true, 18 de septiembre",
      "2026-12-01, false, 1 de diciembre"})
  void dates_are_written_as_the_hospitals_write_them(LocalDate date, boolean twoDigitDay, String expected) {
    assertThat(SpanishWording.dayAndMonth(date, twoDigitDay)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"10:00, 10:00", "08:05, 08:05", "16:30, 16:30"})
  void times_use_the_24_hour_clock_with_two_digit_hours(LocalTime time, String expected) {
    assertThat(SpanishWording.time(time)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' {1} -> {2}")
  @CsvSource(value = {
      "Dra.|Juanita Pérez Mellado|la Dra. Juanita Pérez Mellado",
      "Dr.|Pedro Soto|el Dr. Pedro Soto",
      "dr|Pedro Soto|el Dr. Pedro Soto",
      "DRA|Ana Rojas|la Dra. Ana Rojas",
      "Sra.|Ana Rojas|la Sra. Ana Rojas",
      "Mat.|Ana Rojas|Mat. Ana Rojas",
      "|Ana Rojas|Ana Rojas"}, delimiter = '|')
  void the_professional_takes_the_article_of_the_title(String title, String name, String expected) {
    assertThat(SpanishWording.professional(title, name)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"2026-05-06, miércoles", "2026-05-10, domingo"})
  void weekdays_are_spanish_and_lower_case(LocalDate date, String expected) {
    assertThat(SpanishWording.weekday(date)).isEqualTo(expected);
  }

  @Test
  void every_date_and_time_is_written_as_the_jdks_es_cl_formatter_writes_it() {
    DateTimeFormatter twoDigitDay = DateTimeFormatter.ofPattern("dd 'de' MMMM", SpanishWording.ES_CL);
    DateTimeFormatter plainDay = DateTimeFormatter.ofPattern("d 'de' MMMM", SpanishWording.ES_CL);
    DateTimeFormatter weekday = DateTimeFormatter.ofPattern("EEEE", SpanishWording.ES_CL);
    for (LocalDate date = LocalDate.of(2027, 1, 1); date.isBefore(LocalDate.of(2029, 1, 1)); date = date.plusDays(1)) {
      assertThat(SpanishWording.dayAndMonth(date, true)).isEqualTo(twoDigitDay.format(date));
      assertThat(SpanishWording.dayAndMonth(date, false)).isEqualTo(plainDay.format(date));
      assertThat(SpanishWording.weekday(date)).isEqualTo(weekday.format(date));
    }
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm", SpanishWording.ES_CL);
    for (int minute = 0; minute < 24 * 60; minute++) {
      LocalTime time = LocalTime.ofSecondOfDay(minute * 60L + 59);
      assertThat(SpanishWording.time(time)).isEqualTo(clock.format(time));
    }
  }
}
