package org.contactability.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetFileClockTest {

  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock base = new Clock() {
    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  };

  @Test
  void runsAtTheOffsetOfItsFileAndFollowsItsChanges(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("clock-offset");
    OffsetFileClock clock = OffsetFileClock.on(base, file);
    Clock inSantiago = clock.withZone(ZoneId.of("America/Santiago"));
    assertThat(clock.instant()).as("no file: real time").isEqualTo(T0);

    OffsetFileClock.write(file, Duration.ofHours(72));
    assertThat(clock.instant()).as("read again only after a while").isEqualTo(T0);
    now.set(T0.plus(OffsetFileClock.RECHECK));
    assertThat(clock.instant()).isEqualTo(T0.plus(OffsetFileClock.RECHECK).plus(Duration.ofHours(72)));
    assertThat(inSantiago.instant()).as("every view shares the offset").isEqualTo(clock.instant());

    Files.writeString(file, "not a duration");
    now.set(T0.plus(OffsetFileClock.RECHECK.multipliedBy(2)));
    assertThat(clock.instant()).as("an unreadable file leaves the last offset")
        .isEqualTo(now.get().plus(Duration.ofHours(72)));
  }
}
