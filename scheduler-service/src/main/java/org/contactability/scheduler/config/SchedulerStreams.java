package org.contactability.scheduler.config;

import java.time.Duration;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs the scheduler's Kafka Streams application with the Spring context: started after the beans, closed first. */
public final class SchedulerStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SchedulerStreams.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Topology topology;
  private final Properties properties;
  private final MeterRegistry meterRegistry;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics metrics;

  public SchedulerStreams(Topology topology, Properties properties, MeterRegistry meterRegistry) {
    this.topology = topology;
    this.properties = properties;
    this.meterRegistry = meterRegistry;
  }

  @Override
  public synchronized void start() {
    if (streams != null) {
      return;
    }
    streams = new KafkaStreams(topology, properties);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("Scheduler stream thread failed; replacing it: {}", e.toString());
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
          .REPLACE_THREAD;
    });
    metrics = new KafkaStreamsMetrics(streams);
    metrics.bindTo(meterRegistry);
    streams.start();
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      metrics.close();
      streams.close(CLOSE_TIMEOUT);
      streams = null;
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /** The running application's state; NOT_RUNNING before start and after stop. */
  public KafkaStreams.State state() {
    KafkaStreams current = streams;
    return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
  }
}
