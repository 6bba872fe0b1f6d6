package org.contactability.common.privacy.testing;

import org.contactability.common.privacy.PatientDataCipher;

/**
 * No encryption at all: values pass as they are. Only for the benchmarks' "without encryption" passes, which measure
 * what sealing costs; never for a test that means to check the platform's protection.
 */
public final class ClearCipher implements PatientDataCipher {

  @Override
  public String seal(String subject, String clear) {
    return clear;
  }

  @Override
  public String sealLike(String sealedSibling, String clear) {
    return clear;
  }

  @Override
  public String reveal(String value) {
    return value;
  }

  @Override
  public String blindIndex(String normalised) {
    return normalised;
  }

  @Override
  public boolean erased(String subject) {
    return false;
  }

  @Override
  public void flushKeys() {
  }
}
