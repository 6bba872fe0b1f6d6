package org.contactability.response.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerdes;
import org.junit.jupiter.api.Test;

/** TopologyTestDriver does not produce a handler's dead letters, so the handler is checked on its own here. */
class DeadLetterOnUnreadableTest {

  final Serde<DeadLetter> letters = new AvroSerdes(Map.of("schema.registry.url", "mem://dlq-" + UUID.randomUUID()))
      .forValues(DeadLetter.class);
  final DeadLetterOnUnreadable handler = new DeadLetterOnUnreadable();

  DeadLetterOnUnreadableTest() {
    handler.configure(Map.of(
        DeadLetterOnUnreadable.SOURCE_TOPIC, "patient.responses",
        DeadLetterOnUnreadable.DEAD_LETTER_TOPIC, "patient.responses.dlq",
        DeadLetterOnUnreadable.SERIALIZER, letters.serializer(),
        DeadLetterOnUnreadable.DEAD_LETTERS, new DeadLetters("response-service",
            Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC))));
  }

  @Test
  void an_unreadable_answer_goes_to_the_dead_letter_topic_with_its_bytes_and_reason_and_processing_resumes() {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("patient.responses", 3, 42L,
        "cita-7".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));

    Response response = handler.handleError(null, record, new SerializationException("starts with byte 110"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    ProducerRecord<byte[], byte[]> parked = response.deadLetterQueueRecords().get(0);
    assertThat(parked.topic()).isEqualTo("patient.responses.dlq");
    DeadLetter letter = letters.deserializer().deserialize(parked.topic(), parked.value());
    assertThat(letter.getTopic()).isEqualTo("patient.responses");
    assertThat(letter.getPartition()).isEqualTo(3);
    assertThat(letter.getOffset()).isEqualTo(42L);
    assertThat(letter.getKey()).isEqualTo("cita-7");
    assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).isEqualTo("not avro");
    assertThat(letter.getReason()).isEqualTo("starts with byte 110");
    assertThat(letter.getService()).isEqualTo("response-service");
  }

  @Test
  void an_unreadable_record_of_a_view_is_skipped_without_a_dead_letter_of_ours() {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("contact.status", 0, 7L, null, new byte[] {1});

    Response response = handler.handleError(null, record, new SerializationException("bad"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }
}
