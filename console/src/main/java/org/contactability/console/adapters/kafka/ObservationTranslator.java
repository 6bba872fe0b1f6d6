package org.contactability.console.adapters.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.contactability.console.application.ConsolePrivacy;
import org.contactability.console.application.DeadLetterReplays;
import org.contactability.console.domain.AppointmentKind;
import org.contactability.console.domain.AuditEntry;
import org.contactability.console.domain.DeadLetterEntry;
import org.contactability.console.domain.DecisionKind;
import org.contactability.console.domain.Delivery;
import org.contactability.console.domain.Fact;
import org.contactability.console.domain.HisStatus;
import org.contactability.console.domain.NoticeChannel;
import org.contactability.console.domain.Observation;
import org.contactability.console.domain.SlotStep;
import org.contactability.console.domain.TimelineEntry;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.Patient;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.AppointmentRow;
import org.contactability.contracts.his.BookAppointment;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.SetAppointmentStatus;
import org.contactability.contracts.his.SiteChange;
import org.contactability.contracts.his.SiteRow;
import org.contactability.contracts.his.WithdrawWaitlistEntry;
import org.contactability.contracts.ops.AuditEvent;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;
import org.contactability.contracts.waitlist.Slot;
import org.contactability.contracts.waitlist.SlotOfferEvent;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;

/**
 * Turns a record of a catalogue topic into what the console learns from it: which appointments'
 * timelines get a line, the line (Spanish, without patient data: names become initials, message
 * texts are never copied), and the facts the funnel and the dead-letter list count. Records it has
 * nothing to say about (professionals, waiting-list rows, tombstones) give an empty observation.
 */
public final class ObservationTranslator {

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm", Locale.ROOT);
  private static final List<ContactPurpose> NOTICES = List.of(ContactPurpose.BOOKING_NOTICE, ContactPurpose.REMINDER,
      ContactPurpose.RESCHEDULE_NOTICE, ContactPurpose.HOSPITAL_CANCELLATION_NOTICE);
  /** Dead-letter topics keyed by the ids of other HIS rows (a patient 12 is not appointment 12). */
  private static final Set<String> KEYED_BY_OTHER_ROWS = Set.of(Topics.HIS_PATIENTS, Topics.HIS_PROFESSIONALS,
      Topics.HIS_SITES, Topics.HIS_WAITLIST).stream().map(t -> t.deadLetter().orElseThrow().name())
      .collect(Collectors.toUnmodifiableSet());

  private final ZoneId zone;
  private final ConsolePrivacy privacy;

  /**
   * @param zone    the hospital's zone, for deadlines shown as local times
   * @param privacy opens a RUT or a name just long enough to mask it and index it: the model keeps no clear value
   */
  public ObservationTranslator(ZoneId zone, ConsolePrivacy privacy) {
    this.zone = zone;
    this.privacy = privacy;
  }

  /**
   * @param topic  the catalogue entry the record was read from (a dead-letter topic's entry for dead letters)
   * @param record the record with its value read into the topic's contract class
   */
  public Observation translate(TopicSpec<?> topic, ConsumerRecord<String, ?> record) {
    Object value = record.value();
    if (value == null) {
      return empty();
    }
    List<Fact> extra = new ArrayList<>();
    Header replay = record.headers().lastHeader(DeadLetterReplays.REPLAY_HEADER);
    if (replay != null && replay.value() != null) {
      extra.add(new Fact.Replayed(new String(replay.value(), StandardCharsets.UTF_8)));
    }
    Observation observation = translate(topic.name(), record, value, replay != null);
    extra.addAll(observation.facts());
    return new Observation(observation.appointmentIds(), observation.entry(), extra,
        Instant.ofEpochMilli(record.timestamp()));
  }

  private Observation translate(String topic, ConsumerRecord<String, ?> record, Object value, boolean replayed) {
    if (topic.equals(Topics.CONTACT_SUPPRESSIONS.name())) {
      // The opt-out itself is on patient.responses; this compacted copy, keyed by phone, adds nothing.
      return empty();
    }
    String suffix = replayed ? " (reenviado desde cola de errores)" : "";
    Instant stamp = Instant.ofEpochMilli(record.timestamp());
    if (value instanceof DeadLetter letter) {
      return deadLetter(topic, record, letter);
    }
    if (value instanceof AppointmentChange change) {
      return appointmentChange(topic, change, suffix);
    }
    if (value instanceof SiteChange change) {
      SiteRow site = change.getAfter();
      return site == null ? empty() : Observation.of(new Fact.SiteSeen(site.getId(), site.getHospitalCode()));
    }
    if (value instanceof PatientChange change) {
      PatientRow patient = change.getAfter();
      return patient == null ? empty() : privacy.rut(patient.getRut())
          .map(rut -> Observation.of(new Fact.PatientSeen(patient.getId(), rut.key(), rut.masked())))
          .orElse(empty());
    }
    if (value instanceof Appointment view) {
      return appointmentView(topic, view, stamp, suffix);
    }
    if (value instanceof ContactRequest request) {
      return contactRequest(topic, request, suffix);
    }
    if (value instanceof ContactStatus status) {
      return contactStatus(topic, status, suffix);
    }
    if (value instanceof PatientResponse response) {
      return patientResponse(topic, response, suffix);
    }
    if (value instanceof AppointmentDecision decision) {
      return decision(topic, decision, suffix);
    }
    if (value instanceof SlotOfferEvent offer) {
      return offer(topic, offer, suffix);
    }
    if (value instanceof PurgeCampaignProgress progress) {
      return Observation.of(campaignProgress(progress));
    }
    if (value instanceof HisCommand command) {
      return command(topic, command, suffix);
    }
    if (value instanceof HisCommandResult result) {
      return commandResult(topic, result, suffix);
    }
    if (value instanceof AuditEvent event) {
      return Observation.of(new Fact.Audited(audited(event)));
    }
    return empty();
  }

  private Observation appointmentChange(String topic, AppointmentChange change, String suffix) {
    AppointmentRow row = change.getAfter() != null ? change.getAfter() : change.getBefore();
    if (row == null) {
      return empty();
    }
    Instant at = change.getSource().getCapturedAt();
    boolean deleted = change.getAfter() == null;
    String summary = deleted ? "Cita borrada en el HIS"
        : "Cita " + status(row.getStatus()) + " para el " + local(row.getStartsAtLocal()) + " · " + row.getSpecialty()
            + " · sede " + row.getSiteId()
            + (row.getCancellationReason() == null ? "" : " · motivo registrado en el HIS");
    Fact fact = new Fact.AppointmentSeen(row.getId(), null, row.getSiteId(), row.getStartsAtLocal(),
        hisStatus(row.getStatus()), row.getPatientId(), null, null, deleted, null, at);
    Fact kind = new Fact.AppointmentClassified(row.getId(), row.getSpecialty(), kind(row.getType()),
        row.getDurationMinutes(), null);
    return new Observation(List.of(row.getId()),
        new TimelineEntry(at, topic, change.getOp().name(), summary + suffix), List.of(fact, kind));
  }

  private Observation appointmentView(String topic, Appointment view, Instant stamp, String suffix) {
    String professional = Stream.of(view.getProfessional().getTitle(), view.getProfessional().getFullName())
        .filter(s -> s != null && !s.isBlank()).collect(Collectors.joining(" "));
    Fact.AppointmentDetails details = new Fact.AppointmentDetails(view.getSite().getName(), view.getSpecialty(),
        professional, privacy.maskedName(view.getPatient().getFullName()), view.getPolicyId(), view.getCancelUntil(),
        sealed(view.getPatient()));
    Optional<ConsolePrivacy.KnownRut> rut = privacy.rut(view.getPatient().getRut());
    Fact fact = new Fact.AppointmentSeen(view.getAppointmentId(), view.getHospital().getCode(), view.getSite().getId(),
        view.getStartsAtLocal(), hisStatus(view.getStatus()), view.getPatient().getId(),
        rut.map(ConsolePrivacy.KnownRut::key).orElse(null), view.getConfirmUntil(), view.getDeleted(), details, stamp);
    String summary = view.getDeleted() ? "Vista: cita borrada"
        : "Vista: " + status(view.getStatus()) + " · " + view.getHospital().getCode() + " · " + local(view.getStartsAtLocal())
            + " · " + view.getSpecialty()
            + (view.getPolicyId() == null ? " · sin política de contacto" : " · política " + view.getPolicyId())
            + (view.getConfirmUntil() == null ? "" : " · confirmar hasta " + local(view.getConfirmUntil()));
    Fact kind = new Fact.AppointmentClassified(view.getAppointmentId(), view.getSpecialty(), kind(view.getType()),
        view.getDurationMinutes(), view.getSite().getName());
    List<Fact> facts = rut.<List<Fact>>map(r -> List.of(fact, kind, new Fact.PatientSeen(view.getPatient().getId(),
        r.key(), r.masked()))).orElse(List.of(fact, kind));
    return new Observation(List.of(view.getAppointmentId()), new TimelineEntry(stamp, topic, "VISTA", summary + suffix, true),
        facts);
  }

  /** The patient's fields as they travel, sealed: the read model keeps them closed. */
  private static Fact.SealedPatient sealed(Patient patient) {
    return new Fact.SealedPatient(patient.getId(), patient.getRut(), patient.getGivenNames(), patient.getFullName(),
        patient.getMobilePhone(), patient.getEmail(), patient.getLandlinePhone());
  }

  private static AuditEntry audited(AuditEvent event) {
    return new AuditEntry(event.getEventId(), event.getOccurredAt(), event.getService(), event.getSubject(),
        event.getRole(), event.getKind().name(), event.getMethod(), event.getPath(), event.getPatientId(),
        event.getAppointmentId(), event.getReason(), event.getDetail(), event.getRemoteAddress(), event.getStatus(),
        event.getOutcome().name());
  }

  private Observation contactRequest(String topic, ContactRequest request, String suffix) {
    Correlation correlation = request.getCorrelation();
    String summary = purpose(request.getPurpose()) + " por " + request.getChannel() + " · plantilla "
        + request.getTemplate()
        + (correlation.getStepId() == null ? "" : " · paso " + correlation.getStepId())
        + (request.getRespondBy() == null ? "" : " · responder hasta " + local(request.getRespondBy()));
    return new Observation(ids(correlation.getAppointmentId()),
        new TimelineEntry(request.getRequestedAt(), topic, request.getPurpose().name(), summary + suffix), List.of());
  }

  private Observation contactStatus(String topic, ContactStatus status, String suffix) {
    String appointmentId = status.getCorrelation().getAppointmentId();
    List<Fact> facts = new ArrayList<>();
    Optional<NoticeChannel> channel = noticeChannel(status.getChannel());
    boolean notice = NOTICES.contains(status.getPurpose());
    if (appointmentId != null && channel.isPresent() && notice) {
      facts.add(new Fact.NoticeStatus(appointmentId, channel.get(), delivery(status),
          status.getCorrelation().getStepId(), status.getPurpose() == ContactPurpose.REMINDER, status.getOccurredAt()));
    }
    // A notice that did not go, or an appointment for which the scheduler could plan nothing (purpose OTHER).
    if (appointmentId != null && (notice || NotSentStatuses.skipped(status))) {
      NotSentStatuses.reasons(status).forEach(reason ->
          facts.add(new Fact.NotSent(appointmentId, reason, status.getOccurredAt())));
    }
    String failure = NotSentStatuses.failure(status);
    String summary = NotSentStatuses.skipped(status) ? skippedSummary(status)
        : status.getChannel() + " " + status.getStatus() + " · " + purpose(status.getPurpose()) + " · "
            + status.getProvider()
            + (status.getProviderMessageId() == null ? "" : " " + status.getProviderMessageId())
            + (failure == null ? "" : " · " + failure)
            + (status.getErrorCode() == null ? "" : " · error " + status.getErrorCode())
            + (status.getReason() == null ? "" : " · " + status.getReason());
    return new Observation(ids(appointmentId),
        new TimelineEntry(status.getOccurredAt(), topic, status.getStatus().name(), summary + suffix), facts);
  }

  /** "Paso reminder no enviado por WHATSAPP: <reason> · <detail>", or, when nothing could be planned, "Sin mensajes: ...". */
  private static String skippedSummary(ContactStatus status) {
    String stepId = status.getCorrelation().getStepId();
    String failure = NotSentStatuses.failure(status);
    String head = stepId == null ? "Sin mensajes"
        : "Paso " + stepId + " no enviado por " + status.getChannel() + " (" + purpose(status.getPurpose()) + ")";
    return head + ": " + NotSentStatuses.skipReason(status.getErrorCode())
        + (failure == null ? "" : " · " + failure)
        + (status.getReason() == null ? "" : " · " + status.getReason());
  }

  private Observation patientResponse(String topic, PatientResponse response, String suffix) {
    String appointmentId = response.getCorrelation() == null ? null : response.getCorrelation().getAppointmentId();
    String summary = "Respuesta " + response.getIntent() + " por " + response.getChannel() + " · correlación "
        + response.getCorrelationMethod()
        + (response.getButtonPayload() == null ? "" : " · botón " + response.getButtonPayload());
    return new Observation(ids(appointmentId),
        new TimelineEntry(response.getReceivedAt(), topic, response.getIntent().name(), summary + suffix), List.of());
  }

  private Observation decision(String topic, AppointmentDecision decision, String suffix) {
    String summary = "Decisión " + decision.getType() + " por " + decision.getDecidedBy()
        + (decision.getChannel() == null ? "" : " · respuesta por " + decision.getChannel())
        + (decision.getReason() == null ? "" : " · " + decision.getReason());
    Fact fact = new Fact.DecisionMade(decision.getAppointmentId(), decisionKind(decision), decision.getDecidedAt());
    return new Observation(ids(decision.getAppointmentId()),
        new TimelineEntry(decision.getDecidedAt(), topic, decision.getType().name(), summary + suffix), List.of(fact));
  }

  private Observation offer(String topic, SlotOfferEvent offer, String suffix) {
    SlotStep step = switch (offer.getType()) {
      case SLOT_OPENED -> SlotStep.OPENED;
      case OFFERED -> SlotStep.OFFERED;
      case BOOKED -> SlotStep.BOOKED;
      default -> SlotStep.OTHER;
    };
    Slot slot = offer.getSlot();
    Fact fact = new Fact.SlotEvent(offer.getSlotId(), slot.getHospitalCode(), slot.getStartsAtLocal(), step,
        offer.getOccurredAt(), new Fact.SlotShape(slot.getSiteId(), slot.getSpecialty(), kind(slot.getType()),
            slot.getDurationMinutes(), slot.getStartsAt()));
    String summary = "Cupo liberado " + offer.getType() + " · " + local(offer.getSlot().getStartsAtLocal()) + " · "
        + offer.getSlot().getSpecialty()
        + (offer.getWaitlistEntryId() == null ? "" : " · entrada de lista de espera " + offer.getWaitlistEntryId())
        + (offer.getExpiresAt() == null ? "" : " · vence " + local(offer.getExpiresAt()))
        + (offer.getStrategy() == null ? "" : " · " + offer.getStrategy())
        + (offer.getReason() == null ? "" : " · " + offer.getReason());
    return new Observation(ids(offer.getSlotId()),
        new TimelineEntry(offer.getOccurredAt(), topic, offer.getType().name(), summary + suffix), List.of(fact));
  }

  private static Fact campaignProgress(PurgeCampaignProgress progress) {
    return new Fact.CampaignProgress(progress.getCampaignId(), progress.getHospitalCode(), progress.getSpecialty(),
        progress.getStartedAt(), progress.getStatus().name(), progress.getTotal(), progress.getStillNeeded(),
        progress.getWithdrawing() + progress.getWithdrawn() + progress.getWithdrawalRefused(), progress.getNoAnswer(),
        progress.getUndeliverable(), progress.getAwaitingAnswer() + progress.getQueued());
  }

  private Observation command(String topic, HisCommand command, String suffix) {
    List<String> ids = new ArrayList<>();
    String what;
    Object body = command.getCommand();
    if (body instanceof SetAppointmentStatus set) {
      ids.add(set.getAppointmentId());
      what = "Registrar estado " + set.getStatus() + " en el HIS";
    } else if (body instanceof BookAppointment book) {
      ids.add(book.getFreedAppointmentId());
      what = "Agendar a la entrada " + book.getWaitlistEntryId() + " el " + local(book.getStartsAtLocal()) + " · "
          + book.getSpecialty();
    } else if (body instanceof WithdrawWaitlistEntry withdraw) {
      what = "Egresar la entrada " + withdraw.getWaitlistEntryId() + " de la lista de espera";
    } else {
      what = "Comando";
    }
    if (command.getCorrelation() != null) {
      ids.add(command.getCorrelation().getAppointmentId());
    }
    return new Observation(ids, new TimelineEntry(command.getIssuedAt(), topic, body.getClass().getSimpleName(),
        what + " · pedido por " + command.getIssuedBy() + suffix), List.of());
  }

  private Observation commandResult(String topic, HisCommandResult result, String suffix) {
    List<String> ids = new ArrayList<>();
    ids.add(result.getAppointmentId());
    if (result.getCorrelation() != null) {
      ids.add(result.getCorrelation().getAppointmentId());
    }
    String summary = result.getCommandType() + " " + result.getOutcome()
        + (result.getAppointmentId() == null ? "" : " · cita " + result.getAppointmentId())
        + (result.getReason() == null ? "" : " · " + result.getReason());
    return new Observation(ids,
        new TimelineEntry(result.getProcessedAt(), topic, result.getOutcome().name(), summary + suffix), List.of());
  }

  private Observation deadLetter(String topic, ConsumerRecord<String, ?> record, DeadLetter letter) {
    SourcePosition position = letter.getSourcePosition();
    ByteBuffer payload = letter.getPayload();
    byte[] bytes = null;
    if (payload != null) {
      ByteBuffer copy = payload.duplicate();
      bytes = new byte[copy.remaining()];
      copy.get(bytes);
    }
    DeadLetterEntry entry = new DeadLetterEntry(letter.getId(), topic, record.partition(), record.offset(),
        letter.getTopic(), letter.getPartition(), letter.getOffset(), letter.getKey(), letter.getPayloadFormat(), bytes,
        letter.getReason(), letter.getErrorType(), letter.getService(), letter.getFailedAt(), letter.getAttempts(),
        position == null ? null : position.getTable() + (position.getLsn() == null ? "" : " LSN " + position.getLsn()),
        letter.getHeaders());
    String key = letter.getKey();
    List<String> ids = key == null || looksLikeAddress(key) || KEYED_BY_OTHER_ROWS.contains(topic) ? List.of()
        : List.of(key);
    String summary = "Registro de " + letter.getTopic() + " no procesado por " + letter.getService() + ": "
        + letter.getReason();
    return new Observation(ids, new TimelineEntry(letter.getFailedAt(), topic, "DEAD_LETTER", summary),
        List.of(new Fact.DeadLetterSeen(entry)));
  }

  /** Keys of answers that could not be correlated are the sender's phone: never an appointment. */
  static boolean looksLikeAddress(String key) {
    return key.contains("@") || key.startsWith("+") || key.startsWith("whatsapp:");
  }

  private static Observation empty() {
    return new Observation(List.of(), null, List.of());
  }

  private static List<String> ids(String id) {
    return id == null ? List.of() : List.of(id);
  }

  private String local(Instant instant) {
    return LOCAL.format(instant.atZone(zone));
  }

  private static String local(LocalDateTime time) {
    return time == null ? "?" : LOCAL.format(time);
  }

  private static HisStatus hisStatus(AppointmentStatus status) {
    return switch (status) {
      case BOOKED -> HisStatus.BOOKED;
      case CONFIRMED -> HisStatus.CONFIRMED;
      case CANCELLED_BY_PATIENT -> HisStatus.CANCELLED_BY_PATIENT;
      case CANCELLED_BY_HOSPITAL -> HisStatus.CANCELLED_BY_HOSPITAL;
      case ATTENDED -> HisStatus.ATTENDED;
      case NO_SHOW -> HisStatus.NO_SHOW;
      case UNKNOWN -> HisStatus.UNKNOWN;
    };
  }

  private static AppointmentKind kind(AppointmentType type) {
    return switch (type) {
      case NEW_CONSULTATION -> AppointmentKind.NEW_CONSULTATION;
      case CONTROL -> AppointmentKind.CONTROL;
      case PROCEDURE -> AppointmentKind.PROCEDURE;
      case OTHER -> AppointmentKind.OTHER;
    };
  }

  private static String status(AppointmentStatus status) {
    return switch (status) {
      case BOOKED -> "agendada";
      case CONFIRMED -> "confirmada";
      case CANCELLED_BY_PATIENT -> "anulada por el paciente";
      case CANCELLED_BY_HOSPITAL -> "anulada por el establecimiento";
      case ATTENDED -> "atendida";
      case NO_SHOW -> "no se presentó";
      case UNKNOWN -> "en estado desconocido";
    };
  }

  private static String purpose(ContactPurpose purpose) {
    return switch (purpose) {
      case BOOKING_NOTICE -> "Aviso de cita agendada";
      case REMINDER -> "Recordatorio";
      case RESCHEDULE_NOTICE -> "Aviso de cambio de hora";
      case HOSPITAL_CANCELLATION_NOTICE -> "Aviso de suspensión por el establecimiento";
      case CONFIRMATION_ANSWER -> "Respuesta: cita confirmada";
      case CANCELLATION_ANSWER -> "Respuesta: cita anulada";
      case TOO_LATE_ANSWER -> "Respuesta: fuera de plazo";
      case ALREADY_CANCELLED_ANSWER -> "Respuesta: cita ya anulada";
      case HELP_ANSWER -> "Respuesta: ayuda";
      case WHICH_APPOINTMENT_QUESTION -> "Pregunta: ¿cuál cita?";
      case OPT_OUT_ANSWER -> "Respuesta: baja de mensajes";
      case SLOT_OFFER -> "Oferta de cupo";
      case OFFER_ACCEPTED_ANSWER -> "Respuesta: oferta aceptada";
      case OFFER_TAKEN_ANSWER -> "Respuesta: cupo ya asignado";
      case OFFER_DECLINED_ANSWER -> "Respuesta: oferta rechazada";
      case STILL_NEEDED_QUESTION -> "Pregunta: ¿aún necesita la atención?";
      case STILL_NEEDED_ANSWER -> "Respuesta: lista de espera";
      case RESCHEDULED_ANSWER -> "Respuesta: la cita cambió de hora";
      case OTHER -> "Mensaje";
    };
  }

  private static Optional<NoticeChannel> noticeChannel(Channel channel) {
    return switch (channel) {
      case WHATSAPP -> Optional.of(NoticeChannel.WHATSAPP);
      case SMS -> Optional.of(NoticeChannel.SMS);
      case EMAIL -> Optional.of(NoticeChannel.EMAIL);
      case VOICE -> Optional.of(NoticeChannel.VOICE);
      case WEB -> Optional.empty();
    };
  }

  private static Delivery delivery(ContactStatus status) {
    return switch (status.getStatus()) {
      case QUEUED, SENT, UNDELIVERED -> Delivery.SENT;
      case DELIVERED -> Delivery.DELIVERED;
      case READ -> Delivery.READ;
      case SENDING, FAILED, SUPPRESSED, EXPIRED, SKIPPED, OTHER -> Delivery.NOT_SENT;
    };
  }

  private static DecisionKind decisionKind(AppointmentDecision decision) {
    return switch (decision.getType()) {
      case CONFIRMED -> DecisionKind.CONFIRMED;
      case CANCELLED_BY_PATIENT -> DecisionKind.CANCELLED_BY_PATIENT;
      case CANCELLED_BY_HOSPITAL -> DecisionKind.CANCELLED_BY_HOSPITAL;
      case RESCHEDULED -> DecisionKind.RESCHEDULED;
      case NO_RESPONSE -> DecisionKind.NO_RESPONSE;
      case ATTENDED -> DecisionKind.ATTENDED;
      case NO_SHOW -> DecisionKind.NO_SHOW;
      default -> DecisionKind.OTHER;
    };
  }
}
