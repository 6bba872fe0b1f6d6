package org.contactability.hisconnector.adapters.debezium;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Debezium's row structs as plain Java values by column name. Debezium encodes temporal columns as
 * numbers or strings named by semantic types (e.g. {@code io.debezium.time.MicroTimestamp}: a
 * timestamp without zone as microseconds "since the epoch" of its own wall clock); these become
 * {@link LocalDate}, {@link LocalDateTime} and {@link Instant} so that the mapping never sees
 * connector encodings.
 */
final class ColumnValues {

  private ColumnValues() {
  }

  static Map<String, Object> of(Struct row) {
    if (row == null) {
      return null;
    }
    Map<String, Object> values = new HashMap<>(row.schema().fields().size() * 2);
    for (Field field : row.schema().fields()) {
      values.put(field.name(), value(field.schema(), row.get(field)));
    }
    return values;
  }

  static Object value(Schema schema, Object value) {
    if (value == null || schema.name() == null) {
      return value;
    }
    return switch (schema.name()) {
      case "io.debezium.time.Date" -> LocalDate.ofEpochDay(((Number) value).longValue());
      case "io.debezium.time.Timestamp" -> local(((Number) value).longValue() * 1_000_000L);
      case "io.debezium.time.MicroTimestamp" -> local(((Number) value).longValue() * 1_000L);
      case "io.debezium.time.NanoTimestamp" -> local(((Number) value).longValue());
      case "io.debezium.time.ZonedTimestamp" -> OffsetDateTime.parse((String) value).toInstant();
      case "org.apache.kafka.connect.data.Date" ->
          ((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
      case "org.apache.kafka.connect.data.Timestamp" ->
          LocalDateTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
      default -> value;
    };
  }

  /** Debezium counts a zone-less timestamp from 1970-01-01T00:00 of its own wall clock. */
  private static LocalDateTime local(long nanosSinceEpoch) {
    long seconds = Math.floorDiv(nanosSinceEpoch, 1_000_000_000L);
    int nanos = (int) Math.floorMod(nanosSinceEpoch, 1_000_000_000L);
    return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
  }
}
