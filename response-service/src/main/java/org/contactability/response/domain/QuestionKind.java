package org.contactability.response.domain;

/**
 * What the patient was asked. The same "1" or "sí" means confirm after a reminder, accept after a
 * slot offer and "still needed" after a purge question, so an intent is only known with the question.
 */
public enum QuestionKind {
  /** Booking notice, reminder, reschedule notice: confirm or cancel. */
  APPOINTMENT(Intent.CONFIRM, Intent.CANCEL),
  /** A freed slot offered to a waiting-list patient: accept or decline. */
  OFFER(Intent.ACCEPT_OFFER, Intent.DECLINE_OFFER),
  /** Waiting-list purge: do you still need the care? */
  STILL_NEEDED(Intent.STILL_NEEDED, Intent.NOT_NEEDED),
  /** We asked which of several appointments an answer was about: answered by a number. */
  WHICH_APPOINTMENT(null, null);

  private final Intent yes;
  private final Intent no;

  QuestionKind(Intent yes, Intent no) {
    this.yes = yes;
    this.no = no;
  }

  public Intent yes() {
    return yes;
  }

  public Intent no() {
    return no;
  }

  /** The intent {@code reply} carries as an answer to this kind of question. */
  public Intent intentOf(Reply reply) {
    if (reply instanceof Reply.Explicit explicit) {
      return explicit.intent();
    }
    if (reply instanceof Reply.OptOut) {
      return Intent.OPT_OUT;
    }
    Boolean polarity = Reply.polarity(reply);
    if (polarity == null || yes == null) {
      return Intent.UNKNOWN;
    }
    return polarity ? yes : no;
  }

  /** Whether an explicit intent (a button) can answer this kind of question. */
  public boolean accepts(Intent intent) {
    return intent == yes || intent == no;
  }
}
