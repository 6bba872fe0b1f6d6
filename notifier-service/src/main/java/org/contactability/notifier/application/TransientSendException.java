package org.contactability.notifier.application;

/** A send that failed for a reason that may pass: worth retrying with backoff. Never carries patient data. */
public class TransientSendException extends Exception {

  private final String errorCode;

  public TransientSendException(String errorCode, String reason, Throwable cause) {
    super(reason, cause);
    this.errorCode = errorCode;
  }

  /** Provider error code (Twilio's numeric code, HTTP status, SMTP reply code), when there is one. */
  public String errorCode() {
    return errorCode;
  }
}
