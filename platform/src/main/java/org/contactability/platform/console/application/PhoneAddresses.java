package org.contactability.platform.console.application;

import java.util.Locale;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phones as the HIS clerks typed them, turned into the E.164 form the notifier's sandbox keys its
 * inboxes by and Twilio puts in {@code From} ("9 8765 4321" is +56987654321 in Chile).
 */
public final class PhoneAddresses {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final String defaultRegion;

  public PhoneAddresses(String defaultRegion) {
    if (!PHONES.getSupportedRegions().contains(defaultRegion)) {
      throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "'");
    }
    this.defaultRegion = defaultRegion;
  }

  /** The E.164 form of a valid number, else empty. */
  public Optional<String> e164(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = PHONES.parse(raw.replaceFirst("^whatsapp:", ""), defaultRegion);
      return PHONES.isValidNumber(number) ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
          : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** An e-mail address in the lower-case form the sandbox keys mailboxes by, when it looks like one. */
  public static Optional<String> email(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String trimmed = raw.strip();
    int at = trimmed.indexOf('@');
    return at > 0 && trimmed.indexOf('.', at) > at + 1 && !trimmed.contains(" ")
        ? Optional.of(trimmed.toLowerCase(Locale.ROOT)) : Optional.empty();
  }
}
