package org.contactability.console.domain;

/**
 * Why a message about an appointment did not reach the patient, as the funnel counts it: the
 * notifier's failures by kind and opt-outs, and the scheduler's skipped messages.
 */
public enum NotSentReason {
  /** The notifier failed temporarily and gave up at the request's deadline (or the message expired). */
  TEMPORARY_FAILURE,
  /** The provider or the address cannot take it on that channel. */
  PERMANENT_FAILURE,
  /** Our side failed: template, configuration, a bug. */
  TECHNICAL_FAILURE,
  /** The scheduler skipped a message the policy meant to send (a SKIPPED status with a failure kind). */
  SKIPPED,
  /** No phone or e-mail for any channel of a step. */
  NO_CONTACTABLE_CHANNEL,
  /** The patient's HIS row is missing or was dead-lettered: nothing was planned. */
  PATIENT_UNREADABLE,
  /** The appointment's hospital is not configured in the scheduler: nothing was planned. */
  HOSPITAL_NOT_CONFIGURED,
  /** The patient opted out: the notifier suppressed the message. */
  OPTED_OUT
}
