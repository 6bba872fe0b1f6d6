package org.contactability.hisconnector.application;

import java.nio.charset.StandardCharsets;

import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.Subjects;
import org.contactability.contracts.his.PatientRow;

/**
 * Seals every protected field of a patient row (names, RUT, phones, e-mail, birth date) under the patient's own data
 * key before the row leaves the connector; the key is made with the patient's first row. The birth date moves to its
 * text field, since the date field cannot hold a ciphertext. Whether a phone or e-mail is there stays visible: that is
 * what the scheduler and the waiting list decide on.
 */
final class PatientSealing {

  private final PatientDataCipher cipher;

  PatientSealing(PatientDataCipher cipher) {
    this.cipher = cipher;
  }

  PatientRow seal(PatientRow row) {
    if (row == null) {
      return null;
    }
    String subject = Subjects.patient(row.getId());
    return new PatientRow(row.getId(),
        cipher.seal(subject, row.getRut()),
        cipher.seal(subject, row.getGivenNames()),
        cipher.seal(subject, row.getPaternalSurname()),
        cipher.seal(subject, row.getMaternalSurname()),
        cipher.seal(subject, row.getMobilePhone()),
        cipher.seal(subject, row.getEmail()),
        null,
        cipher.seal(subject, row.getLandlinePhone()),
        cipher.seal(subject, row.getFullName()),
        cipher.seal(subject, row.getBirthDate() == null ? null : row.getBirthDate().toString()));
  }

  boolean erased(String patientId) {
    return cipher.erased(Subjects.patient(patientId));
  }

  /** The row as the connector saw it, sealed under the patient's key (a dead letter's payload). */
  byte[] sealJson(String patientId, byte[] json) {
    return cipher.seal(Subjects.patient(patientId), new String(json, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  void flushKeys() {
    cipher.flushKeys();
  }
}
