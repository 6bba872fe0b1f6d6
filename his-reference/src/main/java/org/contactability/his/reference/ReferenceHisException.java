package org.contactability.his.reference;

import java.util.Optional;

/**
 * A reference HIS operation failed in the database. Messages name the constraint or SQL state,
 * never the row's values (which may be patient data).
 */
public class ReferenceHisException extends RuntimeException {

  private final String constraint;

  public ReferenceHisException(String message, String constraint, Throwable cause) {
    super(message, cause);
    this.constraint = constraint;
  }

  /** The violated constraint or index, when the database named one. */
  public Optional<String> constraint() {
    return Optional.ofNullable(constraint);
  }
}
