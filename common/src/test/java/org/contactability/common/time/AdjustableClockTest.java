package org.contactability.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class AdjustableClockTest {

  static final Instant NOW = Instant.parse("2026-04-01T12:00:00Z");

  @Test
  void advancing_moves_every_zone_view_of_the_clock() {
    AdjustableClock clock = AdjustableClock.on(Clock.fixed(NOW, ZoneOffset.UTC));
    AdjustableClock santiago = clock.withZone(ZoneId.of("America/Santiago"));

    clock.advance(Duration.ofHours(72));

    assertThat(clock.instant()).isEqualTo(NOW.plus(Duration.ofHours(72)));
    assertThat(santiago.instant()).isEqualTo(NOW.plus(Duration.ofHours(72)));
    assertThat(santiago.getZone()).isEqualTo(ZoneId.of("America/Santiago"));
    assertThat(clock.offset()).isEqualTo(Duration.ofHours(72));
  }

  @Test
  void time_never_goes_back() {
    AdjustableClock clock = AdjustableClock.on(Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> clock.advance(Duration.ofMinutes(-1))).hasMessageContaining("only moves forward");
    assertThat(clock.instant()).isEqualTo(NOW);
  }

  @Test
  void a_clock_started_in_the_past_moves_forward_to_real_time() {
    AdjustableClock clock = AdjustableClock.on(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(-21));
    assertThat(clock.instant()).isEqualTo(NOW.minus(Duration.ofDays(21)));

    clock.advance(Duration.ofDays(21));

    assertThat(clock.instant()).isEqualTo(NOW);
    assertThat(clock.offset()).isZero();
  }
}
