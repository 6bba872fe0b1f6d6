package org.contactability.scheduler.adapters.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.scheduler.domain.SkipReason;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the enriched view of each joined appointment: unchanged views are not repeated, a
 * withdrawn one (deleted row) becomes a {@code deleted=true} view followed by a tombstone, a
 * past appointment is re-emitted only when its own row changed (not when its patient's phone did),
 * and a row whose hospital is not configured is dead-lettered and parked until it can be resolved
 * (after a configuration change and restart). An upcoming appointment that cannot be planned (hospital
 * not configured, patient row missing or unreadable) gets one SKIPPED status with the reason, so that
 * its timeline and the funnel say why it gets no message.
 */
final class ViewProcessor implements Processor<String, JoinedAppointment, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(ViewProcessor.class);
  static final Duration PARKED_RETRY = Duration.ofMinutes(1);

  private final AppointmentViews views;
  private final ContactRequests requests;
  private final Clock clock;
  private final DeadLetters deadLetters;
  private final JsonSerde<JoinedAppointment> json = new JsonSerde<>(JoinedAppointment.class);
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, Appointment> emitted;
  private KeyValueStore<String, JoinedAppointment> parked;

  ViewProcessor(AppointmentViews views, ContactRequests requests, Clock clock, DeadLetters deadLetters) {
    this.views = views;
    this.requests = requests;
    this.clock = clock;
    this.deadLetters = deadLetters;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.emitted = context.getStateStore(SchedulerStores.VIEWS);
    this.parked = context.getStateStore(SchedulerStores.PARKED_VIEWS);
    context.schedule(PARKED_RETRY, PunctuationType.WALL_CLOCK_TIME, this::retryParked);
  }

  @Override
  public void process(Record<String, JoinedAppointment> record) {
    String key = record.key();
    JoinedAppointment joined = record.value();
    if (joined == null) {
      parked.delete(key);
      Appointment last = emitted.delete(key);
      if (last != null) {
        context.forward(record.withValue(Appointment.newBuilder(last).setDeleted(true).build()));
        context.forward(record.withValue(null));
      }
      return;
    }
    emit(record.withValue(joined));
  }

  private void emit(Record<String, JoinedAppointment> record) {
    JoinedAppointment joined = record.value();
    if (joined.patient() == null) {
      withoutPatient(record);
      return;
    }
    Optional<Appointment> view = views.view(joined);
    if (view.isEmpty()) {
      if (parked.get(record.key()) == null) {
        String reason = "hospital code '" + joined.site().hospitalCode() + "' of site " + joined.site().id()
            + " is not configured (scheduler.hospitals); the appointment is parked until it is";
        log.warn("Appointment {} not emitted: {}", record.key(), reason);
        DeadLetter letter = deadLetters.builder(Topics.HIS_APPOINTMENTS, record.key(),
                json.serializer().serialize(null, joined), DeadLetters.FORMAT_JSON, new IllegalStateException(reason))
            .build();
        context.forward(new Record<>(record.key(), letter, record.timestamp()));
        nothingPlanned(record, SkipReason.HOSPITAL_NOT_CONFIGURED, "hospital code '" + joined.site().hospitalCode()
            + "' is not configured in the scheduler (scheduler.hospitals): nothing is planned until it is");
      }
      parked.put(record.key(), joined);
      return;
    }
    // Looked up first: a delete writes a tombstone to the changelog, and almost no view was ever parked.
    if (parked.get(record.key()) != null) {
      parked.delete(record.key());
    }
    Appointment current = view.get();
    if (current.getStartsAt().isBefore(clock.instant()) && !joined.appointmentChangedLast()) {
      return;
    }
    if (AppointmentViews.sameContent(emitted.get(record.key()), current)) {
      return;
    }
    emitted.put(record.key(), current);
    context.forward(new Record<>(record.key(), current, record.timestamp()));
  }

  /**
   * The patient row is not in the table: deleted in the HIS (the view is withdrawn, as for a deleted
   * appointment), or never captured because his-connector dead-lettered it (parked until it comes).
   */
  private void withoutPatient(Record<String, JoinedAppointment> record) {
    JoinedAppointment joined = record.value();
    Appointment last = emitted.delete(record.key());
    if (last != null) {
      context.forward(record.withValue(Appointment.newBuilder(last).setDeleted(true).build()));
      context.forward(record.withValue(null));
      return;
    }
    if (parked.get(record.key()) == null) {
      log.warn("Appointment {} not emitted: its patient row {} is missing or unreadable", record.key(),
          joined.appointment().patientId());
      nothingPlanned(record, SkipReason.PATIENT_UNREADABLE, "patient row " + joined.appointment().patientId()
          + " is missing or could not be read (see his.patients.dlq): nothing is planned until the HIS row is fixed");
    }
    parked.put(record.key(), joined);
  }

  /** One SKIPPED status for an upcoming appointment that cannot be planned; past ones need no message. */
  private void nothingPlanned(Record<String, JoinedAppointment> record, SkipReason reason, String why) {
    JoinedAppointment joined = record.value();
    if (views.startsAt(joined).isAfter(clock.instant())) {
      context.forward(new Record<>(record.key(), requests.nothingPlanned(record.key(),
          joined.site().hospitalCode(), reason, why), record.timestamp()));
    }
  }

  private void retryParked(long timestamp) {
    List<KeyValue<String, JoinedAppointment>> waiting = new ArrayList<>();
    try (KeyValueIterator<String, JoinedAppointment> all = parked.all()) {
      all.forEachRemaining(waiting::add);
    }
    for (KeyValue<String, JoinedAppointment> entry : waiting) {
      if (entry.value.patient() != null && views.view(entry.value).isPresent()) {
        emit(new Record<>(entry.key, entry.value, timestamp));
      }
    }
  }
}
