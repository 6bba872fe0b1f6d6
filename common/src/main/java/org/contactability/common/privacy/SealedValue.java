package org.contactability.common.privacy;

import java.util.Base64;

/**
 * How a protected field holds its value: {@code enc1:<keyId>:<ciphertext>}, the ciphertext being Tink's AEAD output in
 * URL-safe base64 without padding. The key id names the data key (and so the patient) in the clear, so that any
 * service holding the keys can open a value without knowing where it came from, and a value can be copied from record
 * to record without being opened. A text without the prefix is a value written before encryption (read as it is).
 */
public final class SealedValue {

  static final String PREFIX = "enc1:";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private SealedValue() {
  }

  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** The id of the data key that sealed {@code sealed}. */
  public static String keyIdOf(String sealed) {
    int end = sealed.indexOf(':', PREFIX.length());
    if (!isSealed(sealed) || end < 0) {
      throw new UnreadablePatientData(UnreadablePatientData.Reason.DAMAGED, "not a sealed value");
    }
    return sealed.substring(PREFIX.length(), end);
  }

  static String of(String keyId, byte[] ciphertext) {
    return PREFIX + keyId + ':' + ENCODER.encodeToString(ciphertext);
  }

  static byte[] ciphertextOf(String sealed) {
    try {
      return DECODER.decode(sealed.substring(sealed.indexOf(':', PREFIX.length()) + 1));
    } catch (IllegalArgumentException e) {
      throw new UnreadablePatientData(UnreadablePatientData.Reason.DAMAGED, "the ciphertext is not base64");
    }
  }
}
