package org.contactability.common.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that runs with real time but can be moved forward, so that the embedded platform and its
 * tests can live "72 hours later" without waiting. Every view ({@link #withZone}) shares the same
 * offset: moving one moves all. Production uses the plain {@link WallClock} instead.
 */
public final class AdjustableClock extends ShiftedClock {

  private final AtomicReference<Duration> offset;

  private AdjustableClock(Clock base, AtomicReference<Duration> offset, ZoneId zone) {
    super(base, zone);
    this.offset = offset;
  }

  /** A clock on {@code base} (usually {@link WallClock#utc()}) with no offset yet. */
  public static AdjustableClock on(Clock base) {
    return on(base, Duration.ZERO);
  }

  /**
   * A clock {@code offset} away from {@code base}: ahead, or behind (negative), as the embedded demo starts in the
   * past to live its history forward up to real time. From there it only moves forward.
   */
  public static AdjustableClock on(Clock base, Duration offset) {
    return new AdjustableClock(base, new AtomicReference<>(Objects.requireNonNull(offset, "offset")), base.getZone());
  }

  /** Moves the clock forward; time never goes back, so that nothing already due becomes undue. */
  public Instant advance(Duration by) {
    Objects.requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward, not by " + by);
    }
    offset.accumulateAndGet(by, Duration::plus);
    return instant();
  }

  /** How far ahead of the base clock this clock is (negative: behind it). */
  public Duration offset() {
    return offset.get();
  }

  @Override
  Duration offsetAt(Instant baseNow) {
    return offset.get();
  }

  @Override
  public AdjustableClock withZone(ZoneId newZone) {
    return new AdjustableClock(base, offset, newZone);
  }

  @Override
  public String toString() {
    return "AdjustableClock[" + base + " + " + offset.get() + ", " + getZone() + "]";
  }
}
