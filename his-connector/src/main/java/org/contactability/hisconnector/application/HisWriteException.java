package org.contactability.hisconnector.application;

/**
 * The HIS database failed in a way that retrying will not fix (e.g. a column the mapping names does
 * not exist). The message names the SQL state and constraint, never row values.
 */
public class HisWriteException extends RuntimeException {

  public HisWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
