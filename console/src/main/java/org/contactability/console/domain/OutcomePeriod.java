package org.contactability.console.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/** How the outcomes group appointments by their local date: ISO weeks (Monday to Sunday) or calendar months. */
public enum OutcomePeriod {
  WEEK, MONTH;

  /** The first day of the period {@code date} falls in. */
  public LocalDate start(LocalDate date) {
    return this == WEEK ? date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : date.withDayOfMonth(1);
  }

  public LocalDate next(LocalDate start) {
    return this == WEEK ? start.plusWeeks(1) : start.plusMonths(1);
  }

  /** "2026-W18" or "2026-05": sorts as the periods do. */
  public String label(LocalDate start) {
    return this == WEEK
        ? String.format("%d-W%02d", start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
        : String.format("%d-%02d", start.getYear(), start.getMonthValue());
  }
}
