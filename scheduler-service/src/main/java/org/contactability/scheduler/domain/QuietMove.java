package org.contactability.scheduler.domain;

/** Where a message that would fall inside quiet hours goes instead. */
public enum QuietMove {
  /** To the end of the quiet hours (the next morning). */
  DEFER,
  /** To the last minute before the quiet hours began (the evening before). */
  ADVANCE
}
