package org.contactability.notifier.adapters.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.notifier.application.StatusLog;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;

/**
 * Writes the notifier's records (statuses, suppressions) and waits for the broker's
 * acknowledgement: a status must be durable before the provider is called. The statuses of one
 * step (QUEUED and the reports that came with it; the SENDING statuses of a lane's batch) are sent
 * together and waited for once.
 */
public final class RecordWriter implements StatusLog, AutoCloseable {

  private final Producer<String, byte[]> producer;
  private final AvroSerdes serdes;
  private final TopicNaming naming;
  private final Duration timeout;
  private final Map<Class<?>, Serializer<?>> serializers = new ConcurrentHashMap<>();

  public RecordWriter(Producer<String, byte[]> producer, AvroSerdes serdes, TopicNaming naming, Duration timeout) {
    this.producer = producer;
    this.serdes = serdes;
    this.naming = naming;
    this.timeout = timeout;
  }

  @Override
  public void publishEach(List<Keyed> statuses) {
    String topicName = naming.name(Topics.CONTACT_STATUS);
    List<Future<RecordMetadata>> sent = new ArrayList<>(statuses.size());
    for (Keyed status : statuses) {
      sent.add(send(topicName, ContactStatus.class, status.key(), status.status()));
    }
    for (Future<RecordMetadata> write : sent) {
      await(topicName, write);
    }
  }

  public <V extends SpecificRecord> void write(TopicSpec<V> topic, String key, V value) {
    String topicName = naming.name(topic);
    await(topicName, send(topicName, topic.valueType(), key, value));
  }

  private <V extends SpecificRecord> Future<RecordMetadata> send(String topicName, Class<V> type, String key,
      V value) {
    byte[] bytes = value == null ? null : serializer(type).serialize(topicName, value);
    return producer.send(new ProducerRecord<>(topicName, key, bytes));
  }

  private void await(String topicName, Future<RecordMetadata> write) {
    try {
      write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing to " + topicName, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("could not write to " + topicName + " within " + timeout + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private <V extends SpecificRecord> Serializer<V> serializer(Class<V> type) {
    // One serializer per contract: each keeps its registry client and its cache of schema ids.
    return (Serializer<V>) serializers.computeIfAbsent(type, t -> serdes.forValues(type).serializer());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
