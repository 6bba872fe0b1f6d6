package org.contactability.scheduler.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  @Test
  void an_unreadable_record_goes_to_the_dead_letter_topic_of_its_prefixed_topic_with_its_bytes_and_reason() {
    Map<String, Object> config = new HashMap<>(Map.of("schema.registry.url", "mem://dlq-" + UUID.randomUUID()));
    config.put(DeadLetterHandler.NAMING, new TopicNaming("chillan"));
    config.put(DeadLetterHandler.CLOCK, Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC));
    config.put(DeadLetterHandler.SERVICE, "scheduler-service");
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(config);
    byte[] bytes = {0, 0, 0, 0, 99, 1, 2};

    DeserializationExceptionHandler.Response response = handler.handleError(null,
        new ConsumerRecord<>("chillan.his.appointments", 2, 41L, "A1".getBytes(), bytes),
        new IllegalArgumentException("Unknown schema id 99"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
    assertThat(out.topic()).isEqualTo("chillan.his.appointments.dlq");
    Deserializer<DeadLetter> reader = new AvroSerdes(config).forValues(DeadLetter.class).deserializer();
    DeadLetter letter = reader.deserialize(out.topic(), out.value());
    assertThat(letter.getReason()).isEqualTo("Unknown schema id 99");
    assertThat(letter.getPartition()).isEqualTo(2);
    assertThat(letter.getOffset()).isEqualTo(41L);
    assertThat(letter.getPayload().array()).isEqualTo(bytes);
    assertThat(letter.getService()).isEqualTo("scheduler-service");
    assertThat(letter.getFailedAt()).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
  }

  @Test
  void a_handler_without_the_services_clock_refuses_to_start_instead_of_reading_the_hosts() {
    Map<String, Object> config = new HashMap<>(Map.of("schema.registry.url", "mem://dlq-" + UUID.randomUUID()));
    config.put(DeadLetterHandler.NAMING, new TopicNaming("chillan"));

    assertThatThrownBy(() -> new DeadLetterHandler().configure(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(DeadLetterHandler.CLOCK);
  }
}
