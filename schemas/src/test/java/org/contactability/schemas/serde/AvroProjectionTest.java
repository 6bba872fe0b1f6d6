package org.contactability.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.contactability.schemas.registry.SchemaRegistries;
import org.junit.jupiter.api.Test;

class AvroProjectionTest {

  private static final Map<String, Object> CONFIG = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mem://projection");

  @Test
  void reads_the_chosen_field_of_every_kind_of_request_as_the_whole_record_has_it() throws Exception {
    Serializer<ContactRequest> serializer = new AvroSerdes(CONFIG).forValues(ContactRequest.class).serializer();
    AvroProjection channel = new AvroSerdes(CONFIG).projection(ContactRequest.class, Set.of("channel"));
    for (long seed = 0; seed < 20; seed++) {
      GenericData.Record generic = new RandomRecords(seed).generic(ContactRequest.getClassSchema(), seed % 2 == 0);
      ContactRequest request = RandomRecords.specific(generic, ContactRequest.class);

      GenericRecord read = channel.deserialize("requests", serializer.serialize("requests", request));

      assertThat(read.getSchema().getFields()).hasSize(1);
      assertThat(read.get("channel")).hasToString(request.getChannel().name());
    }
  }

  @Test
  void a_field_an_older_writer_did_not_have_is_read_as_its_default() throws Exception {
    Schema older = SchemaBuilder.record("Correlation").namespace("org.contactability.contracts.common").fields()
        .optionalString("appointmentId").endRecord();
    InMemorySchemaRegistry registry = SchemaRegistries.inMemory("projection-older");
    int id = registry.register("older-value", older);
    GenericData.Record old = new GenericData.Record(older);
    old.put("appointmentId", "a-1");
    byte[] framed = frame(id, old);

    GenericRecord read = new AvroProjection(registry, AvroProjection.of(Correlation.getClassSchema(),
        Set.of("appointmentId", "offerId"))).deserialize("older", framed);

    assertThat(read.get("appointmentId")).hasToString("a-1");
    assertThat(read.get("offerId")).isNull();
  }

  @Test
  void bytes_that_are_no_record_are_a_serialization_error_and_an_unknown_field_is_refused_up_front() {
    AvroProjection channel = new AvroSerdes(CONFIG).projection(ContactRequest.class, Set.of("channel"));

    assertThatThrownBy(() -> channel.deserialize("requests", "not avro".getBytes()))
        .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
    assertThatThrownBy(() -> new AvroSerdes(CONFIG).projection(ContactRequest.class, Set.of("channel", "colour")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
  }

  private static byte[] frame(int id, GenericData.Record record) throws Exception {
    byte[] body = RandomRecords.binary(record);
    byte[] framed = new byte[WireFormat.HEADER_LENGTH + body.length];
    framed[0] = 0;
    framed[1] = (byte) (id >>> 24);
    framed[2] = (byte) (id >>> 16);
    framed[3] = (byte) (id >>> 8);
    framed[4] = (byte) id;
    System.arraycopy(body, 0, framed, WireFormat.HEADER_LENGTH, body.length);
    return framed;
  }
}
