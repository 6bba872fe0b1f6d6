package org.contactability.hisconnector.application;

/** The HIS refused a booking because the slot already holds a live appointment (its unique index). */
public class SlotTakenException extends RuntimeException {

  public SlotTakenException(String message) {
    super(message);
  }
}
