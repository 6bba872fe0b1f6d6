package org.contactability.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds records with every field filled from a schema, so that round-trip tests cover each field
 * of each contract without a hand-written sample that falls behind when a field is added.
 */
final class RandomRecords {

  private final Random random;

  RandomRecords(long seed) {
    this.random = new Random(seed);
  }

  /** A generic record of {@code schema}, every optional field set on even seeds, null on odd ones. */
  GenericData.Record generic(Schema schema, boolean fillOptional) {
    return (GenericData.Record) value(schema, fillOptional);
  }

  /** Plain Avro binary of a generic record, without any framing. */
  static byte[] binary(GenericData.Record record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericData.Record>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** The generated-class instance equal to a generic record. */
  static <T extends SpecificRecord> T specific(GenericData.Record record, Class<T> type) throws IOException {
    GeneratedClassTrust.install();
    SpecificData data = SpecificData.getForClass(type);
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(record.getSchema(), data.getSchema(type), data);
    return reader.read(null, DecoderFactory.get().binaryDecoder(binary(record), null));
  }

  private Object value(Schema schema, boolean fillOptional) {
    switch (schema.getType()) {
      case RECORD -> {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.pos(), value(field.schema(), fillOptional));
        }
        return record;
      }
      case UNION -> {
        List<Schema> nonNull = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
        boolean optional = nonNull.size() < schema.getTypes().size();
        if (optional && !fillOptional) {
          return null;
        }
        return value(nonNull.get(random.nextInt(nonNull.size())), fillOptional);
      }
      case ENUM -> {
        List<String> symbols = schema.getEnumSymbols();
        return new GenericData.EnumSymbol(schema, symbols.get(random.nextInt(symbols.size())));
      }
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          items.add(value(schema.getElementType(), fillOptional));
        }
        return new GenericData.Array<>(schema, items);
      }
      case MAP -> {
        Map<String, Object> map = new HashMap<>();
        if (fillOptional) {
          map.put("k" + random.nextInt(100), value(schema.getValueType(), true));
        }
        return map;
      }
      case STRING -> {
        return "s-" + Integer.toHexString(random.nextInt()) + " ñandú";
      }
      case BYTES -> {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
      }
      case INT -> {
        // Dates (days since epoch) stay within a plausible range.
        return schema.getLogicalType() != null ? 19_000 + random.nextInt(3_000) : random.nextInt(10_000);
      }
      case LONG -> {
        // Instants and local date-times in millis, 2020-2035.
        return schema.getLogicalType() != null ? 1_577_836_800_000L + (long) (random.nextDouble() * 473_040_000_000L)
            : random.nextLong();
      }
      case BOOLEAN -> {
        return random.nextBoolean();
      }
      case DOUBLE -> {
        return random.nextDouble();
      }
      case FLOAT -> {
        return random.nextFloat();
      }
      case NULL -> {
        return null;
      }
      default -> throw new IllegalArgumentException("no generator for " + schema.getType());
    }
  }
}
