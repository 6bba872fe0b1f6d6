package org.contactability.scheduler.domain;

/** Whether a plan item comes from a policy step or from a notice about a change in the HIS. */
public enum ItemKind {
  STEP,
  NOTICE
}
