package org.contactability.notifier.adapters.web;

import java.time.Duration;

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
 * broker answered the followers within the last minute.
 */
public final class NotifierHealth implements HealthIndicator {

  private static final Duration STUCK = Duration.ofMinutes(1);

  private final NotifierRuntime runtime;
  private final DeliveryLedger ledger;
  private final Suppressions suppressions;

  public NotifierHealth(NotifierRuntime runtime, DeliveryLedger ledger, Suppressions suppressions) {
    this.runtime = runtime;
    this.ledger = ledger;
    this.suppressions = suppressions;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    boolean up = runtime.ready() && runtime.optOuts().alive();
    for (RequestLane lane : runtime.lanes()) {
      Duration sincePoll = lane.sinceLastPoll();
      boolean laneUp = lane.alive() && sincePoll.compareTo(STUCK) < 0;
      up &= laneUp;
      health.withDetail("lane." + lane.name(), (laneUp ? "polling" : "stuck or stopped") + ", last poll "
          + sincePoll.toSeconds() + " s ago");
    }
    for (TopicFollower<?> follower : runtime.followers()) {
      Duration sinceBroker = follower.sinceBrokerContact();
      up &= follower.alive() && sinceBroker.compareTo(STUCK) < 0;
      health.withDetail("follower." + follower.topic(), follower.applied() + " read, " + follower.skipped()
          + " skipped, broker answered " + sinceBroker.toSeconds() + " s ago");
    }
    health.withDetail("ledger.requests", ledger.size()).withDetail("suppressions", suppressions.size());
    return up ? health.build() : health.down().build();
  }
}
