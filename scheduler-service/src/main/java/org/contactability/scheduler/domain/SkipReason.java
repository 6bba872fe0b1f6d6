package org.contactability.scheduler.domain;

import org.contactability.contracts.contact.FailureKind;

/**
 * Why a planned message was not sent. Every skip is published as a {@code SKIPPED} status with
 * {@link #code} as its error code; {@link #failure} is set when the patient lost a message the
 * policy meant to send (the funnel counts those), and null when the policy's own rules made the
 * message unnecessary.
 */
public enum SkipReason {
  /** A message of the plan (or of this step) reached the patient, or the patient answered. */
  REACHED("reached", null),
  /** The patient had already confirmed and the step is dropped after a confirmation. */
  CONFIRMED("confirmed", null),
  /** Another message took its place: one sent at booking, a catch-up, this step on the same channel. */
  SUPERSEDED("superseded", null),
  /** Booked after its time, or it falls at or after its deadline: the patient could not answer it. */
  BOOKED_TOO_LATE("booked-too-late", null),
  /** No time is left before its deadline outside quiet hours (a late booking, a late fallback). */
  NO_TIME_LEFT("no-time-left", null),
  /** The patient has no address for this channel, and another channel of the step goes. */
  OTHER_CHANNEL("other-channel", null),
  /** A held step given up: nothing was known to have failed by its deadline. */
  HELD_UNTIL_DEADLINE("held-until-deadline", null),
  /** Its channel already failed for this patient. */
  CHANNEL_FAILED("channel-failed", null),
  /** Due while the scheduler was not running (restart, clock jump), and its deadline passed before it could go. */
  MISSED("missed", FailureKind.TECHNICAL),
  /** The patient has no phone or e-mail for any channel of the step and its fallbacks. */
  NO_CONTACTABLE_CHANNEL("no-contactable-channel", FailureKind.PERMANENT),
  /** The patient's HIS row is missing or could not be read (see his.patients.dlq): nothing can be planned. */
  PATIENT_UNREADABLE("patient-unreadable", FailureKind.TECHNICAL),
  /** The appointment's hospital is not configured in the scheduler: nothing can be planned. */
  HOSPITAL_NOT_CONFIGURED("hospital-not-configured", FailureKind.TECHNICAL);

  private final String code;
  private final FailureKind failure;

  SkipReason(String code, FailureKind failure) {
    this.code = code;
    this.failure = failure;
  }

  /** Stable, machine-readable: the {@code errorCode} of the SKIPPED status. */
  public String code() {
    return code;
  }

  /** The failure kind of the SKIPPED status; null when the policy made the message unnecessary. */
  public FailureKind failure() {
    return failure;
  }
}
