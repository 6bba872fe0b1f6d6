package org.contactability.console.domain;

import java.time.LocalDate;

/** The days, around today in the hospital's zone, that the console keeps or shows. */
public record Window(LocalDate first, LocalDate last) {

  public static Window around(LocalDate today, int daysBefore, int daysAhead) {
    return new Window(today.minusDays(daysBefore), today.plusDays(daysAhead));
  }

  public boolean contains(LocalDate date) {
    return date != null && !date.isBefore(first) && !date.isAfter(last);
  }
}
