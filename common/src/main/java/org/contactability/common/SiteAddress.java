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
  private static String folded(String value) {
    String unmarked = isAscii(value) ? value
        : MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("");
    return unmarked.toLowerCase(Locale.ROOT);
  }

  /** ASCII has neither marks nor anything decomposition changes. */
  private static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }
}
