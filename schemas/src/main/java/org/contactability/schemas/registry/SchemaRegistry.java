package org.contactability.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry that serializers need. Two implementations:
 * {@link HttpSchemaRegistry} (the REST API of Confluent Schema Registry and compatible servers) and
 * {@link InMemorySchemaRegistry} (in process, for the embedded platform and tests).
 */
public interface SchemaRegistry {

  /** Registers {@code schema} under {@code subject} if it is new there, and returns its global id. */
  int register(String subject, Schema schema);

  /** The id of {@code schema} already registered under {@code subject}, without registering it. */
  int idOf(String subject, Schema schema);

  /** The schema with global id {@code id}. */
  Schema schemaById(int id);

  /** The newest version registered under {@code subject}. */
  RegisteredSchema latest(String subject);

  /** Where the registry is, for error messages ("mem://platform", "http://registry:8081"). */
  String location();
}
