package org.contactability.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  final DeadLetters deadLetters = new DeadLetters("notifier-service",
      Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC), TopicNaming.none(), new SimpleMeterRegistry());

  @Test
  void a_failed_record_keeps_its_coordinates_bytes_headers_and_the_chain_of_reasons() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("contact.requests", 2, 41L, 0L,
        TimestampType.CREATE_TIME, 0, 0, "apt-1", new byte[] {0, 0, 0, 0, 7}, headers, Optional.empty());
    Exception cause = new IllegalStateException("could not render template 'reminder'",
        new SerializationException("Unknown schema id 7"));

    DeadLetter letter = deadLetters.forRecord(Topics.CONTACT_REQUESTS, record, record.value(), cause, 3);

    assertThat(letter.getTopic()).isEqualTo("contact.requests");
    assertThat(letter.getPartition()).isEqualTo(2);
    assertThat(letter.getOffset()).isEqualTo(41L);
    assertThat(letter.getKey()).isEqualTo("apt-1");
    assertThat(letter.getPayload().array()).containsExactly(0, 0, 0, 0, 7);
    assertThat(letter.getPayloadFormat()).isEqualTo(DeadLetters.FORMAT_AVRO);
    assertThat(letter.getReason()).isEqualTo("could not render template 'reminder' <- Unknown schema id 7");
    assertThat(letter.getErrorType()).isEqualTo(SerializationException.class.getName());
    assertThat(letter.getService()).isEqualTo("notifier-service");
    assertThat(letter.getAttempts()).isEqualTo(3);
    assertThat(letter.getHeaders()).containsEntry("trace", "abc");
    assertThat(letter.getFailedAt()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
  }

  @Test
  void a_reason_does_not_repeat_a_cause_that_wraps_the_same_message() {
    Exception inner = new IllegalArgumentException("bad date");
    assertThat(DeadLetters.reason(new RuntimeException(inner))).isEqualTo("java.lang.IllegalArgumentException: bad date");
    assertThat(DeadLetters.reason(new NullPointerException())).isEqualTo("NullPointerException");
  }
}
