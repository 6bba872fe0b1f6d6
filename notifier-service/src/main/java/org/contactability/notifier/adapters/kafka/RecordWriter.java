package org.contactability.notifier.adapters.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.notifier.application.StatusLog;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;

/**
 * Writes the notifier's records (statuses, suppressions). A SENDING status must be durable before the provider
 * is called: those of a lane's batch are sent together and waited for once. The statuses that follow a
 * provider's answer (QUEUED and the reports that came with it) are only queued ({@link #publishAllLater}): the
 * lane waits for them all before it commits its batch.
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
    await(naming.name(Topics.CONTACT_STATUS), written(statuses));
  }

  @Override
  public CompletableFuture<Void> publishAllLater(String key, List<ContactStatus> statuses) {
    String topicName = naming.name(Topics.CONTACT_STATUS);
    return written(statuses.stream().map(status -> new Keyed(key, status)).toList())
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> {
          throw notWritten(topicName, failure instanceof CompletionException ? failure.getCause() : failure);
        });
  }

  public <V extends SpecificRecord> void write(TopicSpec<V> topic, String key, V value) {
    String topicName = naming.name(topic);
    CompletableFuture<Void> written = new CompletableFuture<>();
    send(topicName, topic.valueType(), key, value, written, new AtomicInteger(1));
    await(topicName, written);
  }

  /** Sends every status; the future completes with the last acknowledgement, or fails with the first failure. */
  private CompletableFuture<Void> written(List<Keyed> statuses) {
    String topicName = naming.name(Topics.CONTACT_STATUS);
    CompletableFuture<Void> written = new CompletableFuture<>();
    AtomicInteger unacknowledged = new AtomicInteger(statuses.size());
    for (Keyed status : statuses) {
      send(topicName, ContactStatus.class, status.key(), status.status(), written, unacknowledged);
    }
    return written;
  }

  private <V extends SpecificRecord> void send(String topicName, Class<V> type, String key, V value,
      CompletableFuture<Void> written, AtomicInteger unacknowledged) {
    byte[] bytes = value == null ? null : serializer(type).serialize(topicName, value);
    producer.send(new ProducerRecord<>(topicName, key, bytes), (metadata, failure) -> {
      if (failure != null) {
        written.completeExceptionally(failure);
      } else if (unacknowledged.decrementAndGet() == 0) {
        written.complete(null);
      }
    });
  }

  private void await(String topicName, CompletableFuture<Void> write) {
    try {
      write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing to " + topicName, e);
    } catch (ExecutionException e) {
      throw notWritten(topicName, e.getCause());
    } catch (TimeoutException e) {
      throw notWritten(topicName, e);
    }
  }

  private KafkaException notWritten(String topicName, Throwable cause) {
    return new KafkaException("could not write to " + topicName + " within " + timeout + ": " + cause, cause);
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
