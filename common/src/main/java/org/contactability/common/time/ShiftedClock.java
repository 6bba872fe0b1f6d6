package org.contactability.common.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A clock that runs with its base clock at an offset; a subclass says where the offset comes from (moved in this JVM,
 * or read from a file several processes share).
 */
abstract class ShiftedClock extends Clock {

  final Clock base;
  private final ZoneId zone;

  ShiftedClock(Clock base, ZoneId zone) {
    this.base = base;
    this.zone = zone;
  }

  /** The offset to add to {@code baseNow}, the base clock's reading. */
  abstract Duration offsetAt(Instant baseNow);

  @Override
  public Instant instant() {
    Instant now = base.instant();
    return now.plus(offsetAt(now));
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }
}
