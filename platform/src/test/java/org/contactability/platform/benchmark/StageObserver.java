package org.contactability.platform.benchmark;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.Topics;

/**
 * Notes when each stage's record of a booking notice first becomes visible to a {@code read_committed} reader, as
 * the next stage would see it: the change event on his.appointments and the view on appointments (by appointment
 * id), the WhatsApp booking-notice request on contact.requests and its QUEUED status on contact.status. It reads
 * from the topics' ends at start, in a thread of its own, and times by the platform's clock.
 */
final class StageObserver extends TopicFollower {

  static final String CHANGES = Topics.HIS_APPOINTMENTS.name();
  static final String VIEWS = Topics.APPOINTMENTS.name();
  static final String REQUESTS = Topics.CONTACT_REQUESTS.name();
  private static final String STATUS = Topics.CONTACT_STATUS.name();

  private final Deserializer<ContactRequest> requests;
  private final Deserializer<ContactStatus> statuses;
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final Map<String, String> requestOfAppointment = new ConcurrentHashMap<>();
  private final Map<String, Long> queued = new ConcurrentHashMap<>();

  private StageObserver(String bootstrapServers, String registryUrl, Clock clock) {
    super(bootstrapServers, clock, "stage-observer", List.of(CHANGES, VIEWS, REQUESTS, STATUS));
    AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", registryUrl));
    this.requests = serdes.forValues(Topics.CONTACT_REQUESTS).deserializer();
    this.statuses = serdes.forValues(Topics.CONTACT_STATUS).deserializer();
  }

  static StageObserver start(String bootstrapServers, String registryUrl, Clock clock) {
    StageObserver observer = new StageObserver(bootstrapServers, registryUrl, clock);
    observer.startReading();
    return observer;
  }

  /** When the record of {@code key} on {@code topic} was first seen (platform clock, ms); 0 if not yet. */
  long seen(String topic, String key) {
    return seen.getOrDefault(topic + "|" + key, 0L);
  }

  /** The WhatsApp booking-notice request of the appointment, once seen. */
  String requestOf(long appointmentId) {
    return requestOfAppointment.get(Long.toString(appointmentId));
  }

  /** When the request's QUEUED status was first seen (platform clock, ms), or null. */
  Long queued(String requestId) {
    return queued.get(requestId);
  }

  /** How many of {@code appointments} each stage has seen, for the message of a run that did not finish. */
  String progress(List<Long> appointments, Set<String> received) {
    long changes = appointments.stream().filter(id -> seen(CHANGES, Long.toString(id)) > 0).count();
    long views = appointments.stream().filter(id -> seen(VIEWS, Long.toString(id)) > 0).count();
    long requested = appointments.stream().filter(id -> requestOf(id) != null).count();
    long inSandbox = appointments.stream().filter(id -> received.contains(requestOf(id))).count();
    long queuedSeen = appointments.stream().filter(id -> requestOf(id) != null && queued(requestOf(id)) != null).count();
    return "change events " + changes + ", views " + views + ", requests " + requested + ", in the sandbox "
        + inSandbox + ", QUEUED " + queuedSeen + "; keys seen, e.g. " + seen.keySet().stream().limit(5).toList();
  }

  @Override
  void note(ConsumerRecord<String, byte[]> record, long now) {
    if (record.value() == null) {
      return;
    }
    if (record.topic().equals(REQUESTS)) {
      ContactRequest request = requests.deserialize(record.topic(), record.value());
      if (request.getChannel() == Channel.WHATSAPP && "booking-notice".equals(request.getTemplate())
          && request.getCorrelation() != null) {
        String appointment = request.getCorrelation().getAppointmentId();
        seen.putIfAbsent(REQUESTS + "|" + appointment, now);
        requestOfAppointment.putIfAbsent(appointment, request.getRequestId());
      }
    } else if (record.topic().equals(STATUS)) {
      ContactStatus status = statuses.deserialize(record.topic(), record.value());
      if (status.getStatus() == DeliveryStatus.QUEUED) {
        queued.putIfAbsent(status.getRequestId(), now);
      }
    } else {
      seen.putIfAbsent(record.topic() + "|" + record.key(), now);
    }
  }
}
