package org.contactability.response.adapters.kafka;

import java.util.Set;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.response.application.Questions;

/**
 * Keeps what {@code contact.status} says about questions: which request a provider message id belongs
 * to (a WhatsApp quick reply names the message it answers), when each question first reached the
 * patient, and whether it failed. Statuses of messages that ask nothing are not kept.
 */
final class DeliveryStoreUpdater implements Processor<String, ContactStatus, Void, Void> {

  private static final Set<DeliveryStatus> REACHED = Set.of(DeliveryStatus.QUEUED, DeliveryStatus.SENT,
      DeliveryStatus.DELIVERED, DeliveryStatus.READ);
  private static final Set<DeliveryStatus> DELIVERED = Set.of(DeliveryStatus.DELIVERED, DeliveryStatus.READ);
  private static final Set<DeliveryStatus> FAILED = Set.of(DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED,
      DeliveryStatus.SUPPRESSED, DeliveryStatus.EXPIRED, DeliveryStatus.SKIPPED);

  private KeyValueStore<String, ContactStatus> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(ResponseStores.DELIVERIES);
  }

  @Override
  public void process(Record<String, ContactStatus> record) {
    ContactStatus status = record.value();
    if (status == null || Questions.kindOf(status.getPurpose()) == null) {
      return;
    }
    if (status.getProviderMessageId() != null) {
      store.putIfAbsent(ResponseStores.providerMessage(status.getProviderMessageId()), status);
    }
    String requestId = status.getRequestId();
    if (REACHED.contains(status.getStatus())) {
      keepEarliest(ResponseStores.reached(requestId), status);
    }
    if (DELIVERED.contains(status.getStatus())) {
      keepEarliest(ResponseStores.delivered(requestId), status);
    }
    if (FAILED.contains(status.getStatus())) {
      store.putIfAbsent(ResponseStores.failed(requestId), status);
    }
  }

  /** Status reports may arrive out of order: the earliest one says when the patient could first read it. */
  private void keepEarliest(String key, ContactStatus status) {
    ContactStatus known = store.get(key);
    if (known == null || status.getOccurredAt().isBefore(known.getOccurredAt())) {
      store.put(key, status);
    }
  }
}
