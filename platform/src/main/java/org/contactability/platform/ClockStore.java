package org.contactability.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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
    AdjustableClock clock = AdjustableClock.on(base);
    if (Files.exists(file)) {
      try {
        clock.advance(Duration.parse(Files.readString(file).trim()));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read the clock offset " + file, e);
      } catch (DateTimeParseException e) {
        throw new IllegalStateException("The clock offset file " + file + " does not hold an ISO-8601 duration;"
            + " delete it to start from real time", e);
      }
    }
    return new ClockStore(file, clock);
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
