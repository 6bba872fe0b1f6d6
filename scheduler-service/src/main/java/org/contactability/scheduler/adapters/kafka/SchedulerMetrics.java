package org.contactability.scheduler.adapters.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the scheduler did, for operators: requests by purpose and channel, decisions by type, dead
 * letters, and how late after its due time each message went out. No patient data in tags.
 */
public final class SchedulerMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer sendDelay;

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.sendDelay = Timer.builder("contactability.scheduler.send.delay")
        .description("Time from a message's due instant (platform clock) to its contact request")
        .register(registry);
  }

  void requested(String purpose, String channel, Instant due, Instant now) {
    counter("contactability.scheduler.requests", "purpose", purpose, "channel", channel).increment();
    if (!now.isBefore(due)) {
      sendDelay.record(Duration.between(due, now));
    }
  }

  void decided(String type) {
    counter("contactability.scheduler.decisions", "type", type, null, null).increment();
  }

  void deadLettered(String stage) {
    counter("contactability.scheduler.dead.letters", "stage", stage, null, null).increment();
  }

  private Counter counter(String name, String tag, String value, String tag2, String value2) {
    return counters.computeIfAbsent(name + '|' + value + '|' + value2, key -> {
      Counter.Builder builder = Counter.builder(name).tag(tag, value);
      if (tag2 != null) {
        builder.tag(tag2, value2);
      }
      return builder.register(registry);
    });
  }
}
