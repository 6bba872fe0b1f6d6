package org.contactability.hisconnector.adapters.debezium;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Debezium's row structs as plain Java values by column name. Debezium encodes temporal columns as
 * numbers or strings named by semantic types (e.g. {@code io.debezium.time.MicroTimestamp}: a
 * timestamp without zone as microseconds "since the epoch" of its own wall clock); these become
 * {@link LocalDate}, {@link LocalDateTime} and {@link Instant} so that the mapping never sees
 * connector encodings.
 *
 * <p>The map is a read-only view of the struct that converts a column when it is read: the mapping
 * reads only the columns it maps, and a row often has others (e.g. the HIS's own timestamps, which
 * arrive as text and are costly to parse).
 */
final class ColumnValues extends AbstractMap<String, Object> {

  private final Struct row;

  private ColumnValues(Struct row) {
    this.row = row;
  }

  static Map<String, Object> of(Struct row) {
    return row == null ? null : new ColumnValues(row);
  }

  @Override
  public Object get(Object column) {
    Field field = column instanceof String name ? row.schema().field(name) : null;
    return field == null ? null : value(field.schema(), row.get(field));
  }

  @Override
  public boolean containsKey(Object column) {
    return column instanceof String name && row.schema().field(name) != null;
  }

  @Override
  public int size() {
    return row.schema().fields().size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    List<Field> fields = row.schema().fields();
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        Iterator<Field> each = fields.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return each.hasNext();
          }

          @Override
          public Entry<String, Object> next() {
            Field field = each.next();
            return new SimpleImmutableEntry<>(field.name(), value(field.schema(), row.get(field)));
          }
        };
      }

      @Override
      public int size() {
        return fields.size();
      }
    };
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
      case "io.debezium.time.ZonedTimestamp" -> instant((String) value);
      case "org.apache.kafka.connect.data.Date" ->
          ((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
      case "org.apache.kafka.connect.data.Timestamp" ->
          LocalDateTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
      default -> value;
    };
  }

  /**
   * A {@code ZonedTimestamp}: ISO-8601 with offset, as Debezium writes it
   * ({@code 2026-01-05T11:00:00.123456Z}). {@link OffsetDateTime#parse} took a tenth of the
   * handler's time and a fifth of its allocations, so the shape Debezium writes is read directly;
   * anything else, and any value out of range, goes to the library, which decides.
   */
  static Instant instant(String text) {
    int length = text.length();
    if (length >= 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
        && text.charAt(13) == ':' && text.charAt(16) == ':') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      int at = 19;
      int nanos = 0;
      if (text.charAt(at) == '.') {
        int start = ++at;
        while (at < length && at - start < 9 && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
          nanos = nanos * 10 + (text.charAt(at++) - '0');
        }
        int figures = at - start;
        for (int scale = figures; scale < 9; scale++) {
          nanos *= 10;
        }
        nanos = figures == 0 ? -1 : nanos;
      }
      ZoneOffset offset = offset(text, at);
      if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && nanos >= 0
          && offset != null) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
        } catch (DateTimeException outOfRange) {
          // the library gives its own error below
        }
      }
    }
    return OffsetDateTime.parse(text).toInstant();
  }

  /** {@code Z} or {@code ±HH:MM} ending the text at {@code at}; null otherwise. */
  private static ZoneOffset offset(String text, int at) {
    int left = text.length() - at;
    if (left == 1 && text.charAt(at) == 'Z') {
      return ZoneOffset.UTC;
    }
    char sign = left == 6 ? text.charAt(at) : ' ';
    if ((sign != '+' && sign != '-') || text.charAt(at + 3) != ':') {
      return null;
    }
    int hours = digits(text, at + 1, 2);
    int minutes = digits(text, at + 4, 2);
    if (hours < 0 || minutes < 0) {
      return null;
    }
    try {
      return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    } catch (DateTimeException outOfRange) {
      return null;
    }
  }

  /** The number written by {@code count} ASCII digits from {@code from}; -1 if they are not all digits. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Debezium counts a zone-less timestamp from 1970-01-01T00:00 of its own wall clock. */
  private static LocalDateTime local(long nanosSinceEpoch) {
    long seconds = Math.floorDiv(nanosSinceEpoch, 1_000_000_000L);
    int nanos = (int) Math.floorMod(nanosSinceEpoch, 1_000_000_000L);
    return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
  }
}
