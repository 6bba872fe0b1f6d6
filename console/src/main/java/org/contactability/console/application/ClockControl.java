package org.contactability.console.application;

import java.time.Duration;
import java.time.Instant;

import org.contactability.common.time.AdjustableClock;

/**
 * A clock that can be moved forward, which only the embedded platform has (its clock store registers
 * one before the console starts); a console deployed against a real cluster has none.
 */
public interface ClockControl {

  /** The movable clock itself. */
  AdjustableClock clock();

  /** The platform's time now. */
  default Instant now() {
    return clock().instant();
  }

  /** How far ahead of real time the platform's clock is. */
  default Duration offset() {
    return clock().offset();
  }

  /** Moves the clock forward by {@code by} and answers the new time. */
  default Instant advance(Duration by) {
    return clock().advance(by);
  }
}
