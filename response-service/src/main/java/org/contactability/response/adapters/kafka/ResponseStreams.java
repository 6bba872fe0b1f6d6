package org.contactability.response.adapters.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
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
 * Runs the stream processor for as long as the service runs, and gives the webhooks its global stores.
 * The service is ready once the processor has reached RUNNING once: global stores are restored in full
 * before that, so that no answer is correlated against a half-read view.
 */
public final class ResponseStreams implements SmartLifecycle, StoreAnswerDirectory.StoreAccess {

  private static final Logger log = LoggerFactory.getLogger(ResponseStreams.class);

  private final Topology topology;
  private final Properties settings;
  private final Duration closeTimeout;
  private final MeterRegistry meters;
  private final Map<String, ReadOnlyKeyValueStore<String, ?>> stores = new ConcurrentHashMap<>();
  private volatile KafkaStreams streams;
  private volatile boolean hasRun;
  private KafkaStreamsMetrics streamsMetrics;

  /** @param meters where Kafka Streams' client metrics (lag, commit rate, ...) are published */
  public ResponseStreams(Topology topology, Map<String, Object> settings, Duration closeTimeout, MeterRegistry meters) {
    this.topology = topology;
    this.settings = new Properties();
    this.settings.putAll(settings);
    this.closeTimeout = closeTimeout;
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
        log.info("Stream processor running: views restored, answers are judged");
      }
      if (now == KafkaStreams.State.ERROR) {
        log.error("Stream processor failed (state ERROR): answers are neither correlated nor judged");
      }
    });
    started.setUncaughtExceptionHandler(e -> {
      log.error("Stream thread failed; replacing it", e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams = started;
    streamsMetrics = new KafkaStreamsMetrics(started);
    streamsMetrics.bindTo(meters);
    started.start();
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      streamsMetrics.close();
      streams.close(closeTimeout);
      streams = null;
      stores.clear();
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /** Whether the processor has been RUNNING since start-up (its views caught up once). */
  public boolean isReady() {
    KafkaStreams current = streams;
    return hasRun && current != null && current.state().isRunningOrRebalancing();
  }

  public KafkaStreams.State state() {
    KafkaStreams current = streams;
    return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return (ReadOnlyKeyValueStore<String, V>) stores.computeIfAbsent(name, this::lookUp);
  }

  private ReadOnlyKeyValueStore<String, Object> lookUp(String name) {
    KafkaStreams current = streams;
    if (current == null || !hasRun) {
      throw new InvalidStateStoreException("the stream processor is not running yet, store " + name + " is not ready");
    }
    return current.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
  }
}
