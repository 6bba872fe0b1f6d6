package org.contactability.notifier.adapters.web;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.ToIntFunction;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.contactability.contracts.common.Channel;
import org.contactability.notifier.adapters.kafka.NotifierRuntime;
import org.contactability.notifier.adapters.kafka.RequestLane;
import org.contactability.notifier.adapters.kafka.TopicFollower;
import org.contactability.notifier.application.DeliveryLedger;
import org.contactability.notifier.application.Suppressions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up when the ledger and suppression list are read, every lane, follower and the opt-out recorder
 * is running, the lanes keep polling (a lane that has not polled for a minute is stuck) and the
 * broker answered the followers within the last minute. Each channel's circuit breaker state is shown
 * but does not take the notifier down: an open circuit means a provider is failing, and restarting the
 * notifier (what a failed probe leads to) would not mend the provider; the lane says how many sends wait to try the
 * provider again (temporary failures).
 */
public final class NotifierHealth implements HealthIndicator {

  private static final Duration STUCK = Duration.ofMinutes(1);

  private final NotifierRuntime runtime;
  private final DeliveryLedger ledger;
  private final Suppressions suppressions;
  private final CircuitBreakerRegistry breakers;
  private final ToIntFunction<Channel> waiting;

  /** @param waiting sends of a channel waiting to try their provider again */
  public NotifierHealth(NotifierRuntime runtime, DeliveryLedger ledger, Suppressions suppressions,
      CircuitBreakerRegistry breakers, ToIntFunction<Channel> waiting) {
    this.runtime = runtime;
    this.ledger = ledger;
    this.suppressions = suppressions;
    this.breakers = breakers;
    this.waiting = waiting;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    boolean up = runtime.ready() && runtime.optOuts().alive();
    for (RequestLane lane : runtime.lanes()) {
      Duration sincePoll = lane.sinceLastPoll();
      boolean laneUp = lane.alive() && sincePoll.compareTo(STUCK) < 0;
      up &= laneUp;
      int retrying = lane.channels().stream().mapToInt(waiting).sum();
      health.withDetail("lane." + lane.name(), (laneUp ? "polling" : "stuck or stopped") + ", last poll "
          + sincePoll.toSeconds() + " s ago" + (retrying == 0 ? ""
              : ", " + retrying + " sends waiting for the provider (temporary failures, retried until their deadline)"));
    }
    for (TopicFollower<?> follower : runtime.followers()) {
      Duration sinceBroker = follower.sinceBrokerContact();
      up &= follower.alive() && sinceBroker.compareTo(STUCK) < 0;
      health.withDetail("follower." + follower.topic(), follower.applied() + " read, " + follower.skipped()
          + " skipped, broker answered " + sinceBroker.toSeconds() + " s ago");
    }
    breakers.getAllCircuitBreakers().stream().sorted(Comparator.comparing(CircuitBreaker::getName))
        .forEach(breaker -> health.withDetail("circuit." + breaker.getName(), describe(breaker)));
    health.withDetail("ledger.requests", ledger.size()).withDetail("suppressions", suppressions.size());
    return up ? health.build() : health.down().build();
  }

  private static String describe(CircuitBreaker breaker) {
    float failureRate = breaker.getMetrics().getFailureRate();
    // resilience4j answers -1 until the window holds its minimum number of calls
    return breaker.getState().name() + (failureRate < 0 ? ", too few calls to judge"
        : String.format(Locale.ROOT, ", %.0f %% of recent calls failed", failureRate));
  }
}
