package org.contactability.console.domain;

/** Kind of outpatient appointment, as the HIS classes it: the outcomes break figures down by it. */
public enum AppointmentKind {
  NEW_CONSULTATION, CONTROL, PROCEDURE, OTHER
}
