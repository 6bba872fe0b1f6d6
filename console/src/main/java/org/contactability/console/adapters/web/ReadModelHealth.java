package org.contactability.console.adapters.web;

import org.contactability.console.adapters.kafka.ReadModelFeed;
import org.contactability.console.application.ReadModel;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up while the feed reads the broker; the details say whether the read model has caught up with the
 * topics' history, how much it read and kept, and how many records it could not read.
 */
public final class ReadModelHealth implements HealthIndicator {

  private final ReadModelFeed feed;
  private final ReadModel model;

  public ReadModelHealth(ReadModelFeed feed, ReadModel model) {
    this.feed = feed;
    this.model = model;
  }

  @Override
  public Health health() {
    Health.Builder health = feed.alive() ? Health.up() : Health.down();
    return health
        .withDetail("caughtUp", model.caughtUp())
        .withDetail("recordsRead", feed.records())
        .withDetail("recordsUnreadable", feed.undecodable())
        .withDetail("appointmentsKept", model.kept())
        .withDetail("timelinesKept", model.timelinesKept())
        .withDetail("outcomesKept", model.outcomesKept())
        .withDetail("lastPoll", String.valueOf(feed.lastPoll()))
        .build();
  }
}
