package org.contactability.common;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import org.contactability.common.privacy.Mask;
import org.contactability.contracts.common.Channel;

/**
 * A patient's phone number: valid for its region, a mobile (WhatsApp, SMS and voice) or a landline
 * (voice only). The one place where phone numbers are read, so that the HIS's number, the number a
 * request is sent to and the number a patient writes from always meet.
 *
 * <p>{@link #parse(String, String)} reads a number as clerks type it ({@code +56 9 6123 4567},
 * {@code 961234567}, {@code 9-6123-4567}, {@code 42 222 3344}) or as Twilio addresses it
 * ({@code whatsapp:+56961234567}, {@code tel:+56422223344}), with libphonenumber; a number without a
 * country code is a national number of the given region (the deployment's configuration, {@code CL}
 * by default). Numbers libphonenumber does not hold valid, and service numbers (toll-free, shared
 * cost, premium rate, ...), are refused: they are no patient's phone. A phone number identifies a
 * person, so {@link #toString()} is masked; error messages never repeat the input.
 */
public final class PhoneNumber {

  /** Region of numbers written without a country code, unless configured otherwise. */
  public static final String DEFAULT_REGION = "CL";

  /** What a number can be used for. */
  public enum Kind {
    /** WhatsApp, SMS and voice. */
    MOBILE(EnumSet.of(Channel.WHATSAPP, Channel.SMS, Channel.VOICE)),
    /** A fixed line: voice only. */
    LANDLINE(EnumSet.of(Channel.VOICE));

    private final Set<Channel> channels;

    Kind(Set<Channel> channels) {
      this.channels = Set.copyOf(channels);
    }

    public Set<Channel> channels() {
      return channels;
    }
  }

  /** Why a text is not a patient's phone number. */
  public enum Problem {
    /** Nothing but blanks (or nothing after "whatsapp:"). */
    EMPTY,
    /** Not a phone number at all (words, too few or too many digits, an unknown country code). */
    NOT_A_NUMBER,
    /** Shaped like a number, but no number in use in its region has that length and prefix. */
    NOT_VALID,
    /** A valid number that is no person's phone: toll-free, shared cost, premium rate, pager, ... */
    SERVICE_NUMBER
  }

  /** A text that is not a patient's phone number; the message says why without repeating the text. */
  public static final class InvalidPhoneNumberException extends IllegalArgumentException {

    private final Problem problem;

    InvalidPhoneNumberException(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /**
   * Regions whose numbering plan libphonenumber cannot tell mobiles from landlines in (version 9
   * reports every valid Chilean number as FIXED_LINE_OR_MOBILE), with the leading digits of the
   * national number that make a mobile: Chilean mobiles are +56 9 XXXX XXXX.
   */
  private static final Map<String, String> MOBILE_LEADING_DIGITS = Map.of("CL", "9");

  private final String e164;
  private final Kind kind;

  private PhoneNumber(String e164, Kind kind) {
    this.e164 = e164;
    this.kind = kind;
  }

  /**
   * Reads a phone number.
   *
   * @param region ISO 3166 region of numbers written without a country code (see {@link #requireRegion})
   * @throws InvalidPhoneNumberException saying what is wrong, without repeating the text
   */
  public static PhoneNumber parse(String text, String region) {
    String number = withoutScheme(text);
    if (number.isBlank()) {
      throw new InvalidPhoneNumberException(Problem.EMPTY, "is empty");
    }
    com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parsed;
    try {
      parsed = UTIL.parse(number, requireRegion(region));
    } catch (NumberParseException e) {
      throw new InvalidPhoneNumberException(Problem.NOT_A_NUMBER, "is not a phone number (" + e.getErrorType() + ")");
    }
    // The type is matched against the region's patterns once: a number of no known type is what libphonenumber's
    // isValidNumber calls invalid (it matches the same patterns), so that check would only repeat this one.
    PhoneNumberType type = UTIL.getNumberType(parsed);
    if (type == PhoneNumberType.UNKNOWN) {
      throw new InvalidPhoneNumberException(Problem.NOT_VALID, "is not a valid number for region "
          + Optional.ofNullable(UTIL.getRegionCodeForNumber(parsed)).orElse("+" + parsed.getCountryCode())
          + " (wrong length or prefix)");
    }
    Kind kind = kindOf(parsed, type);
    if (kind == null) {
      throw new InvalidPhoneNumberException(Problem.SERVICE_NUMBER, "is a service number ("
          + type.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "), not a person's phone");
    }
    return new PhoneNumber(UTIL.format(parsed, PhoneNumberFormat.E164), kind);
  }

  /** The number, or empty when the text is not a patient's phone number (blank included). */
  public static Optional<PhoneNumber> tryParse(String text, String region) {
    try {
      return Optional.of(parse(text, region));
    } catch (InvalidPhoneNumberException invalid) {
      return Optional.empty();
    }
  }

  /**
   * The region in upper case, checked against libphonenumber's regions: configuration names it once,
   * so a typo fails at start-up rather than at the first number.
   */
  public static String requireRegion(String region) {
    String upper = region == null ? "" : region.strip().toUpperCase(Locale.ROOT);
    if (!UTIL.getSupportedRegions().contains(upper)) {
      throw new IllegalArgumentException("unknown phone region '" + region + "' (use an ISO 3166 code such as CL)");
    }
    return upper;
  }

  /** E.164: {@code +56961234567}. */
  public String e164() {
    return e164;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isMobile() {
    return kind == Kind.MOBILE;
  }

  /** The channels a message can take to this number. */
  public Set<Channel> channels() {
    return kind.channels();
  }

  public boolean reaches(Channel channel) {
    return kind.channels().contains(channel);
  }

  /**
   * The number as a channel's provider addresses it: {@code whatsapp:+569...} for WhatsApp, E.164
   * for SMS and voice.
   *
   * @throws IllegalArgumentException when the channel cannot reach this number (a landline on SMS)
   */
  public String address(Channel channel) {
    if (!reaches(channel)) {
      throw new IllegalArgumentException("a " + kind.name().toLowerCase(Locale.ROOT) + " number cannot be reached on "
          + channel);
    }
    return channel == Channel.WHATSAPP ? "whatsapp:" + e164 : e164;
  }

  /** Masked for logs, as {@link Mask#phone(String)} masks it: {@code +569******67}. */
  @Override
  public String toString() {
    return Mask.phone(e164);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PhoneNumber phone && phone.e164.equals(e164);
  }

  @Override
  public int hashCode() {
    return e164.hashCode();
  }

  private static Kind kindOf(com.google.i18n.phonenumbers.Phonenumber.PhoneNumber number, PhoneNumberType type) {
    return switch (type) {
      case MOBILE -> Kind.MOBILE;
      case FIXED_LINE_OR_MOBILE -> {
        String mobileDigits = MOBILE_LEADING_DIGITS.get(UTIL.getRegionCodeForNumber(number));
        yield mobileDigits == null || UTIL.getNationalSignificantNumber(number).startsWith(mobileDigits)
            ? Kind.MOBILE : Kind.LANDLINE;
      }
      // Numbers a person answers, but no text message is known to reach.
      case FIXED_LINE, VOIP, PERSONAL_NUMBER -> Kind.LANDLINE;
      default -> null;
    };
  }

  /** Twilio's "whatsapp:" and "tel:" address schemes (and "sms:") stand before the number. */
  private static String withoutScheme(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int colon = trimmed.indexOf(':');
    if (colon > 0) {
      String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
      if (scheme.equals("whatsapp") || scheme.equals("tel") || scheme.equals("sms")) {
        return trimmed.substring(colon + 1);
      }
    }
    return trimmed;
  }
}
