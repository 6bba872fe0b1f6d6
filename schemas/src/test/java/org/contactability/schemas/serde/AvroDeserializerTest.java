package org.contactability.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.contactability.contracts.common.Correlation;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.contactability.schemas.registry.SchemaRegistries;
import org.junit.jupiter.api.Test;

class AvroDeserializerTest {

  @Test
  void an_unknown_schema_id_is_a_clear_serialization_error() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry("mem://empty");
    AvroDeserializer<Correlation> deserializer = new AvroDeserializer<>(registry, Correlation.class);

    byte[] record = {0, 0, 0, 0, 99, 0, 0, 0, 0, 0, 0};

    assertThatThrownBy(() -> deserializer.deserialize("appointments", record))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Unknown schema id 99")
        .hasMessageContaining("appointments")
        .hasMessageContaining("mem://empty");
  }

  @Test
  void a_record_written_with_an_older_schema_is_read_into_the_current_class() throws Exception {
    // An older Correlation that knew only appointmentId and stepId.
    Schema older = SchemaBuilder.record("Correlation").namespace("org.contactability.contracts.common").fields()
        .optionalString("appointmentId").optionalString("stepId").endRecord();
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry("mem://evolution");
    int id = registry.register("evolution-value", older);
    GenericData.Record old = new GenericData.Record(older);
    old.put("appointmentId", "a-1");
    old.put("stepId", "reminder");

    Correlation read = new AvroDeserializer<>(registry, Correlation.class).deserialize("evolution", frame(id, old));

    assertThat(read.getAppointmentId()).isEqualTo("a-1");
    assertThat(read.getStepId()).isEqualTo("reminder");
    assertThat(read.getPlanVersion()).isNull();
  }

  @Test
  void configured_by_properties_like_confluents_it_finds_the_registry_and_the_class() {
    String url = "mem://by-properties";
    Map<String, Object> configs = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
        AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
    AvroSerializer<Correlation> serializer = new AvroSerializer<>();
    serializer.configure(configs, false);
    AvroDeserializer<Correlation> deserializer = new AvroDeserializer<>();
    deserializer.configure(configs, false);
    Correlation sent = Correlation.newBuilder().setOfferId("o-7").build();

    Correlation received = deserializer.deserialize("props", serializer.serialize("props", sent));

    assertThat(received).isEqualTo(sent);
    assertThat(SchemaRegistries.inMemory("by-properties").subjects()).containsExactly("props-value");
  }

  @Test
  void with_auto_registration_off_an_unregistered_schema_is_refused_before_anything_is_written() {
    AvroSerializer<Correlation> serializer = new AvroSerializer<>(new InMemorySchemaRegistry("mem://strict"), false);
    serializer.configure(Map.of(), false);

    assertThatThrownBy(() -> serializer.serialize("strict", new Correlation()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Could not find schema org.contactability.contracts.common.Correlation")
        .hasMessageContaining("strict-value");
  }

  @Test
  void the_serde_factory_builds_the_configured_implementation_and_names_a_bad_one() {
    Map<String, Object> ours = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mem://factory",
        AvroSerdes.SERDE_CLASS, AvroSerde.class.getName());
    Serde<Correlation> serde = new AvroSerdes(ours).forValues(Correlation.class);
    Correlation sent = Correlation.newBuilder().setCampaignId("c").build();
    assertThat(serde.deserializer().deserialize("f", serde.serializer().serialize("f", sent))).isEqualTo(sent);

    Map<String, Object> missing = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mem://factory",
        AvroSerdes.SERDE_CLASS, "io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde");
    assertThatThrownBy(() -> new AvroSerdes(missing).forValues(Correlation.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("avro.serde.class=io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde");
  }

  @Test
  void without_a_registry_url_the_error_says_what_to_set() {
    AvroSerializer<Correlation> serializer = new AvroSerializer<>();
    assertThatThrownBy(() -> serializer.configure(Map.of(), false))
        .hasMessageContaining("schema.registry.url is not set");
  }

  private static byte[] frame(int id, GenericData.Record record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericData.Record>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
