package org.contactability.common.time;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A clock that runs with real time at an offset read from a file ({@link Duration} text, e.g. {@code PT72H}), so that
 * several processes move together when the file changes: the local cluster's services ({@code bin/cluster}), whose
 * tests and demos live "72 hours later" as the embedded platform's {@link AdjustableClock} does in one JVM. The file
 * is read again at most every {@link #RECHECK}; a missing file is no offset, an unreadable one leaves the last offset.
 * Production uses the plain {@link WallClock}.
 */
public final class OffsetFileClock extends Clock {

  static final Duration RECHECK = Duration.ofMillis(200);

  private final Clock base;
  private final Offset offset;
  private final ZoneId zone;

  private OffsetFileClock(Clock base, Offset offset, ZoneId zone) {
    this.base = base;
    this.offset = offset;
    this.zone = zone;
  }

  /** A clock on {@code base} at the offset {@code file} holds. */
  public static OffsetFileClock on(Clock base, Path file) {
    return new OffsetFileClock(base, new Offset(file), base.getZone());
  }

  /** Writes {@code offset} for every clock that reads {@code file} (through a move, so no reader sees half of it). */
  public static void write(Path file, Duration offset) throws IOException {
    Path written = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(written, offset.toString());
    Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public Instant instant() {
    Instant now = base.instant();
    return now.plus(offset.at(now));
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public OffsetFileClock withZone(ZoneId newZone) {
    return new OffsetFileClock(base, offset, newZone);
  }

  /** The file's offset, shared by every view of one clock. */
  private static final class Offset {
    private final Path file;
    private volatile Duration value = Duration.ZERO;
    private volatile Instant readAt = Instant.MIN;

    Offset(Path file) {
      this.file = file;
    }

    Duration at(Instant now) {
      if (Duration.between(readAt, now).compareTo(RECHECK) >= 0 || now.isBefore(readAt)) {
        readAt = now;
        try {
          value = Files.exists(file) ? Duration.parse(Files.readString(file).trim()) : Duration.ZERO;
        } catch (IOException | DateTimeParseException e) {
          // Being written or damaged: the last offset holds until the next look.
        }
      }
      return value;
    }
  }
}
