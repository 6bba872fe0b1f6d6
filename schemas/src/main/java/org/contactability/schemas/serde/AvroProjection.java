package org.contactability.schemas.serde;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.contactability.schemas.registry.SchemaRegistry;

/**
 * Reads a few top-level fields of a record and skips the rest without decoding it: for a consumer that must
 * know whether a record is its own (a notifier lane and a request's channel) before it pays for reading it
 * whole. Same wire format, registry and schema resolution as {@link AvroDeserializer}; every failure is a
 * {@link SerializationException}.
 */
public final class AvroProjection implements Deserializer<GenericRecord> {

  private final SchemaRegistry registry;
  private final Schema projection;
  private final Map<Integer, DatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

  /** @param projection the reader's schema: see {@link #of} */
  public AvroProjection(SchemaRegistry registry, Schema projection) {
    this.registry = registry;
    this.projection = projection;
  }

  /** {@code record} with only {@code fields}, under its name and aliases, so that writers' schemas resolve to it. */
  public static Schema of(Schema record, Set<String> fields) {
    List<Schema.Field> kept = record.getFields().stream().filter(f -> fields.contains(f.name()))
        .map(f -> new Schema.Field(f, f.schema())).toList();
    if (kept.size() != fields.size()) {
      throw new IllegalArgumentException(record.getFullName() + " has not every field of " + fields);
    }
    Schema projection = Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, kept);
    record.getAliases().forEach(projection::addAlias);
    return projection;
  }

  @Override
  public GenericRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id = WireFormat.schemaId(topic, data);
    DatumReader<GenericRecord> reader = readers.computeIfAbsent(id,
        unused -> new GenericDatumReader<>(AvroDeserializer.writerSchema(registry, topic, id), projection,
            GenericData.get()));
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
          data.length - WireFormat.HEADER_LENGTH, null));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Could not decode a record of topic '" + topic + "' written with schema id "
          + id + ": " + e.getMessage(), e);
    }
  }
}
