package org.contactability.notifier.application;

/** Every attempt of a send failed transiently (or the circuit stayed open): the request goes to the dead-letter topic. */
public class SendGaveUp extends Exception {

  private final int attempts;
  private final String errorCode;

  public SendGaveUp(int attempts, String errorCode, String reason, Throwable cause) {
    super(reason, cause);
    this.attempts = attempts;
    this.errorCode = errorCode;
  }

  public int attempts() {
    return attempts;
  }

  public String errorCode() {
    return errorCode;
  }
}
