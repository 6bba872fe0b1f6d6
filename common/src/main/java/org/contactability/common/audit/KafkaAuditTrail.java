package org.contactability.common.audit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.contracts.ops.AuditEvent;

/**
 * {@link AuditTrail} on the topic {@code audit.events}: an idempotent producer ({@code acks=all}), keyed by who acted
 * so that one person's acts stay in order. A record that cannot be written within {@code delivery.timeout.ms} fails
 * its future: the caller decides whether the act may go on without it.
 */
public final class KafkaAuditTrail implements AuditTrail, AutoCloseable {

  /** How long a request may wait for its audit record before it is answered without it (or refused). */
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

  private final String topic;
  private final KafkaProducer<String, AuditEvent> producer;

  public KafkaAuditTrail(String topic, Map<String, Object> producerSettings, Serializer<AuditEvent> serializer) {
    this.topic = topic;
    Map<String, Object> settings = new HashMap<>(producerSettings);
    settings.remove("transactional.id");
    settings.put("acks", "all");
    settings.put("enable.idempotence", true);
    settings.put("linger.ms", 0);
    settings.put("delivery.timeout.ms", (int) DELIVERY_TIMEOUT.toMillis());
    settings.put("request.timeout.ms", (int) DELIVERY_TIMEOUT.toMillis() / 2);
    settings.put("max.block.ms", DELIVERY_TIMEOUT.toMillis() / 2);
    this.producer = new KafkaProducer<>(settings, new StringSerializer(), serializer);
  }

  @Override
  public CompletableFuture<Void> record(AuditRecord event) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(topic, key(event), toContract(event)), (metadata, failure) -> {
        if (failure != null) {
          written.completeExceptionally(failure);
        } else {
          written.complete(null);
        }
      });
    } catch (RuntimeException e) {
      written.completeExceptionally(e);
    }
    return written;
  }

  private static String key(AuditRecord event) {
    return event.subject() != null ? event.subject() : String.valueOf(event.remoteAddress());
  }

  /** The contract of the topic, field by field. */
  static AuditEvent toContract(AuditRecord event) {
    return AuditEvent.newBuilder()
        .setEventId(event.eventId())
        .setOccurredAt(event.occurredAt())
        .setService(event.service())
        .setSubject(event.subject())
        .setRole(event.role() == null ? null : event.role().claimValue())
        .setKind(event.kind())
        .setMethod(event.method())
        .setPath(event.path())
        .setPatientId(event.patientId())
        .setAppointmentId(event.appointmentId())
        .setReason(event.reason())
        .setDetail(event.detail())
        .setRemoteAddress(event.remoteAddress())
        .setStatus(event.status())
        .setOutcome(event.outcome())
        .build();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
