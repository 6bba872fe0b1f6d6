package org.contactability.notifier.application;

/**
 * The provider could not take a message before its deadline: every attempt failed for a reason that may pass (5xx,
 * 429, timeouts, an open circuit). The request ends FAILED with failure TEMPORARY, and the plan's next channel goes.
 */
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
