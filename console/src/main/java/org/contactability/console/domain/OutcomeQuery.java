package org.contactability.console.domain;

import java.time.LocalDate;

/**
 * Which appointments the outcomes count and how they are grouped. Every filter is optional (null: all).
 *
 * @param siteId HIS id of the site
 * @param from   first local date counted, inclusive
 * @param to     last local date counted, inclusive
 */
public record OutcomeQuery(OutcomePeriod period, String hospital, String specialty, String siteId, AppointmentKind kind,
    LocalDate from, LocalDate to) {

  public OutcomeQuery {
    if (period == null) {
      throw new IllegalArgumentException("a period (week or month) is needed");
    }
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("the last date " + to + " is before the first " + from);
    }
  }

  public static OutcomeQuery all(OutcomePeriod period) {
    return new OutcomeQuery(period, null, null, null, null, null, null);
  }

  boolean holds(LocalDate date, String hospital, String specialty, String siteId, AppointmentKind kind) {
    return (this.hospital == null || this.hospital.equals(hospital))
        && (this.specialty == null || this.specialty.equals(specialty))
        && (this.siteId == null || this.siteId.equals(siteId))
        && (this.kind == null || this.kind == kind)
        && (from == null || !date.isBefore(from))
        && (to == null || !date.isAfter(to));
  }
}
