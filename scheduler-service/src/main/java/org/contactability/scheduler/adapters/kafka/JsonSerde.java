package org.contactability.scheduler.adapters.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON serde of dead-lettered plans and join rows, readable in the dead-letter topics, and of the join stores' values
 * as schedulers before {@link JoinRowSerde} wrote them: tolerant of fields added later (unknown ones are ignored,
 * missing ones read as null). The stores have binary formats ({@link JoinRowSerde}, {@link PlanSerde}); the contracts
 * between services stay Avro.
 */
public final class JsonSerde<T> implements Serde<T> {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // Absent fields read back as null: leaving nulls out keeps the join changelogs smaller.
      .changeDefaultPropertyInclusion(inclusion -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
          JsonInclude.Include.NON_NULL))
      .build();

  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      try {
        return MAPPER.writeValueAsBytes(value);
      } catch (JacksonException e) {
        throw new SerializationException("Could not write a " + type.getSimpleName() + " as JSON: "
            + e.getOriginalMessage(), e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return MAPPER.readValue(bytes, type);
      } catch (JacksonException e) {
        throw new SerializationException("Could not read a " + type.getSimpleName() + " from JSON: "
            + e.getOriginalMessage(), e);
      }
    };
  }
}
