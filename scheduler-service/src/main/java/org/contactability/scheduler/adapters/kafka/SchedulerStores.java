package org.contactability.scheduler.adapters.kafka;

/** Names of the scheduler topology's own state stores (their changelogs are named after them). */
final class SchedulerStores {

  /** The last view emitted of each appointment: {@code <appointmentId>} → Appointment. */
  static final String VIEWS = "scheduler-views";
  /** Joined appointments whose hospital is not configured, until it is: {@code <appointmentId>} → joined row. */
  static final String PARKED_VIEWS = "scheduler-parked-views";
  /** Each appointment's contact plan: {@code <appointmentId>} → ContactPlan. */
  static final String PLANS = "scheduler-plans";
  /** {@code <zero-padded epoch millis of the next due time>|<appointmentId>}: when each plan is due next. */
  static final String DUE = "scheduler-due";

  private SchedulerStores() {
  }
}
