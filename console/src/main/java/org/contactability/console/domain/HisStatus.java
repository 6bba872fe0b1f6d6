package org.contactability.console.domain;

/** An appointment's status as the HIS records it. */
public enum HisStatus {
  BOOKED, CONFIRMED, CANCELLED_BY_PATIENT, CANCELLED_BY_HOSPITAL, ATTENDED, NO_SHOW, UNKNOWN
}
