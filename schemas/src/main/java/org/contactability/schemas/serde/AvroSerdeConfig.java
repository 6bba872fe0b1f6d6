package org.contactability.schemas.serde;

import java.util.Map;

/**
 * Settings of the Avro serde. The names are Confluent's, so one configuration serves this serde
 * and Confluent's {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer} alike.
 */
public final class AvroSerdeConfig {

  /** Registry location: http(s) URLs (comma-separated) or {@code mem://<scope>}. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  /** Register the writer's schema when it is new (default true); when false, it must be registered already. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  /** "user:password" for registries behind HTTP basic authentication. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  /** Class to read values into; by default the generated class named by the writer's schema. */
  public static final String SPECIFIC_VALUE_TYPE = "specific.avro.value.type";
  /** Class to read keys into, when keys are Avro records. */
  public static final String SPECIFIC_KEY_TYPE = "specific.avro.key.type";
  /** Accepted for Confluent compatibility: this deserializer always reads generated classes. */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  private final Map<String, ?> values;

  public AvroSerdeConfig(Map<String, ?> values) {
    this.values = values;
  }

  public String registryUrl() {
    Object url = values.get(SCHEMA_REGISTRY_URL);
    return url == null ? null : url.toString();
  }

  public boolean autoRegister() {
    Object value = values.get(AUTO_REGISTER_SCHEMAS);
    return value == null || Boolean.parseBoolean(value.toString());
  }

  public String basicAuthUserInfo() {
    Object value = values.get(BASIC_AUTH_USER_INFO);
    return value == null ? null : value.toString();
  }

  public String specificType(boolean isKey) {
    Object value = values.get(isKey ? SPECIFIC_KEY_TYPE : SPECIFIC_VALUE_TYPE);
    if (value instanceof Class<?> type) {
      return type.getName();
    }
    return value == null ? null : value.toString();
  }
}
