package org.contactability.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.contactability.schemas.registry.SchemaRegistries;
import org.contactability.schemas.registry.SchemaRegistry;
import org.contactability.schemas.registry.SchemaRegistryException;

/**
 * Reads records in Confluent's wire format into generated classes, resolving the writer's schema
 * (looked up by id) against the reader's, so that records written by older or newer versions of a
 * BACKWARD compatible contract are read. Every failure is a {@link SerializationException} that
 * says what to look at: consumers send such records to their dead-letter topic.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private SchemaRegistry registry;
  private Class<T> type;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  /** For Kafka, which creates deserializers by class name and then calls {@link #configure}. */
  public AvroDeserializer() {
    GeneratedClassTrust.install();
  }

  /** @param type class to read into, or {@code null} to use the class named by the writer's schema */
  public AvroDeserializer(SchemaRegistry registry, Class<T> type) {
    this();
    this.registry = registry;
    this.type = type;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    if (registry == null) {
      registry = SchemaRegistries.forUrl(config.registryUrl(), config.basicAuthUserInfo());
    }
    String typeName = config.specificType(isKey);
    if (type == null && typeName != null) {
      try {
        type = (Class<T>) Class.forName(typeName, true, Thread.currentThread().getContextClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("No generated Avro class " + typeName + " on the classpath", e);
      }
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new SerializationException("AvroDeserializer used before configure(): no schema registry");
    }
    int id = WireFormat.schemaId(topic, data);
    DatumReader<T> reader = readers.computeIfAbsent(id, unused -> readerFor(topic, id));
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
          data.length - WireFormat.HEADER_LENGTH, null);
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Could not decode a record of topic '" + topic + "' written with schema id "
          + id + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private DatumReader<T> readerFor(String topic, int id) {
    Schema writer = writerSchema(registry, topic, id);
    Class<?> target = type;
    if (target == null) {
      target = SpecificData.get().getClass(writer);
      if (target == null) {
        throw new SerializationException("No generated class for schema " + writer.getFullName()
            + " (topic '" + topic + "'): set " + AvroSerdeConfig.SPECIFIC_VALUE_TYPE);
      }
    }
    SpecificData data = SpecificData.getForClass(target);
    Schema reader = data.getSchema(target);
    return new SpecificDatumReader<T>(writer, reader, data);
  }

  /** The writer's schema of a record, by its id, or an error that says where to look. */
  static Schema writerSchema(SchemaRegistry registry, String topic, int id) {
    try {
      return registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      if (e.isNotFound()) {
        throw new SerializationException("Unknown schema id " + id + " in a record of topic '" + topic
            + "': the schema registry at " + registry.location() + " has no schema with that id. Was the record"
            + " written against another registry?", e);
      }
      throw new SerializationException("Could not fetch schema id " + id + " for topic '" + topic + "' from "
          + registry.location() + ": " + e.getMessage(), e);
    }
  }
}
