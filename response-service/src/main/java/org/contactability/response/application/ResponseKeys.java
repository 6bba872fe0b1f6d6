package org.contactability.response.application;

import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.PatientResponse;

/** Kafka keys of what response-service publishes. */
public final class ResponseKeys {

  private ResponseKeys() {
  }

  /**
   * An answer is keyed by its appointment (so that one appointment's answers are judged in order; for an
   * offer, the freed slot's appointment, so that competing acceptances of one slot are ordered too), else
   * by its waiting-list entry, else by the sender's blind index.
   */
  public static String of(PatientResponse response) {
    Correlation c = response.getCorrelation();
    if (c != null && c.getAppointmentId() != null) {
      return c.getAppointmentId();
    }
    if (c != null && c.getWaitlistEntryId() != null) {
      return c.getWaitlistEntryId();
    }
    if (response.getFromIndex() != null) {
      return response.getFromIndex();
    }
    // written before blind indexes: the number was in clear there
    return response.getFrom() != null ? response.getFrom() : response.getResponseId();
  }

  /** A copy, so that a published record never shares mutable parts with a stored one. */
  public static Correlation copy(Correlation c) {
    return c == null ? null : Correlation.newBuilder(c).build();
  }
}
