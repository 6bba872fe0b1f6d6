package org.contactability.notifier.domain;

import java.util.Optional;

import org.contactability.common.EmailAddress;
import org.contactability.common.PhoneNumber;
import org.contactability.contracts.common.Channel;

/**
 * Whether a request's recipient can be reached on its channel, and at which address: phones are
 * {@link PhoneNumber}s read with the hospital's region (WhatsApp and SMS need a mobile, a voice call
 * reaches a landline too), e-mail an {@link EmailAddress}.
 */
public final class Recipients {

  private final String region;

  /** @param region ISO 3166 region of numbers written without a country code, e.g. "CL" */
  public Recipients(String region) {
    this.region = PhoneNumber.requireRegion(region);
  }

  public RecipientCheck check(Channel channel, String phone, String email) {
    return switch (channel) {
      case WHATSAPP, SMS, VOICE -> checkPhone(phone, channel);
      case EMAIL -> checkEmail(email);
      case WEB -> new RecipientCheck.Invalid("WEB is the answer-link page, not a channel messages are sent on");
    };
  }

  /** The E.164 form of {@code raw}, when it is a phone number: keys of the suppression list and the sandbox. */
  public Optional<String> normalisePhone(String raw) {
    return PhoneNumber.tryParse(raw, region).map(PhoneNumber::e164);
  }

  /** An address as stored by the sandbox: E.164 for phones, lower case for e-mail. */
  public Optional<String> normaliseAddress(String raw) {
    if (raw != null && raw.contains("@")) {
      return EmailAddress.tryParse(raw).map(EmailAddress::value);
    }
    return normalisePhone(raw);
  }

  private RecipientCheck checkPhone(String raw, Channel channel) {
    if (raw == null || raw.isBlank()) {
      return new RecipientCheck.Invalid("the request has no phone number for " + channel);
    }
    PhoneNumber phone;
    try {
      phone = PhoneNumber.parse(raw, region);
    } catch (PhoneNumber.InvalidPhoneNumberException invalid) {
      return new RecipientCheck.Invalid("the phone number " + invalid.getMessage());
    }
    if (!phone.reaches(channel)) {
      return new RecipientCheck.Invalid("the phone number is a landline; " + channel + " needs a mobile number");
    }
    return new RecipientCheck.Valid(phone.e164());
  }

  private static RecipientCheck checkEmail(String raw) {
    if (raw == null || raw.isBlank()) {
      return new RecipientCheck.Invalid("the request has no e-mail address for EMAIL");
    }
    try {
      return new RecipientCheck.Valid(EmailAddress.parse(raw).value());
    } catch (IllegalArgumentException invalid) {
      return new RecipientCheck.Invalid("the e-mail address " + invalid.getMessage());
    }
  }
}
