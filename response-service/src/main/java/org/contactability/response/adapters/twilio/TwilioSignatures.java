package org.contactability.response.adapters.twilio;

import java.util.List;
import java.util.Map;

import com.twilio.security.RequestValidator;

/**
 * Checks X-Twilio-Signature (base64 HMAC-SHA1 of the full public URL followed by the POST parameters
 * sorted by name) with twilio-java's validator, against every configured auth token (two during a
 * rotation). Behind a proxy the URL must be the public one Twilio called, not the one this process sees.
 */
public final class TwilioSignatures {

  private final List<RequestValidator> validators;

  public TwilioSignatures(List<String> authTokens) {
    this.validators = authTokens.stream().filter(t -> t != null && !t.isBlank()).map(RequestValidator::new).toList();
  }

  public boolean isConfigured() {
    return !validators.isEmpty();
  }

  /**
   * @param url       the public URL Twilio requested, with its query string
   * @param params    the POST form parameters (none for a GET)
   * @param signature the X-Twilio-Signature header; a missing one never verifies
   */
  public boolean verify(String url, Map<String, String> params, String signature) {
    if (signature == null || signature.isBlank()) {
      return false;
    }
    for (RequestValidator validator : validators) {
      if (validator.validate(url, params, signature)) {
        return true;
      }
    }
    return false;
  }
}
