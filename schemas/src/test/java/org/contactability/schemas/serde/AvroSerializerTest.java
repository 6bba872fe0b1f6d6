package org.contactability.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;
import org.contactability.contracts.common.Correlation;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.contactability.schemas.registry.RegisteredSchema;
import org.contactability.schemas.registry.SchemaRegistry;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {

  @Test
  void the_registry_is_asked_once_per_subject_and_schema_not_once_per_record() {
    CountingRegistry registry = new CountingRegistry(new InMemorySchemaRegistry("mem://counting"));
    AvroSerializer<Correlation> serializer = new AvroSerializer<>(registry, true);
    Correlation value = Correlation.newBuilder().setAppointmentId("cita-7").build();

    byte[] first = serializer.serialize("contact.requests", value);
    for (int i = 0; i < 100; i++) {
      assertThat(serializer.serialize("contact.requests", value)).isEqualTo(first);
    }
    serializer.serialize("contact.status", value);

    assertThat(registry.registrations.get()).isEqualTo(2);
  }

  /** Counts registrations on the way to a real registry. */
  static final class CountingRegistry implements SchemaRegistry {
    final SchemaRegistry delegate;
    final AtomicInteger registrations = new AtomicInteger();

    CountingRegistry(SchemaRegistry delegate) {
      this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
      registrations.incrementAndGet();
      return delegate.register(subject, schema);
    }

    @Override
    public int idOf(String subject, Schema schema) {
      return delegate.idOf(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
      return delegate.schemaById(id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
      return delegate.latest(subject);
    }

    @Override
    public String location() {
      return delegate.location();
    }
  }
}
