package org.contactability.common.privacy.kms;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Associated data for KMSs whose wrap call takes none (Vault Transit without derived keys, Azure Key Vault's wrapkey):
 * the associated data travels inside the wrapped plaintext and must match on unwrap, so a wrapped data key still opens
 * only under the id and subject it was made for.
 */
final class BoundPlaintext {

  private BoundPlaintext() {
  }

  static byte[] bind(byte[] associatedData, byte[] plaintext) {
    byte[] aad = associatedData == null ? new byte[0] : associatedData;
    return ByteBuffer.allocate(4 + aad.length + plaintext.length).putInt(aad.length).put(aad).put(plaintext).array();
  }

  static byte[] unbind(byte[] associatedData, byte[] bound) throws GeneralSecurityException {
    byte[] aad = associatedData == null ? new byte[0] : associatedData;
    ByteBuffer buffer = ByteBuffer.wrap(bound);
    if (bound.length < 4) {
      throw new GeneralSecurityException("unwrapped key too short");
    }
    int length = buffer.getInt();
    if (length != aad.length || bound.length < 4 + length) {
      throw new GeneralSecurityException("associated data does not match");
    }
    byte[] found = new byte[length];
    buffer.get(found);
    if (!MessageDigest.isEqual(found, aad)) {
      throw new GeneralSecurityException("associated data does not match");
    }
    byte[] plaintext = new byte[buffer.remaining()];
    buffer.get(plaintext);
    return plaintext;
  }
}
