package org.contactability.response.application;

import java.util.Locale;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Brings phone numbers to E.164, so that the number a patient writes from ("whatsapp:+56 9 1234 5678")
 * and the number a request was sent to ("912345678") meet.
 */
public final class PhoneNumbers {

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String defaultRegion;

  /** @param defaultRegion region of numbers written without a country code, e.g. "CL" */
  public PhoneNumbers(String defaultRegion) {
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
  }

  /** The E.164 form of {@code raw} (Twilio's "whatsapp:" and "tel:" prefixes allowed), if it is a possible number. */
  public Optional<String> toE164(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String number = raw.trim();
    int colon = number.indexOf(':');
    if (colon >= 0) {
      number = number.substring(colon + 1);
    }
    try {
      PhoneNumber parsed = util.parse(number, defaultRegion);
      if (!util.isPossibleNumber(parsed)) {
        return Optional.empty();
      }
      return Optional.of(util.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
