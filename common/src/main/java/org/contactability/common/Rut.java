package org.contactability.common;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contactability.common.privacy.Mask;

/**
 * A Chilean RUT/RUN (rol único tributario / nacional): a number and its mod-11 check digit.
 *
 * <p>{@link #parse(String)} accepts the ways people write it ({@code 12.345.678-5},
 * {@code 12345678-5}, {@code 123456785}, lower-case {@code k}, surrounding blanks) and rejects
 * anything whose check digit does not match. {@link #normalized()} is the form databases and
 * contracts store ({@code 12345678-5}). A RUT identifies a person, so {@link #toString()} is
 * masked; error messages never repeat the input.
 */
public final class Rut implements Comparable<Rut> {

  /** Largest number a RUT can carry (eight digits). */
  public static final int MAX_NUMBER = 99_999_999;

  // Either groups of three separated by dots ("12.345.678") or plain digits, then an optional
  // hyphen and the check digit.
  private static final Pattern SHAPE =
      Pattern.compile("(\\d{1,3}(?:\\.\\d{3})+|\\d+)-?([0-9K])");

  private final int number;
  private final char checkDigit;

  private Rut(int number) {
    this.number = number;
    this.checkDigit = checkDigitOf(number);
  }

  /** The RUT with this number and its computed check digit. */
  public static Rut of(int number) {
    if (number < 1 || number > MAX_NUMBER) {
      throw new IllegalArgumentException("RUT number must be between 1 and " + MAX_NUMBER);
    }
    return new Rut(number);
  }

  /**
   * Parses a RUT as people write it.
   *
   * @throws IllegalArgumentException saying what is wrong (without repeating the input)
   */
  public static Rut parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("RUT is missing");
    }
    String trimmed = text.strip().toUpperCase(Locale.ROOT);
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("RUT is empty");
    }
    Matcher matcher = SHAPE.matcher(trimmed);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "RUT must be digits (optionally grouped by dots), an optional hyphen and a check digit 0-9 or K");
    }
    String digits = stripLeadingZeros(matcher.group(1).replace(".", ""));
    if (digits.isEmpty() || digits.length() > 8) {
      throw new IllegalArgumentException("RUT number must be between 1 and " + MAX_NUMBER);
    }
    Rut rut = new Rut(Integer.parseInt(digits));
    if (rut.checkDigit != matcher.group(2).charAt(0)) {
      throw new IllegalArgumentException("RUT check digit does not match its number");
    }
    return rut;
  }

  /** The RUT, or empty when the text is not a valid RUT. */
  public static Optional<Rut> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException invalid) {
      return Optional.empty();
    }
  }

  /** Whether the text is a RUT with a matching check digit, in any accepted writing. */
  public static boolean isValid(String text) {
    return tryParse(text).isPresent();
  }

  /** The mod-11 check digit of a RUT number: '0'-'9' or 'K'. */
  public static char checkDigitOf(int number) {
    if (number < 0) {
      throw new IllegalArgumentException("RUT number must not be negative");
    }
    int sum = 0;
    int weight = 2;
    for (int rest = number; rest > 0; rest /= 10) {
      sum += (rest % 10) * weight;
      weight = weight == 7 ? 2 : weight + 1;
    }
    int digit = 11 - sum % 11;
    return switch (digit) {
      case 11 -> '0';
      case 10 -> 'K';
      default -> (char) ('0' + digit);
    };
  }

  public int number() {
    return number;
  }

  public char checkDigit() {
    return checkDigit;
  }

  /** Digits, hyphen, check digit: {@code 12345678-5}, {@code 10000013-K}. */
  public String normalized() {
    return number + "-" + checkDigit;
  }

  /** With thousands dots, as printed on the identity card: {@code 12.345.678-5}. */
  public String dotted() {
    return String.format(Locale.ROOT, "%,d", number).replace(',', '.') + "-" + checkDigit;
  }

  /** Masked for logs, as {@link Mask#rut(String)} masks it: {@code *****678-5}. */
  @Override
  public String toString() {
    return Mask.rut(normalized());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Rut rut && rut.number == number;
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(number);
  }

  @Override
  public int compareTo(Rut other) {
    return Integer.compare(number, other.number);
  }

  private static String stripLeadingZeros(String digits) {
    int first = 0;
    while (first < digits.length() && digits.charAt(first) == '0') {
      first++;
    }
    return digits.substring(first);
  }
}
