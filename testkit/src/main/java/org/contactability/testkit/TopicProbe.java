package org.contactability.testkit;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic of the shared broker from its beginning until the records seen so far satisfy a
 * condition, or fails with a message that lists what it did see. Uses no consumer group, so it
 * neither waits for a rebalance nor disturbs the consumers under test.
 *
 * <pre>{@code
 * List<ConsumerRecord<String, ContactRequest>> requests =
 *         TopicProbe.on(prefix + "contact-requests", keys, values).readAtLeast(2);
 * }</pre>
 */
public final class TopicProbe<K, V> {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final int RECORDS_SHOWN = 50;
  private static final int VALUE_CHARACTERS_SHOWN = 300;

  private final String topic;
  private final Deserializer<K> keyDeserializer;
  private final Deserializer<V> valueDeserializer;
  private final Duration timeout;
  private final boolean committedOnly;

  private TopicProbe(String topic, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
      Duration timeout, boolean committedOnly) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
    this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
    this.timeout = timeout;
    this.committedOnly = committedOnly;
  }

  /** A probe on a topic that waits up to 30 s and sees committed records only. */
  public static <K, V> TopicProbe<K, V> on(String topic, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
    return new TopicProbe<>(topic, keyDeserializer, valueDeserializer, Duration.ofSeconds(30), true);
  }

  /** The same probe with another time limit. */
  public TopicProbe<K, V> within(Duration timeout) {
    return new TopicProbe<>(topic, keyDeserializer, valueDeserializer, timeout, committedOnly);
  }

  /** The same probe, also seeing records of open and aborted transactions. */
  public TopicProbe<K, V> includingUncommitted() {
    return new TopicProbe<>(topic, keyDeserializer, valueDeserializer, timeout, false);
  }

  /**
   * Reads until the records seen so far (in arrival order; ordered within each partition)
   * satisfy the condition, and returns them.
   *
   * @param expectation what the condition means, for the failure message ("two reminders for cita 7")
   * @throws AssertionError if the time limit passes first
   */
  public List<ConsumerRecord<K, V>> readUntil(String expectation, Predicate<List<ConsumerRecord<K, V>>> condition) {
    List<ConsumerRecord<K, V>> seen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<K, V> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!condition.test(List.copyOf(seen))) {
        if (System.nanoTime() >= deadline) {
          throw new AssertionError(failure(expectation, seen));
        }
        consumer.poll(POLL).forEach(seen::add);
      }
    }
    return List.copyOf(seen);
  }

  /** Reads until at least {@code count} records arrived; returns all records seen. */
  public List<ConsumerRecord<K, V>> readAtLeast(int count) {
    return readUntil("at least " + count + " record(s)", records -> records.size() >= count);
  }

  /** Reads until a record matches; returns that record. */
  public ConsumerRecord<K, V> readFirstMatching(String expectation, Predicate<ConsumerRecord<K, V>> match) {
    return readUntil(expectation, records -> records.stream().anyMatch(match)).stream()
        .filter(match).findFirst().orElseThrow();
  }

  /**
   * Reads for the whole time limit and returns everything seen; for checks that something did
   * <em>not</em> arrive. Give it a short {@link #within(Duration)}.
   */
  public List<ConsumerRecord<K, V>> readAll() {
    List<ConsumerRecord<K, V>> seen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<K, V> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (System.nanoTime() < deadline) {
        consumer.poll(POLL).forEach(seen::add);
      }
    }
    return List.copyOf(seen);
  }

  private KafkaConsumer<K, V> consumer() {
    Map<String, Object> properties = SharedKafka.clientProperties();
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "topic-probe-" + topic);
    // The consumer closes its deserializers; the caller's may still be in use elsewhere.
    return new KafkaConsumer<>(properties, notClosing(keyDeserializer), notClosing(valueDeserializer));
  }

  private static <T> Deserializer<T> notClosing(Deserializer<T> deserializer) {
    return new Deserializer<>() {
      @Override
      public T deserialize(String topic, byte[] data) {
        return deserializer.deserialize(topic, data);
      }

      @Override
      public T deserialize(String topic, Headers headers, byte[] data) {
        return deserializer.deserialize(topic, headers, data);
      }

      @Override
      public T deserialize(String topic, Headers headers, ByteBuffer data) {
        return deserializer.deserialize(topic, headers, data);
      }

      @Override
      public void close() {
      }
    };
  }

  private List<TopicPartition> partitions(KafkaConsumer<K, V> consumer, long deadline) {
    while (true) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, POLL.multipliedBy(5));
      } catch (TimeoutException e) {
        infos = List.of();
      }
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
      }
      if (System.nanoTime() >= deadline) {
        throw new AssertionError("Topic '" + topic + "' does not exist on the shared broker"
            + " (topics are not created on first use: create it with SharedKafka.createTopic or the catalogue)");
      }
    }
  }

  private String failure(String expectation, List<ConsumerRecord<K, V>> seen) {
    StringBuilder message = new StringBuilder()
        .append("Topic '").append(topic).append("' did not show ").append(expectation)
        .append(" within ").append(timeout.toMillis()).append(" ms (")
        .append(committedOnly ? "committed records only" : "including uncommitted records")
        .append("). Saw ").append(seen.size()).append(" record(s)").append(seen.isEmpty() ? "." : ":");
    seen.stream().limit(RECORDS_SHOWN).forEach(record -> message.append(System.lineSeparator())
        .append("  partition ").append(record.partition()).append(" offset ").append(record.offset())
        .append(" key=").append(shorten(record.key()))
        .append(" value=").append(shorten(record.value())));
    if (seen.size() > RECORDS_SHOWN) {
      message.append(System.lineSeparator()).append("  ... and ").append(seen.size() - RECORDS_SHOWN).append(" more");
    }
    return message.toString();
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value);
    return text.length() <= VALUE_CHARACTERS_SHOWN ? text : text.substring(0, VALUE_CHARACTERS_SHOWN) + "…";
  }
}
