package org.contactability.console.domain;

/** The steps in the life of a freed slot that the funnel counts; every other step is {@link #OTHER}. */
public enum SlotStep {
  OPENED, OFFERED, BOOKED, OTHER
}
