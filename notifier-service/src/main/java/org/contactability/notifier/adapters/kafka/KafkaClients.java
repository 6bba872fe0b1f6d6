package org.contactability.notifier.adapters.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.common.kafka.KafkaClientMeters;

/**
 * Makes the notifier's Kafka clients from the deployment's client settings (Spring Boot's
 * {@code spring.kafka.*}: brokers, security). Values travel as bytes: the notifier decodes them
 * itself so that a record it cannot read goes to the dead-letter topic with its original bytes.
 * Every client's metrics (lag, request latency, errors) are published through {@link KafkaClientMeters}.
 */
public final class KafkaClients {

  private final Map<String, Object> consumerBase;
  private final Map<String, Object> producerBase;
  private final String clientIdPrefix;
  private final KafkaClientMeters meters;

  public KafkaClients(Map<String, Object> consumerBase, Map<String, Object> producerBase, String clientIdPrefix,
      KafkaClientMeters meters) {
    this.consumerBase = Map.copyOf(consumerBase);
    this.producerBase = Map.copyOf(producerBase);
    this.clientIdPrefix = clientIdPrefix;
    this.meters = meters;
  }

  /** @param groupId consumer group, or null for a consumer that assigns partitions itself */
  public Consumer<String, byte[]> consumer(String groupId, String clientId, int maxPollRecords) {
    Map<String, Object> config = new HashMap<>(consumerBase);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    if (groupId != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    String id = clientIdPrefix + "-" + clientId;
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    // The scheduler and the other services write requests in transactions: one they abort (a crash, a fenced
    // producer) must never reach a patient, and a plain consumer would read it (read_uncommitted is Kafka's default).
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return meters.bind(id, new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
  }

  public Producer<String, byte[]> producer(String clientId) {
    Map<String, Object> config = new HashMap<>(producerBase);
    String id = clientIdPrefix + "-" + clientId;
    config.put(ProducerConfig.CLIENT_ID_CONFIG, id);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
    return meters.bind(id, new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()));
  }
}
