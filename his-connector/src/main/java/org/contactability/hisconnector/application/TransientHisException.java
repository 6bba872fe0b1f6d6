package org.contactability.hisconnector.application;

/** The HIS database failed in a way that may pass: connection lost, lock timeout, serialization failure. */
public class TransientHisException extends RuntimeException {

  public TransientHisException(String message, Throwable cause) {
    super(message, cause);
  }
}
