package org.contactability.waitlist.adapters.kafka;

/**
 * A record this service cannot act on (an answer naming no offer, an offer that was never made):
 * it goes to the dead-letter topic of its source with this message as the reason. Messages never
 * carry patient data.
 */
public class UnusableRecordException extends RuntimeException {

  public UnusableRecordException(String reason) {
    super(reason);
  }
}
