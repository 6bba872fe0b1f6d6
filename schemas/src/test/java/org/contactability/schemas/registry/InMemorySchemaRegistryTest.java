package org.contactability.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

  static final Schema V1 = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("id").endRecord();
  static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Thing").namespace("t").fields()
      .requiredString("id").name("colour").type().stringType().stringDefault("blue").endRecord();
  static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Thing").namespace("t").fields()
      .requiredString("id").requiredString("colour").endRecord();

  final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("mem://test");

  @Test
  void registering_the_same_schema_twice_returns_the_same_id_and_version() {
    int first = registry.register("things-value", V1);
    int again = registry.register("things-value", V1);

    assertThat(again).isEqualTo(first);
    assertThat(registry.versions("things-value")).containsExactly(1);
  }

  @Test
  void ids_are_global_and_an_identical_schema_under_another_subject_keeps_its_id() {
    int a = registry.register("a-value", V1);
    int b = registry.register("b-value", V1);
    int c = registry.register("a-value", V2_WITH_DEFAULT);

    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
    assertThat(registry.schemaById(c)).isEqualTo(V2_WITH_DEFAULT);
    assertThat(registry.latest("a-value")).isEqualTo(new RegisteredSchema("a-value", 2, c, V2_WITH_DEFAULT));
  }

  @Test
  void a_new_field_with_a_default_is_backward_compatible() {
    registry.register("things-value", V1);
    registry.register("things-value", V2_WITH_DEFAULT);

    assertThat(registry.versions("things-value")).containsExactly(1, 2);
  }

  @Test
  void a_new_field_without_a_default_is_refused_and_the_subject_is_unchanged() {
    registry.register("things-value", V1);

    assertThatThrownBy(() -> registry.register("things-value", V2_WITHOUT_DEFAULT))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE);
          assertThat(e.getMessage()).contains("things-value").contains("colour");
        });
    assertThat(registry.versions("things-value")).containsExactly(1);
  }

  @Test
  void lookups_of_what_is_not_there_say_which_kind_of_not_found() {
    registry.register("things-value", V1);

    assertThat(catchCode(() -> registry.schemaById(404))).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
    assertThat(catchCode(() -> registry.latest("nothing-value"))).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
    assertThat(catchCode(() -> registry.version("things-value", 2))).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND);
    assertThat(catchCode(() -> registry.idOf("things-value", V2_WITH_DEFAULT)))
        .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
  }

  @Test
  void a_journaled_registry_comes_back_with_the_same_ids_after_a_restart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path journal = dir.resolve("schemas.jsonl");
    InMemorySchemaRegistry before = InMemorySchemaRegistry.journaled("mem://j", journal);
    before.register("filler-value", SchemaBuilder.record("Filler").fields().requiredInt("f").endRecord());
    int v1 = before.register("things-value", V1);
    int v2 = before.register("things-value", V2_WITH_DEFAULT);

    InMemorySchemaRegistry after = InMemorySchemaRegistry.journaled("mem://j", journal);

    assertThat(after.schemaById(v1)).isEqualTo(V1);
    assertThat(after.latest("things-value")).isEqualTo(new RegisteredSchema("things-value", 2, v2, V2_WITH_DEFAULT));
    assertThat(after.register("other-value", V2_WITHOUT_DEFAULT)).isEqualTo(v2 + 1);
  }

  static int catchCode(Runnable call) {
    try {
      call.run();
    } catch (SchemaRegistryException e) {
      return e.errorCode();
    }
    throw new AssertionError("expected a SchemaRegistryException");
  }
}
