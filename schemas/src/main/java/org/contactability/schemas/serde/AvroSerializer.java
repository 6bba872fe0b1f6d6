package org.contactability.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.schemas.registry.SchemaRegistries;
import org.contactability.schemas.registry.SchemaRegistry;
import org.contactability.schemas.registry.SchemaRegistryException;

/**
 * Writes Avro records in Confluent's wire format, registering their schema under the subject
 * {@code <topic>-value} (or {@code -key}), Confluent's TopicNameStrategy. Configured with the same
 * keys as Confluent's {@code KafkaAvroSerializer} (see {@link AvroSerdeConfig}).
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

  private SchemaRegistry registry;
  /** Set by the programmatic constructor, else by {@link #configure}. */
  private Boolean autoRegister;
  private boolean isKey;
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  /**
   * A buffered encoder per thread, reused: the direct encoder wrote to the stream byte by byte, and
   * {@link ByteArrayOutputStream}'s writes are synchronized, which doubled the cost of a record.
   */
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
  /**
   * Schema ids by topic (hence subject) and schema, so that the registry is asked once per schema
   * rather than once per record (registries key their own caches by the schema's JSON text, which
   * is costly to build for every record).
   */
  private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();

  /** For Kafka, which creates serializers by class name and then calls {@link #configure}. */
  public AvroSerializer() {
    GeneratedClassTrust.install();
  }

  public AvroSerializer(SchemaRegistry registry, boolean autoRegister) {
    this();
    this.registry = registry;
    this.autoRegister = autoRegister;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    this.isKey = isKey;
    if (autoRegister == null) {
      autoRegister = config.autoRegister();
    }
    if (registry == null) {
      registry = SchemaRegistries.forUrl(config.registryUrl(), config.basicAuthUserInfo());
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (registry == null) {
      throw new SerializationException("AvroSerializer used before configure(): no schema registry");
    }
    Schema schema = record.getSchema();
    // Keyed by topic (one subject per topic for this serializer), so that no subject is built per record.
    Map<Schema, Integer> idsOfSubject = ids.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    Integer id = idsOfSubject.get(schema);
    if (id == null) {
      String subject = topic + (isKey ? "-key" : "-value");
      boolean register = autoRegister == null || autoRegister;
      try {
        id = register ? registry.register(subject, schema) : registry.idOf(subject, schema);
      } catch (SchemaRegistryException e) {
        throw new SerializationException("Could not " + (register ? "register" : "find") + " schema "
            + schema.getFullName() + " under subject '" + subject + "' at " + registry.location() + ": " + e.getMessage(), e);
      }
      idsOfSubject.put(schema, id);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(WireFormat.MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
      encoders.set(encoder);
      writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)))
          .write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Could not encode a " + schema.getFullName() + " for topic '" + topic
          + "': " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
