package org.contactability.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContractRoundTripTest {

  static Stream<Arguments> everyTopicWithOptionalFieldsSetAndUnset() {
    return Topics.allWithDeadLetters().stream()
        .flatMap(topic -> Stream.of(Arguments.of(topic, true), Arguments.of(topic, false)));
  }

  @ParameterizedTest(name = "{0} (optional fields set: {1})")
  @MethodSource("everyTopicWithOptionalFieldsSetAndUnset")
  <V extends SpecificRecord> void every_contract_survives_the_wire_and_its_body_is_plain_avro_binary(
      TopicSpec<V> topic, boolean fillOptional) throws Exception {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry("mem://round-trip");
    AvroSerde<V> serde = new AvroSerde<>(registry, topic.valueType(), true);
    Schema schema = SpecificData.get().getSchema(topic.valueType());

    for (long seed = 0; seed < 20; seed++) {
      GenericData.Record generic = new RandomRecords(seed).generic(schema, fillOptional);
      V record = RandomRecords.specific(generic, topic.valueType());

      byte[] framed = serde.serializer().serialize(topic.name(), record);
      V back = serde.deserializer().deserialize(topic.name(), framed);

      assertThat(back).isEqualTo(record);
      assertThat(WireFormat.schemaId(topic.name(), framed))
          .isEqualTo(registry.latest(topic.name() + "-value").id());
      assertThat(Arrays.copyOfRange(framed, WireFormat.HEADER_LENGTH, framed.length))
          .as("after the 5-byte header comes the Avro binary encoding, nothing else")
          .isEqualTo(RandomRecords.binary(generic));
    }
  }

  @ParameterizedTest
  @MethodSource("topics")
  void every_topic_value_is_a_generated_contract_with_documented_fields(TopicSpec<?> topic) {
    Schema schema = SpecificData.get().getSchema(topic.valueType());
    assertThat(schema.getNamespace()).startsWith("org.contactability.contracts.");
    assertThat(schema.getDoc()).as("record doc of %s", schema.getFullName()).isNotBlank();
    for (Schema.Field field : schema.getFields()) {
      assertThat(field.doc()).as("doc of %s.%s", schema.getName(), field.name()).isNotBlank();
    }
  }

  static List<TopicSpec<?>> topics() {
    return Topics.allWithDeadLetters();
  }
}
