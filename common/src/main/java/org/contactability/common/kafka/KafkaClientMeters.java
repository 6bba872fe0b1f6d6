package org.contactability.common.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * Publishes the metrics of plain Kafka producers and consumers (records lag, request latency,
 * errors) in a service's meter registry, as Kafka Streams services get from
 * {@code KafkaStreamsMetrics}. A client made again under the same client id (a consumer loop
 * that restarts after a failure) replaces the meters of the one before it, so a restart neither
 * leaves meters of a closed client behind nor hides the new one's. All clients share one thread
 * that picks up metrics a client adds later (Micrometer would otherwise start one per client).
 */
public final class KafkaClientMeters implements AutoCloseable {

  private final MeterRegistry registry;
  private final Map<String, KafkaClientMetrics> bound = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "kafka-client-meters");
    thread.setDaemon(true);
    return thread;
  });

  public KafkaClientMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Binds {@code consumer}'s metrics and returns it, for use where the consumer is made. */
  public <K, V> Consumer<K, V> bind(String clientId, Consumer<K, V> consumer) {
    replace(clientId, new KafkaClientMetrics(consumer, List.of(), refresher));
    return consumer;
  }

  /** Binds {@code producer}'s metrics and returns it, for use where the producer is made. */
  public <K, V> Producer<K, V> bind(String clientId, Producer<K, V> producer) {
    replace(clientId, new KafkaClientMetrics(producer, List.of(), refresher));
    return producer;
  }

  private void replace(String clientId, KafkaClientMetrics metrics) {
    KafkaClientMetrics before = bound.put(clientId, metrics);
    if (before != null) {
      before.close();
    }
    metrics.bindTo(registry);
  }

  @Override
  public void close() {
    bound.values().forEach(KafkaClientMetrics::close);
    bound.clear();
    refresher.shutdownNow();
  }
}
