package org.contactability.scheduler.adapters.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the scheduler did, for operators: requests by purpose and channel, skipped messages by reason,
 * decisions by type, how late after its due time each message went out, and the timer backlog: what is
 * due and not yet sent, reported by each stream task after its tick. No patient data in tags.
 */
public final class SchedulerMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer sendDelay;
  private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

  /** One task's due index after its last tick. */
  record Backlog(long overdue, Duration oldestOverdue) {
  }

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.sendDelay = Timer.builder("contactability.scheduler.send.delay")
        .description("Time from a message's due instant (platform clock) to its contact request")
        .register(registry);
    Gauge.builder("contactability.scheduler.backlog", backlogs,
            all -> all.values().stream().mapToLong(Backlog::overdue).sum())
        .description("Plans with a step due by the platform clock and not yet sent, as the last tick left them"
            + " (counted up to " + PlanProcessor.BACKLOG_COUNT_LIMIT + " per task)")
        .register(registry);
    Gauge.builder("contactability.scheduler.backlog.oldest", backlogs,
            all -> all.values().stream().mapToDouble(b -> b.oldestOverdue().toMillis() / 1000.0).max().orElse(0))
        .description("How long the oldest step still unsent has been due, as the last tick left it")
        .baseUnit("seconds")
        .register(registry);
  }

  void backlog(String task, long overdue, Duration oldestOverdue) {
    backlogs.put(task, new Backlog(overdue, oldestOverdue));
  }

  /** A task moved to another instance (or the service stops): its numbers are that instance's now. */
  void taskClosed(String task) {
    backlogs.remove(task);
  }

  void requested(String purpose, String channel, Instant due, Instant now) {
    counter("contactability.scheduler.requests", "purpose", purpose, "channel", channel).increment();
    if (!now.isBefore(due)) {
      sendDelay.record(Duration.between(due, now));
    }
  }

  /** A planned message that will not go, by its reason code (the SKIPPED status's error code). */
  void skipped(String reason) {
    counter("contactability.scheduler.skipped", "reason", reason, null, null).increment();
  }

  void decided(String type) {
    counter("contactability.scheduler.decisions", "type", type, null, null).increment();
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
