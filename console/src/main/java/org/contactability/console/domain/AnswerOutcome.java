package org.contactability.console.domain;

/**
 * What a patient's answers made of an appointment, as the funnel and the outcomes count it. The one
 * rule of precedence: cancellation by the hospital outranks cancellation by the patient, which
 * outranks confirmation (a confirmed patient may still cancel; a cancelled one cannot confirm
 * again); without any of them the appointment has no answer once its deadline passed.
 */
public enum AnswerOutcome {
  CONFIRMED, CANCELLED_BY_PATIENT, CANCELLED_BY_HOSPITAL, NO_ANSWER, PENDING;

  /**
   * @param confirmed      a confirmation that still holds (not one given before a reschedule)
   * @param noAnswer       a NO_RESPONSE decision, or the answer deadline passed
   */
  public static AnswerOutcome of(boolean cancelledByHospital, boolean cancelledByPatient, boolean confirmed,
      boolean noAnswer) {
    if (cancelledByHospital) {
      return CANCELLED_BY_HOSPITAL;
    }
    if (cancelledByPatient) {
      return CANCELLED_BY_PATIENT;
    }
    if (confirmed) {
      return CONFIRMED;
    }
    return noAnswer ? NO_ANSWER : PENDING;
  }
}
