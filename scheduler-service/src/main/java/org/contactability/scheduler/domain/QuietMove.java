package org.contactability.scheduler.domain;

/** Where a message that would fall inside quiet hours goes instead. */
public enum QuietMove {
  /** To the end of the quiet hours (the next morning). */
  DEFER,
  /** To the evening before: the policy's late grace (at least a minute) before the quiet hours begin. */
  ADVANCE
}
