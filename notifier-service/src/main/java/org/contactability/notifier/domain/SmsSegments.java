package org.contactability.notifier.domain;

/**
 * How an SMS body is billed: its encoding, the code units it takes (GSM-7 septets, escaped
 * characters counting two; or UTF-16 units) and the number of segments. A segment boundary never
 * splits an escape sequence or a surrogate pair, as handsets and carriers do.
 */
public record SmsSegments(SmsEncoding encoding, int units, int segments) {

  /** Counts {@code body} as carriers do: GSM-7 when every character is in the alphabet, else UCS-2. */
  public static SmsSegments of(String body) {
    SmsEncoding encoding = Gsm7.canEncode(body) ? SmsEncoding.GSM_7 : SmsEncoding.UCS_2;
    int[] widths = encoding == SmsEncoding.GSM_7 ? gsmWidths(body) : utf16Widths(body);
    int units = 0;
    for (int width : widths) {
      units += width;
    }
    if (units <= encoding.singleSegmentUnits()) {
      return new SmsSegments(encoding, units, 1);
    }
    int segments = 1;
    int filled = 0;
    for (int width : widths) {
      if (filled + width > encoding.concatenatedSegmentUnits()) {
        segments++;
        filled = 0;
      }
      filled += width;
    }
    return new SmsSegments(encoding, units, segments);
  }

  private static int[] gsmWidths(String body) {
    return body.codePoints().map(Gsm7::septets).toArray();
  }

  /** One entry per code point: 1 unit in the BMP, 2 for a surrogate pair (emoji), which cannot be split. */
  private static int[] utf16Widths(String body) {
    return body.codePoints().map(Character::charCount).toArray();
  }
}
