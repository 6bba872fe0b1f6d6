package org.contactability.common.privacy;

/** Whose data a data key protects: one patient, or one number that wrote in without being a known patient. */
public final class Subjects {

  static final String BLIND_INDEX = "blind-index";

  private Subjects() {
  }

  /** The subject of a HIS patient. */
  public static String patient(String patientId) {
    return "patient:" + patientId;
  }

  /** The subject of a number we know only as a sender, by the blind index of that number. */
  public static String sender(String blindIndex) {
    return "sender:" + blindIndex;
  }
}
