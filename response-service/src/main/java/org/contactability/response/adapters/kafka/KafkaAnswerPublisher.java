package org.contactability.response.adapters.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.avro.specific.SpecificRecord;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.response.application.AnswerPublisher;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes answers and their unjudged replies with an idempotent producer, acknowledged by all in-sync replicas. */
public final class KafkaAnswerPublisher implements AnswerPublisher {

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final String responses;
  private final String requests;

  public KafkaAnswerPublisher(KafkaTemplate<String, SpecificRecord> kafka, TopicNaming naming) {
    this.kafka = kafka;
    this.responses = naming.name(Topics.PATIENT_RESPONSES);
    this.requests = naming.name(Topics.CONTACT_REQUESTS);
  }

  @Override
  public CompletableFuture<Void> publish(Keyed<PatientResponse> response, List<Keyed<ContactRequest>> messages) {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    sends.add(kafka.send(responses, response.key(), response.value()));
    for (Keyed<ContactRequest> message : messages) {
      sends.add(kafka.send(requests, message.key(), message.value()));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
  }
}
