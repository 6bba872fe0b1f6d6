package org.contactability.notifier.domain;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Dates, times and people as Chilean hospitals write them in messages: "06 de mayo" on WhatsApp,
 * "6 de mayo" on SMS, "10:00" (followed by "horas" in the text), "la Dra. Juanita Pérez Mellado".
 */
public final class SpanishWording {

  public static final Locale ES_CL = Locale.forLanguageTag("es-CL");

  /**
   * Month and weekday names as the JDK's es-CL formatter writes them ("mayo", "miércoles"), looked up once: a
   * formatter finds them again on every call, and every message writes several dates.
   */
  private static final String[] MONTHS = names(12, i -> LocalDate.of(2026, i + 1, 1), "MMMM");
  private static final String[] WEEKDAYS = names(7, i -> LocalDate.of(2026, 5, 4 + i), "EEEE"); // Monday first

  /** Titles by their letters (case and dot ignored): how they are written and the article they take. */
  private static final Map<String, String[]> TITLES = Map.of(
      "dr", new String[] {"el", "Dr."},
      "dra", new String[] {"la", "Dra."},
      "sr", new String[] {"el", "Sr."},
      "sra", new String[] {"la", "Sra."},
      "srta", new String[] {"la", "Srta."},
      "prof", new String[] {"el", "Prof."},
      "profa", new String[] {"la", "Profa."});

  private SpanishWording() {
  }

  /** "06 de mayo" ({@code twoDigitDay}) or "6 de mayo". */
  public static String dayAndMonth(LocalDate date, boolean twoDigitDay) {
    int day = date.getDayOfMonth();
    return (twoDigitDay && day < 10 ? "0" : "") + day + " de " + MONTHS[date.getMonthValue() - 1];
  }

  /** "10:00", 24-hour clock. */
  public static String time(LocalTime time) {
    return twoDigits(time.getHour()) + ":" + twoDigits(time.getMinute());
  }

  /** "martes". */
  public static String weekday(LocalDate date) {
    return WEEKDAYS[date.getDayOfWeek().getValue() - 1];
  }

  /**
   * The professional as the sentence "con ..." needs: "la Dra. Juanita Pérez Mellado", "el Dr. Soto".
   * An unknown title is kept without an article ("Mat. Ana Rojas"); no title gives the name alone.
   */
  public static String professional(String title, String name) {
    String trimmedName = name == null ? "" : name.trim();
    if (title == null || title.isBlank()) {
      return trimmedName;
    }
    String[] known = TITLES.get(title.trim().toLowerCase(ES_CL).replace(".", ""));
    if (known == null) {
      return (title.trim() + " " + trimmedName).trim();
    }
    return known[0] + " " + known[1] + " " + trimmedName;
  }

  private static String twoDigits(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }

  private static String[] names(int count, IntFunction<LocalDate> day, String pattern) {
    DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern, ES_CL);
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = formatter.format(day.apply(i));
    }
    return names;
  }
}
