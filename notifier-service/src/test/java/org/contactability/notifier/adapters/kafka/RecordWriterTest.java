package org.contactability.notifier.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.junit.jupiter.api.Test;

/**
 * The writes that follow a provider's answer are not waited for: their future must complete only once the broker
 * acknowledged every status, and fail, naming the topic, when one is refused or not acknowledged in time. Kafka's
 * MockProducer stands in for the broker because these are the answers a live broker gives only in an outage.
 */
class RecordWriterTest {

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final RecordWriter writer = new RecordWriter(producer,
      new AvroSerdes(Map.of("schema.registry.url", "mem://record-writer-test")), new TopicNaming("t"),
      Duration.ofMillis(300));

  private static ContactStatus status(DeliveryStatus status) {
    return ContactStatus.newBuilder().setStatusId(UUID.randomUUID().toString()).setRequestId("r-1")
        .setCorrelation(Correlation.newBuilder().build()).setHospitalCode("HCHM").setPurpose(ContactPurpose.REMINDER)
        .setChannel(Channel.WHATSAPP).setStatus(status).setProvider("sandbox").setProviderMessageId("SB1")
        .setOccurredAt(Instant.parse("2026-05-02T14:00:00Z")).build();
  }

  @Test
  void queued_statuses_are_durable_only_once_the_broker_acknowledged_every_one() {
    CompletableFuture<Void> written = writer.publishAllLater("k", List.of(status(DeliveryStatus.QUEUED),
        status(DeliveryStatus.SENT), status(DeliveryStatus.DELIVERED)));

    assertThat(producer.history()).extracting(record -> record.key()).containsExactly("k", "k", "k");
    producer.completeNext();
    producer.completeNext();
    assertThat(written).as("two of three acknowledged").isNotDone();
    producer.completeNext();
    assertThat(written).isCompleted();
  }

  @Test
  void a_refused_status_fails_the_write_with_the_topic_and_the_cause() {
    CompletableFuture<Void> written = writer.publishAllLater("k", List.of(status(DeliveryStatus.QUEUED),
        status(DeliveryStatus.SENT)));

    producer.completeNext();
    producer.errorNext(new NotEnoughReplicasException("not enough replicas"));

    assertThatThrownBy(written::join).hasCauseInstanceOf(KafkaException.class)
        .hasMessageContaining("could not write to t.contact.status").hasMessageContaining("not enough replicas");
  }

  @Test
  void a_status_the_broker_does_not_acknowledge_in_time_fails_the_write() {
    CompletableFuture<Void> written = writer.publishAllLater("k", List.of(status(DeliveryStatus.QUEUED)));

    assertThatThrownBy(written::join).hasCauseInstanceOf(KafkaException.class)
        .hasMessageContaining("could not write to t.contact.status within PT0.3S");
  }
}
