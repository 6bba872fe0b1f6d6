package org.contactability.hisconnector.adapters.kafka;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.hisconnector.application.CaptureTopics;
import org.contactability.hisconnector.application.ChangeSink;
import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;

/**
 * Publishes canonical changes and dead letters with one idempotent producer. Values are serialised
 * here, with each topic's serde, so that one producer of bytes serves every topic.
 */
public final class KafkaChangeSink implements ChangeSink {

  /**
   * The capture producer's settings on top of {@code base} (e.g. Spring's producer properties):
   * idempotent with {@code acks=all} always; linger, batch size and compression unless {@code base}
   * sets them. Every Debezium batch ends with {@link #flush()}, which sends at once what lingers, so
   * a long linger adds no latency: it only lets the records of a batch fill larger producer batches.
   */
  public static Map<String, Object> producerSettings(Map<String, Object> base) {
    Map<String, Object> config = new HashMap<>(base);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 100);
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // Fewer bytes for the broker to write and replicate (docs/benchmarks.md).
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return config;
  }

  private final Producer<String, byte[]> producer;
  private final Map<HisEntity, String> topics = new EnumMap<>(HisEntity.class);
  private final Map<HisEntity, String> deadLetterTopics = new EnumMap<>(HisEntity.class);
  private final Map<HisEntity, Serializer<SpecificRecord>> serializers = new EnumMap<>(HisEntity.class);
  private final Serializer<DeadLetter> deadLetterSerializer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Callback callback = (metadata, exception) -> {
    if (exception != null) {
      failure.compareAndSet(null, exception);
    }
  };

  @SuppressWarnings("unchecked")
  public KafkaChangeSink(Producer<String, byte[]> producer, AvroSerdes serdes, TopicNaming naming) {
    this.producer = producer;
    for (HisEntity entity : HisEntity.values()) {
      TopicSpec<?> topic = CaptureTopics.of(entity);
      topics.put(entity, naming.name(topic));
      deadLetterTopics.put(entity, naming.deadLetterName(topic));
      serializers.put(entity, (Serializer<SpecificRecord>) serdes.forValues(topic).serializer());
    }
    this.deadLetterSerializer = serdes.forValues(DeadLetter.class).serializer();
  }

  @Override
  public void publish(HisEntity entity, String key, SpecificRecord envelope) {
    String topic = topics.get(entity);
    producer.send(new ProducerRecord<>(topic, key, serializers.get(entity).serialize(topic, envelope)), callback);
  }

  @Override
  public void tombstone(HisEntity entity, String key) {
    producer.send(new ProducerRecord<>(topics.get(entity), key, null), callback);
  }

  @Override
  public void deadLetter(HisEntity entity, DeadLetter deadLetter) {
    String topic = deadLetterTopics.get(entity);
    producer.send(new ProducerRecord<>(topic, deadLetter.getKey(), deadLetterSerializer.serialize(topic, deadLetter)),
        callback);
  }

  @Override
  public void flush() {
    producer.flush();
    Exception failed = failure.getAndSet(null);
    if (failed != null) {
      throw new IllegalStateException("Publishing HIS changes to Kafka failed: " + failed.getMessage(), failed);
    }
  }
}
