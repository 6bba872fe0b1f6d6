package org.contactability.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.contactability.common.time.AdjustableClock;
import org.contactability.console.application.ClockControl;

/**
 * The platform's one clock, whose offset is kept in the data directory: after a restart on the
 * same data, time goes on from where it was moved to instead of jumping back (plans already sent
 * would otherwise look not yet due).
 */
public final class ClockStore implements ClockControl {

  private final Path file;
  private final AdjustableClock clock;

  private ClockStore(Path file, AdjustableClock clock) {
    this.file = file;
    this.clock = clock;
  }

  public static ClockStore open(Path file, Clock base) {
    return open(file, base, Duration.ZERO);
  }

  /**
   * The clock at its saved offset, or else at {@code offset} from {@code base} (negative: in the past, for the demo's
   * history, which then moves it forward to real time).
   */
  public static ClockStore open(Path file, Clock base, Duration offset) {
    return new ClockStore(file, AdjustableClock.on(base, savedOffset(file).orElse(offset)));
  }

  /** Whether an earlier start saved an offset (the clock was moved on this data directory). */
  public static boolean hasSavedOffset(Path file) {
    return Files.exists(file);
  }

  private static Optional<Duration> savedOffset(Path file) {
    if (Files.exists(file)) {
      try {
        return Optional.of(Duration.parse(Files.readString(file).trim()));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read the clock offset " + file, e);
      } catch (DateTimeParseException e) {
        throw new IllegalStateException("The clock offset file " + file + " does not hold an ISO-8601 duration;"
            + " delete it to start from real time", e);
      }
    }
    return Optional.empty();
  }

  @Override
  public AdjustableClock clock() {
    return clock;
  }

  /** Moves the clock forward and remembers the new offset. */
  @Override
  public synchronized Instant advance(Duration by) {
    Instant now = clock.advance(by);
    try {
      Files.writeString(file, clock.offset().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the clock offset " + file, e);
    }
    return now;
  }
}
