package org.contactability.console.adapters.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes X-Twilio-Signature as Twilio does for a webhook: HMAC-SHA1, keyed with the account's auth
 * token, of the full URL followed by every POST parameter's name and value, sorted by name; base64.
 */
public final class TwilioRequestSigner {

  private final byte[] authToken;

  public TwilioRequestSigner(String authToken) {
    if (authToken == null || authToken.isBlank()) {
      throw new IllegalArgumentException("a Twilio auth token is needed to sign webhooks");
    }
    this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
  }

  /** @param url the URL the receiver validates against (its public URL), with any query string */
  public String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 is not available in this JVM", e);
    }
  }
}
