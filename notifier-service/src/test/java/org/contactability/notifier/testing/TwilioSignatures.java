package org.contactability.notifier.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a callback as Twilio does (X-Twilio-Signature: base64 HMAC-SHA1, keyed with the auth token,
 * of the full URL followed by every POST parameter's name and value, sorted by name), so that tests
 * can call the notifier as Twilio would. The notifier checks it with twilio-java's RequestValidator.
 */
public final class TwilioSignatures {

  private TwilioSignatures() {
  }

  public static String sign(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
