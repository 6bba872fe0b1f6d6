package org.contactability.console.adapters.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.console.application.DeadLetterReplays;

/**
 * Republishes a dead letter's original bytes, key and headers to its source topic, marked with the
 * replay header, and waits for the broker's acknowledgement.
 */
public final class KafkaRepublisher implements DeadLetterReplays.Republisher, AutoCloseable {

  private static final long ACK_TIMEOUT_SECONDS = 15;

  private final KafkaProducer<String, byte[]> producer;

  /** @param producerProperties client settings (bootstrap servers, security) */
  public KafkaRepublisher(Map<String, Object> producerProperties) {
    Map<String, Object> settings = new java.util.HashMap<>(producerProperties);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "console-replay");
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public DeadLetterReplays.Published republish(String topic, String key, byte[] payload, Map<String, String> headers,
      String deadLetterId) throws Exception {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, payload);
    headers.forEach((name, value) -> {
      if (!DeadLetterReplays.REPLAY_HEADER.equals(name)) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
      }
    });
    record.headers().add(DeadLetterReplays.REPLAY_HEADER, deadLetterId.getBytes(StandardCharsets.UTF_8));
    RecordMetadata metadata = producer.send(record).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new DeadLetterReplays.Published(metadata.topic(), metadata.partition(), metadata.offset());
  }

  @Override
  public void close() {
    producer.close();
  }
}
