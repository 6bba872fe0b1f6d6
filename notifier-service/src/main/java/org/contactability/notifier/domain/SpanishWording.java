package org.contactability.notifier.domain;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Dates, times and people as Chilean hospitals write them in messages: "06 de mayo" on WhatsApp,
 * "6 de mayo" on SMS, "10:00" (followed by "horas" in the text), "la Dra. Juanita Pérez Mellado".
 */
public final class SpanishWording {

  public static final Locale ES_CL = Locale.forLanguageTag("es-CL");

  private static final DateTimeFormatter TWO_DIGIT_DAY = DateTimeFormatter.ofPattern("dd 'de' MMMM", ES_CL);
  private static final DateTimeFormatter PLAIN_DAY = DateTimeFormatter.ofPattern("d 'de' MMMM", ES_CL);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", ES_CL);
  private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEEE", ES_CL);

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
    return (twoDigitDay ? TWO_DIGIT_DAY : PLAIN_DAY).format(date);
  }

  /** "10:00", 24-hour clock. */
  public static String time(LocalTime time) {
    return TIME.format(time);
  }

  /** "martes". */
  public static String weekday(LocalDate date) {
    return WEEKDAY.format(date);
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
}
