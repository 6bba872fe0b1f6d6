package org.contactability.notifier.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.junit.jupiter.api.Test;

class ResilientSendingTest {

  private static final Instant START = Instant.parse("2026-05-02T14:00:00Z");
  private static final SendOutcome QUEUED = new SendOutcome.Accepted("SM1", DeliveryStatus.QUEUED, List.of());

  /** Time moves only when the sender waits, so a test of hours runs in milliseconds. */
  private final AdjustableClock clock = AdjustableClock.on(Clock.fixed(START, ZoneOffset.UTC));
  private final List<Duration> waits = new ArrayList<>();

  private ResilientSending resilience(ResilientSending.BreakerSettings breaker, double perSecond) {
    return new ResilientSending(
        new ResilientSending.RetrySettings(Duration.ofSeconds(1), 2.0, 0.5, Duration.ofSeconds(30), Duration.ofHours(6)),
        breaker, sender -> new ResilientSending.RateSettings(perSecond, Duration.ZERO), clock, wait -> {
          waits.add(wait);
          clock.advance(wait);
        });
  }

  private ResilientSending resilience() {
    return resilience(new ResilientSending.BreakerSettings(50, 100, 100, Duration.ofSeconds(30), 1), 0);
  }

  private static TransientSendException unavailable() {
    return new TransientSendException("20503", "Twilio: temporarily unavailable", null);
  }

  @Test
  void transient_failures_are_retried_with_growing_jittered_waits_until_one_attempt_works() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    SendOutcome outcome = resilience().send(Channel.SMS, "HCHM.sms", 1, START.plus(Duration.ofHours(1)), () -> {
      if (calls.incrementAndGet() < 5) {
        throw new TransientSendException("20429", "Twilio: too many requests", null);
      }
      return QUEUED;
    });

    assertThat(outcome).isEqualTo(QUEUED);
    assertThat(calls).hasValue(5);
    // 1 s, 2 s, 4 s, 8 s, each within ±50 %
    assertThat(waits).hasSize(4);
    for (int i = 0; i < 4; i++) {
      long base = 1000L << i;
      assertThat(waits.get(i).toMillis()).isBetween(base / 2, base * 3 / 2);
    }
  }

  @Test
  void a_refusal_is_an_outcome_and_is_not_retried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SendOutcome refused = new SendOutcome.Rejected(DeliveryStatus.FAILED, "21211", FailureKind.PERMANENT, "invalid");

    assertThat(resilience().send(Channel.SMS, "HCHM.sms", 1, START.plusSeconds(60), () -> {
      calls.incrementAndGet();
      return refused;
    })).isEqualTo(refused);
    assertThat(calls).hasValue(1);
  }

  @Test
  void a_provider_that_stays_down_is_retried_until_the_deadline_and_then_given_up_with_the_last_error() {
    Instant deadline = START.plus(Duration.ofMinutes(10));
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> resilience().send(Channel.WHATSAPP, "HCHM.whatsapp", 1, deadline, () -> {
      calls.incrementAndGet();
      throw unavailable();
    })).isInstanceOfSatisfying(SendGaveUp.class, e -> {
      assertThat(e.attempts()).isEqualTo(calls.get());
      assertThat(e.errorCode()).isEqualTo("20503");
      assertThat(e.getMessage()).startsWith("the provider did not take it before its deadline (notAfter "
          + deadline + "): " + calls.get() + " attempts on WHATSAPP over ").endsWith("last: Twilio: temporarily unavailable");
    });
    assertThat(clock.instant()).isBefore(deadline);
    // Waits grow to 30 s at most: 10 minutes hold about 20 attempts, not thousands.
    assertThat(calls.get()).isBetween(15, 40);
    assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(45)));
  }

  @Test
  void a_message_without_a_deadline_is_retried_for_the_longest_retry_time() {
    assertThatThrownBy(() -> resilience().send(Channel.SMS, "HCHM.sms", 1, null, () -> {
      throw unavailable();
    })).isInstanceOfSatisfying(SendGaveUp.class, e -> assertThat(e.getMessage()).contains("the retry limit of PT6H"));
    assertThat(clock.instant()).isBetween(START.plus(Duration.ofHours(5)), START.plus(Duration.ofHours(6)));
  }

  @Test
  void while_a_circuit_is_open_at_most_its_trial_calls_reach_the_provider_and_sends_resume_when_it_recovers()
      throws Exception {
    ResilientSending resilience = resilience(new ResilientSending.BreakerSettings(50, 10, 10, Duration.ofSeconds(30), 2),
        0);
    Instant recovery = START.plus(Duration.ofMinutes(10));
    List<Instant> providerCalls = new ArrayList<>();

    SendOutcome outcome = resilience.send(Channel.WHATSAPP, "HCHM.whatsapp", 1, START.plus(Duration.ofHours(1)), () -> {
      providerCalls.add(clock.instant());
      if (clock.instant().isBefore(recovery)) {
        throw unavailable();
      }
      return QUEUED;
    });

    assertThat(outcome).isEqualTo(QUEUED);
    // The breaker opened after its minimum of 10 failed calls; from then on, at most 2 trial calls per 30 s.
    List<Instant> whileOpen = providerCalls.subList(10, providerCalls.size());
    for (Instant call : whileOpen) {
      long inWindow = whileOpen.stream().filter(c -> !c.isBefore(call) && c.isBefore(call.plusSeconds(30))).count();
      assertThat(inWindow).isLessThanOrEqualTo(2);
    }
    assertThat(providerCalls.get(providerCalls.size() - 1)).isBetween(recovery, recovery.plusSeconds(60));
  }

  @Test
  void rates_below_one_per_second_space_single_permits() {
    RateLimiterConfig slow = ResilientSending.limiterConfig(new ResilientSending.RateSettings(0.5, Duration.ZERO));
    RateLimiterConfig fast = ResilientSending.limiterConfig(new ResilientSending.RateSettings(80, Duration.ZERO));

    assertThat(slow.getLimitForPeriod()).isEqualTo(1);
    assertThat(slow.getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(fast.getLimitForPeriod()).isEqualTo(80);
    assertThat(fast.getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void a_sender_over_its_rate_is_retried_and_given_up_only_at_the_deadline() {
    ResilientSending limited = resilience(new ResilientSending.BreakerSettings(50, 100, 100, Duration.ofSeconds(30), 1),
        0.0001);

    assertThatThrownBy(() -> {
      limited.send(Channel.SMS, "HCHM.sms", 1, START.plusSeconds(120), () -> QUEUED);
      limited.send(Channel.SMS, "HCHM.sms", 1, START.plusSeconds(120), () -> QUEUED);
    }).isInstanceOfSatisfying(SendGaveUp.class,
        e -> assertThat(e.getMessage()).contains("sender HCHM.sms stayed over its rate limit"));
  }
}
