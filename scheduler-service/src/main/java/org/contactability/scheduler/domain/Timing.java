package org.contactability.scheduler.domain;

/**
 * How "N before the appointment" is counted. The two differ by one hour when a daylight-saving
 * change lies in between, so each policy picks one.
 */
public enum Timing {
  /** Elapsed time: "96 h before" is exactly 96 real hours before the start instant. */
  ABSOLUTE,
  /** Hospital wall clock: "96 h before" is 4 days earlier at the same local clock time. */
  WALL_CLOCK
}
