package org.contactability.common.time;

import java.time.Clock;

/**
 * The host's own clock, read here and nowhere else (testkit's {@code ArchitectureRules}): the clock
 * of production, the base the embedded platform's {@link AdjustableClock} moves from, and the wall
 * time a meter compares with stamps made on other machines (the HIS's commit times). Everything else
 * takes the {@link Clock} it is given.
 */
public final class WallClock {

  private WallClock() {
  }

  /** The host's clock in UTC. */
  public static Clock utc() {
    return Clock.systemUTC();
  }
}
