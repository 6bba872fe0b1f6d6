package org.contactability.console.application;

import java.security.GeneralSecurityException;
import java.util.Optional;

import org.contactability.common.Rut;
import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.Mask;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.Subjects;
import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.console.domain.Fact;

/**
 * Patient data in the console (docs/privacy.md): the read model keeps only what an operator may see without asking,
 * masked (a name's initials, a RUT's last digits), and the blind index of each RUT to search by; it never keeps a value
 * in clear. Erasing a patient destroys their data keys, so that every record about them becomes unreadable at once.
 */
public final class ConsolePrivacy {

  /** What the console shows for an erased patient's name. */
  public static final String ERASED = "(borrado)";

  /** How the read model knows a patient's RUT: the key it is searched by, and what is shown. */
  public record KnownRut(String key, String masked) {
  }

  private final PatientDataCipher cipher;
  private final DataKeyRing keys;
  private final ErasureAudit audit;

  public ConsolePrivacy(PatientDataCipher cipher, DataKeyRing keys, ErasureAudit audit) {
    this.cipher = cipher;
    this.keys = keys;
    this.audit = audit;
  }

  /** The search key and masked form of a sealed RUT; empty when it is no RUT or can no longer be read. */
  public Optional<KnownRut> rut(String sealed) {
    return open(sealed).flatMap(Rut::tryParse).map(Rut::normalized)
        .map(rut -> new KnownRut(rutKey(rut), Mask.rut(rut)));
  }

  /** The key a normalised RUT is searched by. */
  public String rutKey(String normalisedRut) {
    return cipher.blindIndex(normalisedRut);
  }

  /** The initials of a sealed name ({@link Mask#name}); "(borrado)" once its patient was erased. */
  public String maskedName(String sealed) {
    try {
      return Mask.name(cipher.reveal(sealed));
    } catch (UnreadablePatientData e) {
      return e.erased() ? ERASED : Mask.name(null);
    }
  }

  /** A patient's data in clear, for one audited view; never kept. */
  public record ClearPatient(String patientId, String rut, String givenNames, String fullName, String mobilePhone,
      String email, String landlinePhone) {
  }

  /**
   * Opens every field of {@code sealed}, for an operator's view that the audit trail records.
   *
   * @throws UnreadablePatientData when the patient was erased or a key is unknown here
   */
  public ClearPatient open(Fact.SealedPatient sealed) {
    return new ClearPatient(sealed.patientId(), cipher.reveal(sealed.rut()), cipher.reveal(sealed.givenNames()),
        cipher.reveal(sealed.fullName()), cipher.reveal(sealed.mobilePhone()), cipher.reveal(sealed.email()),
        cipher.reveal(sealed.landlinePhone()));
  }

  /**
   * Erases patient {@code patientId} (crypto-shredding): destroys their data keys in privacy.keys, so that every
   * service drops them; returns how many keys were destroyed (0 when they had none or were erased already).
   */
  public int erase(String patientId, String operator) {
    int destroyed = keys.erase(Subjects.patient(patientId));
    audit.erased(patientId, operator, destroyed);
    return destroyed;
  }

  /**
   * After a KEK rotation (docs/privacy.md): wraps again, with the KMS's primary KEK, every data key an older KEK wrapped;
   * returns how many. The older KEK can be retired once {@link #wrappedWithOlderKeks()} is 0.
   */
  public int rewrap() throws GeneralSecurityException {
    return keys.rewrap();
  }

  /** How many live data keys an older KEK than the primary still wraps. */
  public long wrappedWithOlderKeks() {
    return keys.wrappedWithOlderKeks();
  }

  /** Whether patient {@code patientId} was erased. */
  public boolean erased(String patientId) {
    return cipher.erased(Subjects.patient(patientId));
  }

  private Optional<String> open(String sealed) {
    try {
      return Optional.ofNullable(cipher.reveal(sealed));
    } catch (UnreadablePatientData e) {
      return Optional.empty();
    }
  }

  /** Where an erasure is recorded: the audit trail, next to the request that asked for it. */
  public interface ErasureAudit {
    void erased(String patientId, String operator, int keysDestroyed);
  }
}
