package org.contactability.console.domain;

/**
 * The decisions about an appointment that move the funnel and the outcomes (ATTENDED and NO_SHOW: the
 * attendance the HIS recorded); every other decision is {@link #OTHER}.
 */
public enum DecisionKind {
  CONFIRMED, CANCELLED_BY_PATIENT, CANCELLED_BY_HOSPITAL, RESCHEDULED, NO_RESPONSE, ATTENDED, NO_SHOW, OTHER
}
