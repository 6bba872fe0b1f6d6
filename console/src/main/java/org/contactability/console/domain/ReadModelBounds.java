package org.contactability.console.domain;

import java.time.Duration;
import java.time.LocalDate;

/**
 * How much the console's read model keeps, so that its memory stays bounded whatever the traffic.
 *
 * @param daysBefore         days before today kept and shown (1: yesterday)
 * @param keepDaysAhead      days after today kept; longer than shown so that an appointment booked
 *                           weeks ahead is already counted when it comes into view
 * @param showDaysAhead      days after today the funnel shows
 * @param maxAppointments    appointments (and, separately, freed slots and timelines) kept at most
 * @param maxTimelineEntries entries kept per timeline; older ones are dropped first
 * @param maxPatients        patients whose RUT is kept for search
 * @param maxDeadLetters     dead letters kept; older ones are dropped first
 * @param undatedTtl         how long facts about an appointment of unknown date are kept
 * @param outcomeMonths      months before this one whose appointments the outcomes keep
 * @param maxOutcomes        appointments (and, separately, freed slots) the outcomes keep at most
 */
public record ReadModelBounds(int daysBefore, int keepDaysAhead, int showDaysAhead, int maxAppointments,
    int maxTimelineEntries, int maxPatients, int maxDeadLetters, Duration undatedTtl, int outcomeMonths,
    int maxOutcomes) {

  public ReadModelBounds {
    if (daysBefore < 0 || showDaysAhead < 0 || keepDaysAhead < showDaysAhead) {
      throw new IllegalArgumentException("the kept window must hold the shown one: days before " + daysBefore
          + ", kept ahead " + keepDaysAhead + ", shown ahead " + showDaysAhead);
    }
    if (maxAppointments < 1 || maxTimelineEntries < 1 || maxPatients < 1 || maxDeadLetters < 1 || maxOutcomes < 1
        || outcomeMonths < 0) {
      throw new IllegalArgumentException("every maximum must be at least 1");
    }
  }

  public static ReadModelBounds defaults() {
    return new ReadModelBounds(1, 30, 14, 100_000, 60, 200_000, 1_000, Duration.ofDays(2), 13, 1_000_000);
  }

  public Window kept(LocalDate today) {
    return Window.around(today, daysBefore, keepDaysAhead);
  }

  public Window shown(LocalDate today) {
    return Window.around(today, daysBefore, showDaysAhead);
  }
}
