package org.contactability.response.application;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.PatientResponse;

/** Publishes what an answer produces before it is judged: the answer itself and any reply that needs no judging. */
public interface AnswerPublisher {

  /**
   * @return completes when the broker has every record (the webhook answers Twilio only then), or
   *         fails when one could not be written
   */
  CompletableFuture<Void> publish(Keyed<PatientResponse> response, List<Keyed<ContactRequest>> messages);

  /** A record with its Kafka key. */
  record Keyed<V>(String key, V value) {
  }
}
