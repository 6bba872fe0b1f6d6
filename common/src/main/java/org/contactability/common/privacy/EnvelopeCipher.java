package org.contactability.common.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Envelope encryption (docs/privacy.md): a value is sealed with AES-256-GCM under its subject's data key, which exists
 * only wrapped by a KEK; blind indexes are HMAC-SHA256 under the blind-index key, truncated to 128 bits.
 */
public final class EnvelopeCipher implements PatientDataCipher {

  private static final byte[] NO_ASSOCIATED_DATA = new byte[0];
  private static final int INDEX_BYTES = 16;
  private static final Base64.Encoder INDEXES = Base64.getUrlEncoder().withoutPadding();

  private final DataKeyRing keys;

  public EnvelopeCipher(DataKeyRing keys) {
    this.keys = keys;
  }

  @Override
  public String seal(String subject, String clear) {
    return clear == null ? null : sealWith(keys.keyIdFor(subject), clear);
  }

  @Override
  public String sealLike(String sealedSibling, String clear) {
    return clear == null ? null : sealWith(SealedValue.keyIdOf(sealedSibling), clear);
  }

  @Override
  public String reveal(String value) {
    if (!SealedValue.isSealed(value)) {
      return value;
    }
    try {
      return new String(keys.aead(SealedValue.keyIdOf(value)).decrypt(SealedValue.ciphertextOf(value),
          NO_ASSOCIATED_DATA), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new UnreadablePatientData(UnreadablePatientData.Reason.DAMAGED, "a sealed value fails authentication");
    }
  }

  @Override
  public String blindIndex(String normalised) {
    try {
      return INDEXES.encodeToString(keys.blindIndex().computePrimary(normalised.getBytes(StandardCharsets.UTF_8),
          INDEX_BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("blind index failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean erased(String subject) {
    return keys.erased(subject);
  }

  @Override
  public void flushKeys() {
    keys.flush();
  }

  private String sealWith(String keyId, String clear) {
    try {
      return SealedValue.of(keyId, keys.aead(keyId).encrypt(clear.getBytes(StandardCharsets.UTF_8),
          NO_ASSOCIATED_DATA));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed: " + e.getMessage(), e);
    }
  }
}
