package org.contactability.notifier.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.junit.jupiter.api.Test;

class ResilientSendingTest {

  private static ResilientSending resilience(int attempts) {
    return new ResilientSending(
        new ResilientSending.RetrySettings(attempts, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(5)),
        new ResilientSending.BreakerSettings(50, 100, 100, Duration.ofSeconds(30), 1),
        sender -> new ResilientSending.RateSettings(0, Duration.ofSeconds(1)));
  }

  private static final SendOutcome QUEUED = new SendOutcome.Accepted("SM1", DeliveryStatus.QUEUED, List.of());

  @Test
  void transient_failures_are_retried_until_one_attempt_works() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    SendOutcome outcome = resilience(5).send(Channel.SMS, "HCHM.sms", 1, () -> {
      if (calls.incrementAndGet() < 3) {
        throw new TransientSendException("20429", "Twilio: too many requests", null);
      }
      return QUEUED;
    });

    assertThat(outcome).isEqualTo(QUEUED);
    assertThat(calls).hasValue(3);
  }

  @Test
  void a_refusal_is_an_outcome_and_is_not_retried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SendOutcome refused = new SendOutcome.Rejected(DeliveryStatus.FAILED, "21211", true, "invalid number");

    assertThat(resilience(5).send(Channel.SMS, "HCHM.sms", 1, () -> {
      calls.incrementAndGet();
      return refused;
    })).isEqualTo(refused);
    assertThat(calls).hasValue(1);
  }

  @Test
  void running_out_of_attempts_gives_up_with_the_last_error_and_the_count() {
    assertThatThrownBy(() -> resilience(4).send(Channel.WHATSAPP, "HCHM.whatsapp", 1, () -> {
      throw new TransientSendException("20503", "Twilio: temporarily unavailable", null);
    })).isInstanceOfSatisfying(SendGaveUp.class, e -> {
      assertThat(e.attempts()).isEqualTo(4);
      assertThat(e.errorCode()).isEqualTo("20503");
      assertThat(e.getMessage()).isEqualTo("gave up after 4 attempts on WHATSAPP: Twilio: temporarily unavailable");
    });
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
  void a_sender_over_its_rate_gives_up_when_its_turn_does_not_come_in_time() {
    ResilientSending limited = new ResilientSending(
        new ResilientSending.RetrySettings(1, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(5)),
        new ResilientSending.BreakerSettings(50, 100, 100, Duration.ofSeconds(30), 1),
        sender -> new ResilientSending.RateSettings(0.01, Duration.ZERO));

    assertThatThrownBy(() -> limited.send(Channel.SMS, "HCHM.sms", 3, () -> QUEUED))
        .isInstanceOfSatisfying(SendGaveUp.class,
            e -> assertThat(e.getMessage()).contains("sender HCHM.sms stayed over its rate limit"));
  }
}
