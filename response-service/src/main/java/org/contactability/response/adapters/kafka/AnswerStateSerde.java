package org.contactability.response.adapters.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.response.domain.AnswerState;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The judge's state as JSON: private to this service, readable in a changelog dump, tolerant of added fields. */
final class AnswerStateSerde implements Serde<AnswerState> {

  private final JsonMapper json = JsonMapper.builder()
      .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  @Override
  public Serializer<AnswerState> serializer() {
    return (topic, state) -> {
      if (state == null) {
        return null;
      }
      try {
        return json.writeValueAsBytes(state);
      } catch (JacksonException e) {
        throw new SerializationException("Could not write an answer state: " + e.getOriginalMessage(), e);
      }
    };
  }

  @Override
  public Deserializer<AnswerState> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return json.readValue(bytes, AnswerState.class);
      } catch (JacksonException e) {
        throw new SerializationException("Could not read an answer state: " + e.getOriginalMessage(), e);
      }
    };
  }
}
