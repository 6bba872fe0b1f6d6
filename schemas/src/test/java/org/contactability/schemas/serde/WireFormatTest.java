package org.contactability.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.contactability.contracts.common.Correlation;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void a_record_is_magic_byte_then_big_endian_schema_id_then_avro_binary() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry("mem://layout");
    // Take ids 1..257 with other subjects so that the id needs more than one byte.
    for (int i = 0; i < 257; i++) {
      registry.register("filler-" + i + "-value", org.apache.avro.SchemaBuilder.record("Filler" + i)
          .fields().requiredInt("f").endRecord());
    }
    AvroSerializer<Correlation> serializer = new AvroSerializer<>(registry, true);
    serializer.configure(java.util.Map.of(), false);

    byte[] bytes = serializer.serialize("layout", Correlation.newBuilder().setAppointmentId("42").build());

    assertThat(bytes).containsExactly(
        0x00,                   // magic byte
        0x00, 0x00, 0x01, 0x02, // schema id 258, big-endian
        0x02, 0x04, '4', '2',   // appointmentId: union branch 1 (string), length 2, "42"
        0x00, 0x00, 0x00, 0x00, 0x00); // five absent optional fields: union branch 0 (null)
    assertThat(registry.latest("layout-value").id()).isEqualTo(258);
  }

  @Test
  void a_record_too_short_for_the_header_is_refused_with_its_length() {
    assertThatThrownBy(() -> WireFormat.schemaId("contact.requests", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("contact.requests")
        .hasMessageContaining("3 bytes long");
  }

  @Test
  void a_record_without_the_magic_byte_is_refused() {
    assertThatThrownBy(() -> WireFormat.schemaId("appointments", "{\"json\":true}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not the magic byte 0");
  }

  @Test
  void null_values_stay_null_so_tombstones_pass_through() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry("mem://tombstones");
    AvroSerde<Correlation> serde = new AvroSerde<>(registry, Correlation.class, true);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}
