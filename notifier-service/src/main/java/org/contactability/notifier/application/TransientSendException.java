package org.contactability.notifier.application;

/** A send that failed for a reason that may pass: worth retrying with backoff. Never carries patient data. */
public class TransientSendException extends Exception {

  private final String errorCode;
  private final boolean inDoubt;

  public TransientSendException(String errorCode, String reason, Throwable cause) {
    this(errorCode, reason, cause, false);
  }

  /**
   * @param inDoubt the provider may have taken the message (the call timed out or the connection dropped after
   *                the request was written): the next attempt must ask the provider before sending again
   */
  public TransientSendException(String errorCode, String reason, Throwable cause, boolean inDoubt) {
    super(reason, cause);
    this.errorCode = errorCode;
    this.inDoubt = inDoubt;
  }

  /** Provider error code (Twilio's numeric code, HTTP status, SMTP reply code), when there is one. */
  public String errorCode() {
    return errorCode;
  }

  public boolean inDoubt() {
    return inDoubt;
  }
}
