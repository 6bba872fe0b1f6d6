package org.contactability.waitlist.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class PacerTest {

  static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  @ParameterizedTest(name = "{0}/s, burst {1}: after {2} ms with {3} wanted -> {4}")
  @CsvSource({
      // rate, burst, elapsed ms since a drained bucket, wanted, granted
      "5, 10, 0, 100, 0",
      "5, 10, 1000, 100, 5",
      "5, 10, 1500, 100, 7",
      "5, 10, 2000, 100, 10",
      "5, 10, 60000, 100, 10",
      "5, 10, 259200000, 10000, 10",
      "5, 10, 2000, 3, 3",
      "0.5, 1, 1000, 10, 0",
      "0.5, 1, 2000, 10, 1",
  })
  void grants_at_most_rate_times_elapsed_and_never_more_than_a_burst(double rate, int burst, long elapsedMillis,
      int wanted, int granted) {
    Pacer pacer = new Pacer(rate, burst);
    Pacer.State drained = new Pacer.State(0, T0);

    Pacer.Grant grant = pacer.take(drained, T0.plusMillis(elapsedMillis), wanted);

    assertThat(grant.granted()).isEqualTo(granted);
  }

  @Property
  void over_any_run_of_ticks_sends_no_more_than_burst_plus_rate_times_time_and_keeps_going(
      @ForAll @IntRange(min = 1, max = 50) int burst, @ForAll @IntRange(min = 1, max = 20) int ratePerSecond,
      @ForAll @LongRange(min = 1, max = 5_000) long tickMillis, @ForAll @IntRange(min = 1, max = 200) int ticks) {
    Pacer pacer = new Pacer(ratePerSecond, burst);
    Pacer.State state = pacer.start(T0);
    long sent = 0;
    Instant now = T0;
    for (int i = 0; i < ticks; i++) {
      now = now.plusMillis(tickMillis);
      Pacer.Grant grant = pacer.take(state, now, Integer.MAX_VALUE);
      sent += grant.granted();
      state = grant.next();
    }
    double allowed = burst + ratePerSecond * Duration.between(T0, now).toMillis() / 1000.0;

    assertThat((double) sent).isLessThanOrEqualTo(allowed);
    long perTick = Math.min(burst, (long) Math.floor(ratePerSecond * tickMillis / 1000.0));
    assertThat(sent).as("never starved: each tick grants what its interval earned, up to a burst")
        .isGreaterThanOrEqualTo(ticks * perTick);
  }
}
