package org.contactability.hisconnector.domain.mapping;

/** The canonical entities captured from a HIS, one topic each. */
public enum HisEntity {
  PATIENTS,
  PROFESSIONALS,
  SITES,
  APPOINTMENTS,
  WAITLIST
}
