package org.contactability.scheduler.domain;

/** What happens to a pending step once the patient confirmed. */
public enum AfterConfirmation {
  /** Dropped: the step only asked for a confirmation. */
  DROP,
  /** Still sent: an informational reminder (the patient may still cancel through it). */
  KEEP
}
