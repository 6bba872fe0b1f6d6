package org.contactability.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificData;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails the build when a contract changes in a way that consumers cannot follow. After a
 * compatible change, record the new version with
 * {@code ./mvnw -pl schemas test -Dtest=SchemaEvolutionTest -Dschemas.record=true} and commit it.
 */
class SchemaEvolutionTest {

  static final Path HISTORY = Path.of("src/test/resources/schema-history");

  static Stream<Schema> contracts() {
    return Topics.allWithDeadLetters().stream()
        .map(topic -> SpecificData.get().getSchema(topic.valueType()))
        .distinct();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contracts")
  void every_contract_reads_all_its_committed_versions_and_the_newest_is_committed(Schema current) throws Exception {
    SchemaHistory history = SchemaHistory.load(HISTORY, current.getFullName());

    assertThat(history.incompatibilities(current))
        .as("%s is not BACKWARD compatible with its committed versions in %s. Add fields with defaults;"
            + " never remove or retype a field without a default, or rename one without an alias.",
            current.getFullName(), history.directory())
        .isEmpty();

    if (!history.hasAsLatest(current) && Boolean.getBoolean("schemas.record")) {
      history.record(current);
      history = SchemaHistory.load(HISTORY, current.getFullName());
    }
    assertThat(history.hasAsLatest(current))
        .as("%s changed (compatibly) but the change is not recorded in %s: run"
            + " ./mvnw -pl schemas test -Dtest=SchemaEvolutionTest -Dschemas.record=true and commit the new file",
            current.getFullName(), history.directory())
        .isTrue();
  }

  @Test
  void a_required_field_added_without_default_is_caught(@TempDir Path root) throws Exception {
    Schema v1 = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("id").endRecord();
    SchemaHistory.load(root, "t.Thing").record(v1);
    Schema broken = SchemaBuilder.record("Thing").namespace("t").fields()
        .requiredString("id").requiredInt("size").endRecord();

    List<String> problems = SchemaHistory.load(root, "t.Thing").incompatibilities(broken);

    assertThat(problems).singleElement().asString()
        .contains("cannot read data written with v1").contains("READER_FIELD_MISSING_DEFAULT").contains("size");
  }

  @Test
  void a_field_retyped_in_an_old_version_is_caught_even_when_the_newest_is_fine(@TempDir Path root) throws Exception {
    Schema v1 = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("id").endRecord();
    Schema v2 = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("id")
        .name("size").type().intType().intDefault(0).endRecord();
    SchemaHistory.load(root, "t.Thing").record(v1);
    SchemaHistory.load(root, "t.Thing").record(v2);
    Schema v3 = SchemaBuilder.record("Thing").namespace("t").fields().requiredLong("id")
        .name("size").type().intType().intDefault(0).endRecord();

    assertThat(SchemaHistory.load(root, "t.Thing").incompatibilities(v3)).hasSize(2);
    assertThat(Files.exists(root.resolve("t.Thing/v2.avsc"))).isTrue();
  }
}
