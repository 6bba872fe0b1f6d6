package org.contactability.response.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class LastValueSerdeTest {

  private final AtomicInteger writes = new AtomicInteger();
  private final Serde<StringBuilder> counting = Serdes.serdeFrom(
      (topic, value) -> {
        writes.incrementAndGet();
        return value.toString().getBytes(StandardCharsets.UTF_8);
      },
      (topic, bytes) -> new StringBuilder(new StringDeserializer().deserialize(topic, bytes)));

  @Test
  void the_same_object_put_under_three_keys_is_serialised_once() {
    Serializer<StringBuilder> serializer = new LastValueSerde<>(counting).serializer();
    StringBuilder request = new StringBuilder("request-1");

    byte[] first = serializer.serialize("store", request);
    byte[] second = serializer.serialize("store", request);
    byte[] third = serializer.serialize("store", request);

    assertThat(writes).hasValue(1);
    assertThat(second).isSameAs(first);
    assertThat(third).isEqualTo("request-1".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void another_object_is_serialised_again_even_when_equal_and_null_stays_null() {
    Serializer<StringBuilder> serializer = new LastValueSerde<>(counting).serializer();

    serializer.serialize("store", new StringBuilder("same text"));
    byte[] other = serializer.serialize("store", new StringBuilder("same text"));
    byte[] next = serializer.serialize("store", new StringBuilder("request-2"));

    assertThat(writes).hasValue(3);
    assertThat(new String(other, StandardCharsets.UTF_8)).isEqualTo("same text");
    assertThat(new String(next, StandardCharsets.UTF_8)).isEqualTo("request-2");
    assertThat(new LastValueSerde<>(Serdes.String()).serializer().serialize("store", null)).isNull();
  }

  @Test
  void the_same_object_for_another_topic_is_serialised_again() {
    Serializer<StringBuilder> serializer = new LastValueSerde<>(counting).serializer();
    StringBuilder request = new StringBuilder("request-4");

    serializer.serialize("store", request);
    serializer.serialize("other-store", request);

    assertThat(writes).hasValue(2);
  }

  @Test
  void values_read_back_through_the_inner_deserializer() {
    LastValueSerde<StringBuilder> serde = new LastValueSerde<>(counting);

    byte[] bytes = serde.serializer().serialize("store", new StringBuilder("request-3"));

    assertThat(serde.deserializer().deserialize("store", bytes)).hasToString("request-3");
  }
}
