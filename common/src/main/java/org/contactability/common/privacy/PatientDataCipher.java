package org.contactability.common.privacy;

/**
 * Seals and opens the protected fields of the contracts (names, phones, e-mails, RUTs, birth dates, free text): each
 * value is encrypted under its subject's own data key, so destroying that key makes every copy unreadable at once. Also
 * computes blind indexes, the keyed hashes by which a phone number is looked up without being stored in clear.
 *
 * <p>Services call it only where they must use a value: his-connector seals what it captures, the notifier opens a
 * recipient when it sends, response-service matches an inbound number and shows a name on the answer page, the console
 * opens a patient's data on an operator's audited request. Everything else copies sealed values as they are.
 */
public interface PatientDataCipher {

  /** {@code clear} sealed under the data key of {@code subject} (see {@link Subjects}), made when it has none; null stays null. */
  String seal(String subject, String clear);

  /** {@code clear} sealed under the same data key as {@code sealedSibling}, a value already sealed; null stays null. */
  String sealLike(String sealedSibling, String clear);

  /**
   * The clear text of {@code value}; null stays null, and a text that was never sealed (written before encryption) is
   * returned as it is.
   *
   * @throws UnreadablePatientData when the value cannot be opened (its subject erased, its key unknown, damage)
   */
  String reveal(String value);

  /** The blind index of {@code normalised} (an E.164 number, a normalised RUT): URL-safe base64 of a keyed hash. */
  String blindIndex(String normalised);

  /** Whether {@code subject} was erased: its data keys are destroyed and no new one is made. */
  boolean erased(String subject);

  /**
   * Returns once every data key that {@link #seal} made in this service is durable in {@code privacy.keys}. Call it
   * before acknowledging the input whose output holds values sealed under new keys, so that a crash cannot leave a
   * value whose key was never written.
   */
  void flushKeys();
}
