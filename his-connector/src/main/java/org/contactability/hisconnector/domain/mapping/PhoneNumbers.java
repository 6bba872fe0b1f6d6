package org.contactability.hisconnector.domain.mapping;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Mobile phone numbers as clerks type them ("+56 9 6123 4567", "961234567", "9-6123-4567") turned
 * into E.164 ("+56961234567") with libphonenumber, reading numbers without a country code as
 * numbers of the configured region.
 *
 * <p>Three outcomes: blank text is no phone; a valid number that is not a mobile (a landline typed
 * in the mobile field) is no mobile, and the patient stays reachable by other channels; text that
 * is no valid phone number at all is an error. libphonenumber does not tell Chilean mobiles from
 * landlines (both are "fixed line or mobile"), so numbers of the home region must also start with
 * one of the configured mobile prefixes ("+569" for Chile).
 */
public final class PhoneNumbers {

  private static final Set<PhoneNumberType> MOBILE_TYPES =
      Set.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String region;
  private final List<String> mobilePrefixes;

  /** @param mobilePrefixes E.164 prefixes of mobiles in {@code region}; empty accepts every mobile-capable number */
  public PhoneNumbers(String region, List<String> mobilePrefixes) {
    if (!util.getSupportedRegions().contains(region)) {
      throw new IllegalArgumentException("Unknown phone region '" + region + "' (use an ISO 3166 code such as CL)");
    }
    this.region = region;
    this.mobilePrefixes = List.copyOf(mobilePrefixes);
  }

  /**
   * The mobile number in E.164; empty when the text is blank or a valid number that is not a mobile.
   *
   * @throws IllegalArgumentException when there is text but it is not a valid phone number (the
   *     message does not repeat the text)
   */
  public Optional<String> mobileE164(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    PhoneNumber number;
    try {
      number = util.parse(text, region);
    } catch (NumberParseException e) {
      throw new IllegalArgumentException("is not a phone number (" + e.getErrorType() + ")", e);
    }
    if (!util.isValidNumber(number)) {
      throw new IllegalArgumentException("is not a valid phone number for region " + region);
    }
    String e164 = util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    if (!MOBILE_TYPES.contains(util.getNumberType(number)) || !homeMobile(number, e164)) {
      return Optional.empty();
    }
    return Optional.of(e164);
  }

  private boolean homeMobile(PhoneNumber number, String e164) {
    if (mobilePrefixes.isEmpty() || !region.equals(util.getRegionCodeForNumber(number))) {
      return true;
    }
    return mobilePrefixes.stream().anyMatch(e164::startsWith);
  }
}
