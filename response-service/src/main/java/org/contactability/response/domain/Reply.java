package org.contactability.response.domain;

/**
 * What a patient's words say before we know the question: a yes, a no, a bare number, an explicit
 * button, an opt-out, a courtesy, or nothing we recognise. {@link QuestionKind#intentOf} turns it
 * into an {@link Intent} once the question is known.
 */
public sealed interface Reply {

  Reply YES = new Yes();
  Reply NO = new No();
  Reply OPT_OUT = new OptOut();
  Reply COURTESY = new Courtesy();
  Reply UNRECOGNISED = new Unrecognised();

  /** "sí", "ok", "confirmo", "acepto", 👍. */
  record Yes() implements Reply {
  }

  /** "no", "cancelar", "anular", "rechazo". */
  record No() implements Reply {
  }

  /** A bare number: 1 and 2 answer a question, any number picks an option of a which-appointment question. */
  record Number(int value) implements Reply {
  }

  /** A quick-reply button: its payload names the intent. */
  record Explicit(Intent intent) implements Reply {
  }

  /** "STOP", "BAJA". */
  record OptOut() implements Reply {
  }

  /** "gracias": needs no answer, and is no answer. */
  record Courtesy() implements Reply {
  }

  record Unrecognised() implements Reply {
  }

  /** The reply a yes-or-no word or a 1/2 digit stands for, as a yes/no; null for anything else. */
  static Boolean polarity(Reply reply) {
    if (reply instanceof Yes || (reply instanceof Number number && number.value() == 1)) {
      return Boolean.TRUE;
    }
    if (reply instanceof No || (reply instanceof Number number && number.value() == 2)) {
      return Boolean.FALSE;
    }
    return null;
  }
}
