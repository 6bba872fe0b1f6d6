package org.contactability.hisconnector.domain.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.contactability.hisconnector.domain.mapping.UnmappableRowException.Problem;

/**
 * One HIS row as plain Java values by column name (strings, numbers, booleans, {@code java.time}
 * values), read leniently as HIS databases store things: ids of any type become text, dates may be
 * text in the configured patterns, flags may be 'S'/'N'. Every failure is an
 * {@link UnmappableRowException} that names the column but not the value.
 */
public final class SourceRow {

  private static final Set<String> TRUE = Set.of("true", "t", "1", "s", "si", "sí", "y", "yes");
  private static final Set<String> FALSE = Set.of("false", "f", "0", "n", "no");

  private final String table;
  private final Map<String, Object> values;
  private final Formats formats;

  public SourceRow(String table, Map<String, Object> values, Formats formats) {
    this.table = table;
    this.values = Collections.unmodifiableMap(values);
    this.formats = formats;
  }

  /**
   * How a HIS writes what it keeps as text, built once per mapping.
   *
   * @param zone the HIS's wall-clock zone, for timestamps stored without one
   */
  public record Formats(ZoneId zone, List<DateTimeFormatter> dates, List<DateTimeFormatter> dateTimes) {

    public static Formats of(HisMapping mapping) {
      return new Formats(mapping.zone(), formatters(mapping.datePatterns()), formatters(mapping.dateTimePatterns()));
    }

    private static List<DateTimeFormatter> formatters(List<String> patterns) {
      List<DateTimeFormatter> formatters = new ArrayList<>();
      for (String pattern : patterns) {
        // Strict, so that 31/02 is an error rather than quietly the 28th ('uuuu' for the year).
        formatters.add(DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT));
      }
      return List.copyOf(formatters);
    }
  }

  public String table() {
    return table;
  }

  public Map<String, Object> values() {
    return values;
  }

  /** The row id as text (the record key). */
  public String id(String column) {
    return requiredText(column);
  }

  public String requiredText(String column) {
    String text = optionalText(requireConfigured(column));
    if (text == null) {
      throw missingValue(column);
    }
    return text;
  }

  /** Trimmed text; null when the HIS has no such column or the value is null or blank. */
  public String optionalText(String column) {
    Object value = raw(column);
    if (value == null) {
      return null;
    }
    String text = value instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString() : value.toString();
    text = text.strip();
    return text.isEmpty() ? null : text;
  }

  public LocalDateTime requiredLocalDateTime(String column) {
    Object value = raw(requireConfigured(column));
    if (value == null || value instanceof String text && text.isBlank()) {
      throw missingValue(column);
    }
    if (value instanceof LocalDateTime dateTime) {
      return dateTime;
    }
    if (value instanceof String text) {
      return parseDateTime(column, text.strip());
    }
    throw unexpected(column, Problem.BAD_DATE, "a local date and time", value);
  }

  public LocalDate requiredDate(String column) {
    LocalDate date = optionalDate(requireConfigured(column));
    if (date == null) {
      throw missingValue(column);
    }
    return date;
  }

  public LocalDate optionalDate(String column) {
    Object value = raw(column);
    if (value == null || value instanceof String text && text.isBlank()) {
      return null;
    }
    if (value instanceof LocalDate date) {
      return date;
    }
    if (value instanceof LocalDateTime dateTime) {
      return dateTime.toLocalDate();
    }
    if (value instanceof String text) {
      return parseDate(column, text.strip());
    }
    throw unexpected(column, Problem.BAD_DATE, "a date", value);
  }

  /** An instant; a date-time without zone is read in the HIS's zone. */
  public Instant optionalInstant(String column) {
    Object value = raw(column);
    if (value == null || value instanceof String text && text.isBlank()) {
      return null;
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof ZonedDateTime zoned) {
      return zoned.toInstant();
    }
    if (value instanceof LocalDateTime local) {
      return local.atZone(formats.zone()).toInstant();
    }
    if (value instanceof String text) {
      try {
        return OffsetDateTime.parse(text.strip()).toInstant();
      } catch (DateTimeParseException notOffset) {
        return parseDateTime(column, text.strip()).atZone(formats.zone()).toInstant();
      }
    }
    throw unexpected(column, Problem.BAD_DATE, "a point in time", value);
  }

  /** An integer; {@code fallback} when the HIS has no such column or the value is null. */
  public int integer(String column, int fallback) {
    Object value = raw(column);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number) {
      return number.intValue();
    }
    try {
      return Integer.parseInt(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new UnmappableRowException(table, column, Problem.BAD_NUMBER, "is not a whole number");
    }
  }

  /** A yes/no flag (true/false, 1/0, S/N, Y/N); {@code fallback} when absent. */
  public boolean flag(String column, boolean fallback) {
    Object value = raw(column);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean bool) {
      return bool;
    }
    if (value instanceof Number number) {
      return number.intValue() != 0;
    }
    String text = value.toString().strip().toLowerCase(Locale.ROOT);
    if (TRUE.contains(text)) {
      return true;
    }
    if (FALSE.contains(text)) {
      return false;
    }
    throw new UnmappableRowException(table, column, Problem.BAD_NUMBER, "is not a yes/no flag");
  }

  /**
   * A coded value looked up in a code table. The code is shown in the error: codes are the HIS's
   * vocabulary, not patient data.
   */
  public <E> E code(String column, Map<String, E> values, String property) {
    String code = requiredText(column);
    E value = values.get(code);
    if (value == null) {
      throw new UnmappableRowException(table, column, Problem.UNKNOWN_CODE,
          "has the code '" + abbreviate(code) + "', which " + property + " does not map");
    }
    return value;
  }

  /** Like {@link #code} but a missing column or value gives {@code fallback}. */
  public <E> E optionalCode(String column, Map<String, E> values, String property, E fallback) {
    return optionalText(column) == null ? fallback : code(column, values, property);
  }

  public UnmappableRowException invalid(String column, Problem problem, String what) {
    return new UnmappableRowException(table, column, problem, what);
  }

  private Object raw(String column) {
    if (!Names.present(column)) {
      return null;
    }
    Object value = values.get(column);
    if (value == null && !values.containsKey(column)) {
      throw new UnmappableRowException(table, column, Problem.MISSING_COLUMN,
          "is not in the row (the mapping names a column the table does not have)");
    }
    return value;
  }

  private String requireConfigured(String column) {
    if (!Names.present(column)) {
      throw new UnmappableRowException(table, "(none)", Problem.MISSING_COLUMN,
          "is required but the mapping names no column for it");
    }
    return column;
  }

  private UnmappableRowException missingValue(String column) {
    return new UnmappableRowException(table, column, Problem.MISSING_VALUE, "is required but empty");
  }

  private UnmappableRowException unexpected(String column, Problem problem, String wanted, Object value) {
    return new UnmappableRowException(table, column, problem,
        "should hold " + wanted + " but holds a " + value.getClass().getSimpleName());
  }

  private LocalDateTime parseDateTime(String column, String text) {
    try {
      return LocalDateTime.parse(text.replace(' ', 'T'));
    } catch (DateTimeParseException notIso) {
      for (DateTimeFormatter pattern : formats.dateTimes()) {
        try {
          return LocalDateTime.parse(text, pattern);
        } catch (DateTimeParseException tryNext) {
          // the next pattern may fit
        }
      }
    }
    throw new UnmappableRowException(table, column, Problem.BAD_DATE,
        "is not a date and time (ISO-8601 or one of the configured date-time patterns)");
  }

  private LocalDate parseDate(String column, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException notIso) {
      for (DateTimeFormatter pattern : formats.dates()) {
        try {
          return LocalDate.parse(text, pattern);
        } catch (DateTimeParseException tryNext) {
          // the next pattern may fit
        }
      }
    }
    throw new UnmappableRowException(table, column, Problem.BAD_DATE,
        "is not a date (ISO-8601 or one of the configured date patterns)");
  }

  private static String abbreviate(String code) {
    return code.length() <= 40 ? code : code.substring(0, 40) + "...";
  }
}
