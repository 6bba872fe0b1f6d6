package org.contactability.common;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a site is, as patients are told: its street address and its commune ("comuna"), which the HIS
 * keeps in separate columns. {@link #written()} joins them the way a Chilean address is written
 * ("Francisco Ramírez 10, Chillán"), without repeating a commune the street column already ends with.
 *
 * @param street  street and number as the HIS has it, may be null
 * @param commune commune, may be null
 */
public record SiteAddress(String street, String commune) {

  /** Combining marks, which decomposition (NFD) splits from their letters. */
  private static final Pattern MARKS = Pattern.compile("\\p{M}");
  private static final char[] LATIN_1 = latin1WithoutMarks();

  /** The address as one line; empty when the HIS gives no street. */
  public Optional<String> written() {
    String s = trimmed(street);
    if (s == null) {
      return Optional.empty();
    }
    String c = trimmed(commune);
    if (c == null || folded(s).endsWith(folded(c))) {
      return Optional.of(s);
    }
    return Optional.of(s + ", " + c);
  }

  /** Blank-free and without a final full stop, which the texts write themselves. */
  private static String trimmed(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String t = value.strip();
    while (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t.isEmpty() ? null : t;
  }

  /** Case and accents do not make another commune ("Chillan" is "Chillán"). */
  static String folded(String value) {
    char[] unmarked = new char[value.length()];
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= LATIN_1.length || LATIN_1[c] == 0) {
        return MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
      }
      unmarked[i] = LATIN_1[c];
    }
    return new String(unmarked).toLowerCase(Locale.ROOT);
  }

  /**
   * Each Latin-1 character without its accent ("á" is "a"), as decomposition (NFD) and dropping the marks make it;
   * 0 where that is not a single character. Names in Chile are written in Latin-1, and a character of it decomposes
   * into at most a letter and a mark, so the table gives what {@code folded} would compute, without the normaliser.
   */
  private static char[] latin1WithoutMarks() {
    char[] table = new char[0x100];
    for (char c = 0; c < table.length; c++) {
      String unmarked = MARKS.matcher(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD)).replaceAll("");
      table[c] = unmarked.length() == 1 ? unmarked.charAt(0) : 0;
    }
    return table;
  }
}
