package org.contactability.schemas.registry;

/**
 * A registry refused or failed a request. {@link #errorCode()} carries Confluent's error codes
 * (40401 subject not found, 40402 version not found, 40403 schema not found, 409 incompatible,
 * 42201 invalid schema, 50001 store error...), {@code 0} when the registry could not be reached.
 */
public class SchemaRegistryException extends RuntimeException {

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int INCOMPATIBLE = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int UNREACHABLE = 0;

  private final int errorCode;
  private final int httpStatus;

  public SchemaRegistryException(String message, int errorCode, int httpStatus) {
    super(message);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.errorCode = UNREACHABLE;
    this.httpStatus = 0;
  }

  public int errorCode() {
    return errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** True when asking again later may succeed (server errors, unreachable registry). */
  public boolean isRetriable() {
    return errorCode == UNREACHABLE || httpStatus >= 500;
  }

  public boolean isNotFound() {
    return httpStatus == 404;
  }
}
