package org.contactability.response.domain;

/** The messages response-service asks the notifier to send; the notifier owns their words. */
public enum AnswerTemplate {
  CONFIRMATION_ANSWER("confirmation-answer"),
  CANCELLATION_ANSWER("cancellation-answer"),
  TOO_LATE_ANSWER("too-late-answer"),
  ALREADY_CANCELLED_ANSWER("already-cancelled-answer"),
  HELP_ANSWER("help-answer"),
  /** To an answer about a time the appointment was moved away from: names the current time. */
  RESCHEDULED_ANSWER("rescheduled-answer"),
  WHICH_APPOINTMENT_QUESTION("which-appointment-question"),
  OPT_OUT_ANSWER("opt-out-answer");

  private final String templateName;

  AnswerTemplate(String templateName) {
    this.templateName = templateName;
  }

  /** The name the notifier looks up ({@code ContactRequest.template}). */
  public String templateName() {
    return templateName;
  }
}
