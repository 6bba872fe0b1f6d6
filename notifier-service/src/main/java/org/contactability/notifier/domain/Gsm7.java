package org.contactability.notifier.domain;

import java.text.Normalizer;
import java.util.Map;

/**
 * The GSM 03.38 default alphabet and its extension table. Spanish text is mostly GSM-7 ("ñ", "é",
 * "¿", "¡" are in it) but "á", "í", "ó", "ú" are not: one of them turns the whole SMS into UCS-2,
 * which fits fewer than half as many characters in a segment.
 */
public final class Gsm7 {

  private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  /** Sent as ESC + character: two septets each. */
  private static final String EXTENSION = "\f^{}\\[~]|€";

  /** Typographic characters that have a plain GSM-7 look-alike. */
  private static final Map<Integer, String> LOOK_ALIKES = Map.ofEntries(
      Map.entry((int) '\u2018', "'"), Map.entry((int) '\u2019', "'"), Map.entry((int) '\u201C', "\""),
      Map.entry((int) '\u201D', "\""), Map.entry((int) '\u2013', "-"), Map.entry((int) '\u2014', "-"),
      Map.entry((int) '\u2026', "..."), Map.entry((int) '\u00A0', " "), Map.entry((int) '\u00BA', "o"),
      Map.entry((int) '\u00AA', "a"), Map.entry((int) '\t', " "));

  private Gsm7() {
  }

  public static boolean canEncode(String text) {
    return text.codePoints().allMatch(Gsm7::isGsm7);
  }

  /** Septets that {@code codePoint} takes in GSM-7 (1, or 2 for the extension table). */
  static int septets(int codePoint) {
    return EXTENSION.indexOf(codePoint) >= 0 ? 2 : 1;
  }

  private static boolean isGsm7(int codePoint) {
    return (BASIC.indexOf(codePoint) >= 0 && codePoint != 0x1B) || EXTENSION.indexOf(codePoint) >= 0;
  }

  /**
   * Rewrites {@code text} into the GSM-7 alphabet: characters already in it stay ("ñ", "é", "¿"),
   * accented letters lose their accent ("á" becomes "a"), typographic quotes and dashes become plain
   * ones, and anything else becomes "?". Shortens the SMS bill at the price of the accents.
   */
  public static String transliterate(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(codePoint -> {
      if (isGsm7(codePoint)) {
        out.appendCodePoint(codePoint);
        return;
      }
      String lookAlike = LOOK_ALIKES.get(codePoint);
      if (lookAlike != null) {
        out.append(lookAlike);
        return;
      }
      String stripped = Normalizer.normalize(new String(Character.toChars(codePoint)), Normalizer.Form.NFD)
          .replaceAll("\\p{M}", "");
      out.append(!stripped.isEmpty() && canEncode(stripped) ? stripped : "?");
    });
    return out.toString();
  }
}
