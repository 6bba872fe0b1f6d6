package org.contactability.console.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.contactability.common.time.AdjustableClock;
import org.contactability.console.application.ClockControl;

/** The clock control the embedded platform hands the console (its ClockStore), without the file that keeps the offset. */
public final class MovableClock implements ClockControl {

  private final AdjustableClock clock;

  public MovableClock(Clock base) {
    this.clock = AdjustableClock.on(base);
  }

  /** The clock itself, for the console's {@code Clock} bean. */
  public AdjustableClock clock() {
    return clock;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Duration offset() {
    return clock.offset();
  }

  @Override
  public Instant advance(Duration by) {
    return clock.advance(by);
  }
}
