package org.contactability.schemas.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A schema registry held in memory, with the semantics of Confluent's: ids are global and reused
 * for identical schemas, versions count per subject from 1, and a new version must be BACKWARD
 * compatible with the newest one (consumers using the new schema can read data written with the
 * previous one). Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  /** Compatibility rule applied when registering a new version of a subject. */
  public enum Compatibility { BACKWARD, NONE }

  private final String location;
  private final Compatibility compatibility;
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();
  private int nextId = 1;
  private Path journal;

  public InMemorySchemaRegistry(String location) {
    this(location, Compatibility.BACKWARD);
  }

  public InMemorySchemaRegistry(String location, Compatibility compatibility) {
    this.location = location;
    this.compatibility = compatibility;
  }

  /**
   * A registry that survives restarts: every registration is appended to {@code journal} (one JSON
   * line each) and replayed, with the same ids, when the registry is created again. Records kept on
   * a broker that outlives the process stay readable.
   */
  public static InMemorySchemaRegistry journaled(String location, Path journal) {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry(location);
    ObjectMapper json = new ObjectMapper();
    try {
      if (Files.exists(journal)) {
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            JsonNode entry = json.readTree(line);
            registry.restore(entry.get("subject").asText(), entry.get("id").asInt(),
                new Schema.Parser().parse(entry.get("schema").asText()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the schema registry journal " + journal, e);
    }
    registry.journal = journal;
    return registry;
  }

  private void restore(String subject, int id, Schema schema) {
    schemasById.putIfAbsent(id, schema);
    idsByCanonicalForm.putIfAbsent(canonical(schema), id);
    versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
    nextId = Math.max(nextId, id + 1);
  }

  private void append(String subject, int id, Schema schema) {
    if (journal == null) {
      return;
    }
    String line = new ObjectMapper().createObjectNode().put("subject", subject).put("id", id)
        .put("schema", schema.toString()).toString() + "\n";
    try {
      Files.writeString(journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new SchemaRegistryException("Could not write the schema registry journal " + journal + ": " + e, e);
    }
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    Optional<Integer> existing = versionOf(subject, schema);
    if (existing.isPresent()) {
      return idsByCanonicalForm.get(canonical(schema));
    }
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.isEmpty() && compatibility == Compatibility.BACKWARD) {
      Schema latest = schemasById.get(versions.get(versions.size() - 1));
      var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
      if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
        throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema for subject '"
            + subject + "': " + result.getDescription(), SchemaRegistryException.INCOMPATIBLE, 409);
      }
    }
    int id = idsByCanonicalForm.computeIfAbsent(canonical(schema), c -> {
      int assigned = nextId++;
      schemasById.put(assigned, schema);
      return assigned;
    });
    versions.add(id);
    append(subject, id, schema);
    return id;
  }

  @Override
  public synchronized int idOf(String subject, Schema schema) {
    if (!versionsBySubject.containsKey(subject)) {
      throw new SchemaRegistryException("Subject '" + subject + "' not found.", SchemaRegistryException.SUBJECT_NOT_FOUND, 404);
    }
    return versionOf(subject, schema)
        .map(v -> idsByCanonicalForm.get(canonical(schema)))
        .orElseThrow(() -> new SchemaRegistryException("Schema not found under subject '" + subject + "'.",
            SchemaRegistryException.SCHEMA_NOT_FOUND, 404));
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException("Schema " + id + " not found", SchemaRegistryException.SCHEMA_NOT_FOUND, 404);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<Integer> versions = versionsOrThrow(subject);
    return version(subject, versions.size());
  }

  /** Version {@code version} (from 1) of {@code subject}. */
  public synchronized RegisteredSchema version(String subject, int version) {
    List<Integer> versions = versionsOrThrow(subject);
    if (version < 1 || version > versions.size()) {
      throw new SchemaRegistryException("Version " + version + " not found.", SchemaRegistryException.VERSION_NOT_FOUND, 404);
    }
    int id = versions.get(version - 1);
    return new RegisteredSchema(subject, version, id, schemasById.get(id));
  }

  /** The registered version of {@code schema} under {@code subject}, if any. */
  public synchronized Optional<Integer> versionOf(String subject, Schema schema) {
    Integer id = idsByCanonicalForm.get(canonical(schema));
    List<Integer> versions = versionsBySubject.get(subject);
    if (id == null || versions == null || !versions.contains(id)) {
      return Optional.empty();
    }
    return Optional.of(versions.indexOf(id) + 1);
  }

  /** Whether {@code schema} could be registered as the next version of {@code subject}. */
  public synchronized boolean isCompatibleWithLatest(String subject, Schema schema) {
    List<Integer> versions = versionsOrThrow(subject);
    if (compatibility == Compatibility.NONE) {
      return true;
    }
    Schema latest = schemasById.get(versions.get(versions.size() - 1));
    return SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
        == SchemaCompatibilityType.COMPATIBLE;
  }

  public synchronized List<String> subjects() {
    return List.copyOf(versionsBySubject.keySet());
  }

  public synchronized List<Integer> versions(String subject) {
    int count = versionsOrThrow(subject).size();
    List<Integer> numbers = new ArrayList<>(count);
    for (int v = 1; v <= count; v++) {
      numbers.add(v);
    }
    return numbers;
  }

  public Compatibility compatibility() {
    return compatibility;
  }

  @Override
  public String location() {
    return location;
  }

  private List<Integer> versionsOrThrow(String subject) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException("Subject '" + subject + "' not found.", SchemaRegistryException.SUBJECT_NOT_FOUND, 404);
    }
    return versions;
  }

  /**
   * Identity of a schema. Like Confluent's registry, the full text counts (docs and defaults
   * included), which Avro's parsing canonical form would drop.
   */
  private static String canonical(Schema schema) {
    return schema.toString();
  }
}
