package org.contactability.notifier.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.contactability.contracts.common.Channel;

/**
 * Validates and normalises where a message goes. Phones are parsed with libphonenumber, numbers
 * written without a country code being read as national numbers of the hospital's region
 * (Chile: "9 8765 4321" is +56 9 8765 4321). WhatsApp and SMS need a mobile number; a voice call
 * reaches any valid number.
 */
public final class Recipients {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /** Leading digits of mobile numbers where libphonenumber reports every number as fixed line or mobile. */
  private static final Map<String, String> MOBILE_PREFIXES = Map.of("CL", "9");

  private final String defaultRegion;

  /** @param defaultRegion ISO 3166 region of numbers written without a country code, e.g. "CL" */
  public Recipients(String defaultRegion) {
    if (!PHONES.getSupportedRegions().contains(defaultRegion)) {
      throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "'");
    }
    this.defaultRegion = defaultRegion;
  }

  public RecipientCheck check(Channel channel, String phone, String email) {
    return switch (channel) {
      case WHATSAPP, SMS -> checkPhone(phone, true, channel);
      case VOICE -> checkPhone(phone, false, channel);
      case EMAIL -> checkEmail(email);
      case WEB -> new RecipientCheck.Invalid("WEB is the answer-link page, not a channel messages are sent on");
    };
  }

  /** The E.164 form of {@code raw}, when it is a valid number: keys of the suppression list and the sandbox. */
  public Optional<String> normalisePhone(String raw) {
    return parse(raw).filter(PHONES::isValidNumber).map(n -> PHONES.format(n, PhoneNumberFormat.E164));
  }

  /** An address as stored by the sandbox: E.164 for phones, lower case for e-mail. */
  public Optional<String> normaliseAddress(String raw) {
    if (raw != null && raw.contains("@")) {
      return checkEmail(raw) instanceof RecipientCheck.Valid valid ? Optional.of(valid.address()) : Optional.empty();
    }
    return normalisePhone(raw);
  }

  private RecipientCheck checkPhone(String raw, boolean needsMobile, Channel channel) {
    if (raw == null || raw.isBlank()) {
      return new RecipientCheck.Invalid("the request has no phone number for " + channel);
    }
    Optional<PhoneNumber> parsed = parse(raw);
    if (parsed.isEmpty()) {
      return new RecipientCheck.Invalid("the phone number is not a phone number (default region " + defaultRegion + ")");
    }
    PhoneNumber number = parsed.get();
    if (!PHONES.isValidNumber(number)) {
      return new RecipientCheck.Invalid("the phone number is not a valid number for region "
          + Optional.ofNullable(PHONES.getRegionCodeForNumber(number)).orElse("+" + number.getCountryCode())
          + " (wrong length or prefix)");
    }
    if (needsMobile && !isMobile(number)) {
      return new RecipientCheck.Invalid("the phone number is a fixed line number; " + channel + " needs a mobile number");
    }
    return new RecipientCheck.Valid(PHONES.format(number, PhoneNumberFormat.E164));
  }

  /**
   * libphonenumber's metadata cannot tell Chilean fixed lines from mobiles (every valid number is
   * FIXED_LINE_OR_MOBILE), but the numbering plan can: Chilean mobiles are +56 9 XXXX XXXX.
   */
  private static boolean isMobile(PhoneNumber number) {
    PhoneNumberType type = PHONES.getNumberType(number);
    if (type == PhoneNumberType.MOBILE) {
      return true;
    }
    if (type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
      return false;
    }
    String mobilePrefix = MOBILE_PREFIXES.get(PHONES.getRegionCodeForNumber(number));
    return mobilePrefix == null || PHONES.getNationalSignificantNumber(number).startsWith(mobilePrefix);
  }

  private Optional<PhoneNumber> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PHONES.parse(raw.replaceFirst("^whatsapp:", ""), defaultRegion));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  private static RecipientCheck checkEmail(String raw) {
    if (raw == null || raw.isBlank()) {
      return new RecipientCheck.Invalid("the request has no e-mail address for EMAIL");
    }
    try {
      InternetAddress address = new InternetAddress(raw.trim(), true);
      String text = address.getAddress();
      int at = text.indexOf('@');
      if (at < 1 || text.indexOf('.', at) < 0 || address.getPersonal() != null) {
        return new RecipientCheck.Invalid("the e-mail address is not of the form name@domain.tld");
      }
      return new RecipientCheck.Valid(text.toLowerCase(Locale.ROOT));
    } catch (AddressException e) {
      return new RecipientCheck.Invalid("the e-mail address is malformed");
    }
  }
}
