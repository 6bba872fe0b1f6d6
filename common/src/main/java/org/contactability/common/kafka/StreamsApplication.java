package org.contactability.common.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a service's Kafka Streams application for as long as its Spring context: started after the beans
 * (topics are provisioned by then), stopped before they close. A stream thread that fails is replaced;
 * Kafka Streams' client metrics (lag, commit rate, ...) go to the registry while it runs. The application
 * is ready once it has reached RUNNING once: stores are restored in full before that, so that nothing is
 * read from a half-restored store.
 */
public final class StreamsApplication implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StreamsApplication.class);

  /**
   * @param name         how logs name the application (e.g. "scheduler")
   * @param closeTimeout how long a stop waits for the threads to finish their work
   * @param leaveGroup   whether a stop leaves the consumer group, so that other instances take over its
   *                     partitions at once instead of after the session timeout
   */
  public record Lifecycle(String name, Duration closeTimeout, boolean leaveGroup) {
  }

  private final Topology topology;
  private final Properties settings;
  private final Lifecycle lifecycle;
  private final MeterRegistry meters;
  private final Map<String, ReadOnlyKeyValueStore<String, ?>> stores = new ConcurrentHashMap<>();
  private volatile KafkaStreams streams;
  private volatile boolean hasRun;
  private KafkaStreamsMetrics streamsMetrics;

  public StreamsApplication(Topology topology, Map<?, ?> settings, Lifecycle lifecycle, MeterRegistry meters) {
    this.topology = topology;
    this.settings = new Properties();
    this.settings.putAll(settings);
    this.lifecycle = lifecycle;
    this.meters = meters;
  }

  @Override
  public synchronized void start() {
    if (streams != null) {
      return;
    }
    KafkaStreams started = new KafkaStreams(topology, settings);
    started.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING && !hasRun) {
        hasRun = true;
        log.info("{} stream processor running: its stores are restored", lifecycle.name());
      }
      if (now == KafkaStreams.State.ERROR) {
        log.error("{} stream processor failed (state ERROR)", lifecycle.name());
      }
    });
    started.setUncaughtExceptionHandler(e -> {
      log.error("{} stream thread failed; replacing it", lifecycle.name(), e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams = started;
    streamsMetrics = new KafkaStreamsMetrics(started);
    streamsMetrics.bindTo(meters);
    started.start();
  }

  @Override
  public synchronized void stop() {
    if (streams == null) {
      return;
    }
    streamsMetrics.close();
    if (lifecycle.leaveGroup()) {
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(lifecycle.closeTimeout()));
    } else {
      streams.close(lifecycle.closeTimeout());
    }
    streams = null;
    stores.clear();
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /** The application's state; NOT_RUNNING before start and after stop. */
  public KafkaStreams.State state() {
    KafkaStreams current = streams;
    return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
  }

  /** Whether it has been RUNNING since the start (its stores restored once) and still runs or rebalances. */
  public boolean isReady() {
    KafkaStreams current = streams;
    return hasRun && current != null && current.state().isRunningOrRebalancing();
  }

  /**
   * A key-value store of this instance (a global store, or the partitions this instance holds).
   *
   * @throws InvalidStateStoreException before the application is ready
   */
  @SuppressWarnings("unchecked")
  public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return (ReadOnlyKeyValueStore<String, V>) stores.computeIfAbsent(name, this::lookUp);
  }

  private ReadOnlyKeyValueStore<String, Object> lookUp(String name) {
    KafkaStreams current = streams;
    if (current == null || !hasRun) {
      throw new InvalidStateStoreException("the " + lifecycle.name() + " stream processor is not running yet, store "
          + name + " is not ready");
    }
    return current.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
  }
}
