package org.contactability.console.application;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock that can be moved forward, which only the embedded platform has (its clock store registers
 * one before the console starts); a console deployed against a real cluster has none.
 */
public interface ClockControl {

  /** The platform's time now. */
  Instant now();

  /** How far ahead of real time the platform's clock is. */
  Duration offset();

  /** Moves the clock forward by {@code by} and answers the new time. */
  Instant advance(Duration by);
}
