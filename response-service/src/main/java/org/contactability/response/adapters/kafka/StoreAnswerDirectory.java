package org.contactability.response.adapters.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.response.application.AnswerDirectory;

/** The answer directory read from the stream processor's global stores (on this instance, no network hop). */
public final class StoreAnswerDirectory implements AnswerDirectory {

  /** Where the stores are: the running Kafka Streams instance, or a test driver. */
  public interface StoreAccess {
    <V> ReadOnlyKeyValueStore<String, V> store(String name);
  }

  private final StoreAccess stores;
  private final BooleanSupplier ready;

  public StoreAnswerDirectory(StoreAccess stores, BooleanSupplier ready) {
    this.stores = stores;
    this.ready = ready;
  }

  @Override
  public boolean isReady() {
    return ready.getAsBoolean();
  }

  @Override
  public Optional<ContactRequest> requestByToken(String token) {
    return Optional.ofNullable(this.<ContactRequest>questions().get(ResponseStores.token(token)));
  }

  @Override
  public Optional<ContactRequest> requestById(String requestId) {
    return Optional.ofNullable(this.<ContactRequest>questions().get(ResponseStores.request(requestId)));
  }

  @Override
  public Optional<ContactRequest> requestByProviderMessageId(String providerMessageId) {
    ContactStatus status = this.<ContactStatus>deliveries().get(ResponseStores.providerMessage(providerMessageId));
    return status == null ? Optional.empty() : requestById(status.getRequestId());
  }

  @Override
  public List<Asked> questionsTo(String phone) {
    ReadOnlyKeyValueStore<String, ContactStatus> deliveries = deliveries();
    List<Asked> asked = new ArrayList<>();
    try (KeyValueIterator<String, ContactRequest> questions =
        this.<ContactRequest>questions().prefixScan(ResponseStores.phonePrefix(phone), new StringSerializer())) {
      while (questions.hasNext()) {
        KeyValue<String, ContactRequest> entry = questions.next();
        ContactRequest request = entry.value;
        String id = request.getRequestId();
        ContactStatus reached = deliveries.get(ResponseStores.reached(id));
        ContactStatus delivered = deliveries.get(ResponseStores.delivered(id));
        boolean failed = delivered == null && deliveries.get(ResponseStores.failed(id)) != null;
        if (!failed) {
          asked.add(new Asked(request, reached != null ? reached.getOccurredAt()
              : delivered != null ? delivered.getOccurredAt() : request.getRequestedAt()));
        }
      }
    }
    return asked;
  }

  @Override
  public Optional<Appointment> appointment(String appointmentId) {
    return Optional.ofNullable(this.<Appointment>store(ResponseStores.APPOINTMENTS).get(appointmentId));
  }

  @Override
  public Optional<AppointmentDecision> decisionForResponse(String responseId) {
    return Optional.ofNullable(
        this.<AppointmentDecision>store(ResponseStores.DECISIONS).get(ResponseStores.decisionForResponse(responseId)));
  }

  @Override
  public Optional<AppointmentDecision> standingDecision(String appointmentId) {
    return Optional.ofNullable(
        this.<AppointmentDecision>store(ResponseStores.DECISIONS).get(ResponseStores.standingDecision(appointmentId)));
  }

  private <V> ReadOnlyKeyValueStore<String, V> questions() {
    return store(ResponseStores.QUESTIONS);
  }

  private <V> ReadOnlyKeyValueStore<String, V> deliveries() {
    return store(ResponseStores.DELIVERIES);
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return stores.store(name);
  }
}
