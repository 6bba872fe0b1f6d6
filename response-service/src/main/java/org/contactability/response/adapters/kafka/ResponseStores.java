package org.contactability.response.adapters.kafka;

/**
 * The stores of response-service's stream processor and the keys inside them. The four global stores
 * are views of topics that every instance holds whole (the webhooks of any instance may need any
 * entry); the answer-state store is partitioned by appointment like the answers it judges.
 */
public final class ResponseStores {

  /** appointments: {@code <appointmentId>} → Appointment. */
  public static final String APPOINTMENTS = "response-appointments";
  /** contact.requests that ask something: by token, by request id and by recipient phone. */
  public static final String QUESTIONS = "response-questions";
  /** contact.status of questions: by provider message id, and the first reach, delivery and failure of each request. */
  public static final String DELIVERIES = "response-deliveries";
  /** appointment.decisions: by the answer judged, and each appointment's standing decision. */
  public static final String DECISIONS = "response-decisions";
  /** The judge's state: {@code <appointmentId>} → AnswerState. */
  public static final String ANSWER_STATE = "response-answer-state";

  private static final String SEP = "|";

  private ResponseStores() {
  }

  static String token(String token) {
    return "t" + SEP + token;
  }

  static String request(String requestId) {
    return "q" + SEP + requestId;
  }

  /** All questions to one number share this prefix. */
  static String phonePrefix(String phone) {
    return "p" + SEP + phone + SEP;
  }

  static String phoneQuestion(String phone, String requestId) {
    return phonePrefix(phone) + requestId;
  }

  static String providerMessage(String providerMessageId) {
    return "m" + SEP + providerMessageId;
  }

  /** First report that the request was accepted, sent, delivered or read. */
  static String reached(String requestId) {
    return "n" + SEP + requestId;
  }

  /** First report that it was delivered or read. */
  static String delivered(String requestId) {
    return "d" + SEP + requestId;
  }

  /** A report that it failed, was undelivered, suppressed or expired. */
  static String failed(String requestId) {
    return "x" + SEP + requestId;
  }

  static String decisionForResponse(String responseId) {
    return "r" + SEP + responseId;
  }

  static String standingDecision(String appointmentId) {
    return "s" + SEP + appointmentId;
  }
}
