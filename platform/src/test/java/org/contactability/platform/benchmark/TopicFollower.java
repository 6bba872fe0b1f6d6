package org.contactability.platform.benchmark;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@code read_committed} reader of some topics from their ends at start, on a thread of its own, that hands each
 * record to {@link #note} with the platform clock's time it was read at: what the next stage would see, and when.
 */
abstract class TopicFollower implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final Clock clock;
  private final Thread thread;
  private volatile boolean running = true;

  TopicFollower(String bootstrapServers, Clock clock, String name, List<String> topics) {
    this.clock = clock;
    this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = topics.stream()
        .flatMap(topic -> consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
        .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    this.thread = new Thread(this::follow, name);
  }

  /** Starts reading; call once the subclass is ready for {@link #note}. */
  final void startReading() {
    thread.start();
  }

  /** One record, read at {@code now} (platform clock, ms). */
  abstract void note(ConsumerRecord<String, byte[]> record, long now);

  private void follow() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          note(record, clock.millis());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
    consumer.close();
  }
}
