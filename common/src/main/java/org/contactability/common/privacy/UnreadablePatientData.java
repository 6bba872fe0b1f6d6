package org.contactability.common.privacy;

/**
 * A sealed value that cannot be opened, with the reason: its patient was erased (the data key is destroyed), its key is
 * not known here (yet), or the text is damaged. The message never carries the value.
 */
public final class UnreadablePatientData extends RuntimeException {

  /** Why a value cannot be read. */
  public enum Reason {
    /** The subject was erased: their data key no longer exists. */
    ERASED,
    /** No key with the value's key id reached this service within the wait. */
    KEY_UNKNOWN,
    /** The text is not a value this platform sealed, or it fails authentication. */
    DAMAGED
  }

  private final Reason reason;

  public UnreadablePatientData(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** True when the value's patient was erased: what a service reports instead of acting on it. */
  public boolean erased() {
    return reason == Reason.ERASED;
  }
}
