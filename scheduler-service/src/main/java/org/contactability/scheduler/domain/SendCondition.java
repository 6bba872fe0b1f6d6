package org.contactability.scheduler.domain;

/** When a due step is sent. */
public enum SendCondition {
  ALWAYS,
  /** Only if no message of the current plan reached the patient yet (delivered or read), and the patient has not answered. */
  UNLESS_REACHED
}
