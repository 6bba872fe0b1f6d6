package org.contactability.platform.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicSpec;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The platform's own broker, as the fuzz suite needs it: raw bytes written where services read, and
 * whole topics read back (committed records, from the beginning to where they end now).
 */
final class PlatformTopics implements AutoCloseable {

  private final Map<String, Object> client;
  private final KafkaProducer<String, byte[]> producer;
  private final Deserializer<DeadLetter> deadLetters;

  PlatformTopics(String bootstrapServers, String registryUrl) {
    client = Map.of("bootstrap.servers", bootstrapServers);
    Map<String, Object> producerSettings = new HashMap<>(client);
    producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
    deadLetters = new AvroSerdes(Map.of("schema.registry.url", registryUrl)).forValues(DeadLetter.class)
        .deserializer();
  }

  /** Writes {@code value} as is; returns where it went. */
  RecordMetadata send(String topic, int partition, String key, byte[] value) throws Exception {
    return producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
  }

  int partitions(String topic) {
    return producer.partitionsFor(topic).size();
  }

  /** Every committed record of {@code topics} up to where they end now. */
  List<ConsumerRecord<String, byte[]>> readAll(Collection<String> topics) {
    Map<String, Object> settings = new HashMap<>(client);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition()))).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > giveUp) {
          throw new AssertionError("could not read " + topics + " to their ends within 30 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** The dead letters of {@code topics}' dead-letter topics. */
  List<DeadLetter> deadLettersOf(Collection<TopicSpec<?>> topics) {
    List<String> dlqs = topics.stream().map(TopicSpec::deadLetter).flatMap(Optional::stream).map(TopicSpec::name)
        .toList();
    return readAll(dlqs).stream().map(r -> deadLetters.deserialize(r.topic(), r.value())).toList();
  }

  @Override
  public void close() {
    producer.close();
    deadLetters.close();
  }
}
