package org.contactability.response.adapters.kafka;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.SetAppointmentStatus;
import org.contactability.response.application.AnswerRequests;
import org.contactability.response.application.ResponseKeys;
import org.contactability.response.domain.Answer;
import org.contactability.response.domain.AnswerRules;
import org.contactability.response.domain.AnswerState;
import org.contactability.response.domain.AppointmentFacts;
import org.contactability.response.domain.AppointmentFacts.HisStatus;
import org.contactability.response.domain.Outcome;
import org.contactability.response.domain.Verdict;
import org.contactability.schemas.topics.Topics;

/**
 * Judges confirmations and cancellations, one at a time per appointment (the input is keyed by
 * appointment id and this task alone owns that key's state), and forwards what follows: the decision,
 * the HIS writeback, the answer message, or a dead letter when an answer cannot be judged. Other
 * answers (offers, purge questions, opt-outs, unknown) are not this judge's business.
 */
final class AnswerProcessor implements Processor<String, PatientResponse, String, SpecificRecord> {

  private final AnswerRules rules = new AnswerRules();
  private final Clock clock;
  private final AnswerRequests answers;
  private final DeadLetters deadLetters;
  private final Serializer<PatientResponse> responseSerializer;
  private final String responsesTopic;
  private final MeterRegistry meters;

  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, AnswerState> states;
  private KeyValueStore<String, Appointment> appointments;
  private KeyValueStore<String, ContactRequest> questions;

  AnswerProcessor(Clock clock, DeadLetters deadLetters, Serializer<PatientResponse> responseSerializer,
      String responsesTopic, MeterRegistry meters) {
    this.clock = clock;
    this.answers = new AnswerRequests(clock);
    this.deadLetters = deadLetters;
    this.responseSerializer = responseSerializer;
    this.responsesTopic = responsesTopic;
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    states = context.getStateStore(ResponseStores.ANSWER_STATE);
    appointments = context.getStateStore(ResponseStores.APPOINTMENTS);
    questions = context.getStateStore(ResponseStores.QUESTIONS);
  }

  @Override
  public void process(Record<String, PatientResponse> record) {
    PatientResponse response = record.value();
    if (response == null || !isForTheJudge(response)) {
      return;
    }
    String appointmentId = response.getCorrelation().getAppointmentId();
    Appointment appointment = appointments.get(appointmentId);
    if (appointment == null) {
      deadLetter(record, "appointment " + appointmentId + " is not in the appointments view, so answer "
          + response.getResponseId() + " cannot be judged; replay it once the appointment is known");
      return;
    }
    ContactRequest question = response.getQuestionRequestId() == null ? null
        : questions.get(ResponseStores.request(response.getQuestionRequestId()));
    Answer answer = new Answer(response.getResponseId(),
        org.contactability.response.domain.Intent.valueOf(response.getIntent().name()), response.getReceivedAt(),
        question == null || question.getDetails() == null ? null : question.getDetails().getStartsAtLocal(),
        response.getChannel() == Channel.WEB);
    AnswerState state = Optional.ofNullable(states.get(appointmentId)).orElse(AnswerState.NONE);

    Outcome outcome = rules.judge(state, facts(appointment), answer);

    states.put(appointmentId, outcome.next());
    meters.counter("contactability.response.judged", "verdict", outcome.verdict().getClass().getSimpleName(),
        "channel", response.getChannel().name()).increment();
    outcome.decision().ifPresent(kind ->
        context.forward(record.withKey(appointmentId).withValue(decision(kind, outcome, response, appointment))));
    outcome.writeback().ifPresent(status ->
        context.forward(record.withKey(appointmentId).withValue(writeback(status, response, appointment))));
    outcome.answer().ifPresent(template -> context.forward(record.withKey(appointmentId).withValue(
        answers.answer(appointmentId + ":answer:" + response.getResponseId(), template,
            answerCorrelation(response), appointment.getHospital().getCode(),
            AnswerRequests.routeFor(response, question), AnswerRequests.detailsOf(appointment), Map.of()))));
  }

  private static boolean isForTheJudge(PatientResponse response) {
    return (response.getIntent() == Intent.CONFIRM || response.getIntent() == Intent.CANCEL)
        && response.getCorrelation() != null && response.getCorrelation().getAppointmentId() != null;
  }

  private static AppointmentFacts facts(Appointment appointment) {
    return new AppointmentFacts(HisStatus.valueOf(appointment.getStatus().name()), appointment.getStartsAtLocal(),
        appointment.getStartsAt(), appointment.getConfirmUntil(), appointment.getCancelUntil());
  }

  private AppointmentDecision decision(Outcome.DecisionKind kind, Outcome outcome, PatientResponse response,
      Appointment appointment) {
    return AppointmentDecision.newBuilder()
        .setDecisionId("response:" + response.getResponseId())
        .setAppointmentId(appointment.getAppointmentId())
        .setType(DecisionType.valueOf(kind.name()))
        .setReason(reason(outcome.verdict(), response))
        .setChannel(response.getChannel())
        .setResponseId(response.getResponseId())
        .setDecidedAt(clock.instant())
        .setDecidedBy(ResponseTopology.SERVICE)
        .setAppointment(appointment)
        .build();
  }

  /** For operators: what the rules saw, without patient data. */
  private static String reason(Verdict verdict, PatientResponse response) {
    String via = " (" + response.getChannel() + ", " + response.getCorrelationMethod() + ")";
    if (verdict instanceof Verdict.Confirmed) {
      return "confirmed by the patient" + via;
    }
    if (verdict instanceof Verdict.Cancelled) {
      return "cancelled by the patient" + via;
    }
    if (verdict instanceof Verdict.TooLate late) {
      return response.getIntent() + " received at " + response.getReceivedAt() + ", after the deadline "
          + late.deadline() + via;
    }
    if (verdict instanceof Verdict.AlreadyCancelled cancelled) {
      return response.getIntent() + " refused: the appointment was already cancelled by the "
          + (cancelled.byHospital() ? "hospital" : "patient") + via;
    }
    if (verdict instanceof Verdict.AboutFormerTime former) {
      return response.getIntent() + " ignored: it answered a question about " + former.askedAbout()
          + " but the appointment was moved to " + former.startsAtLocal() + via;
    }
    return verdict.toString() + via;
  }

  private HisCommand writeback(HisStatus status, PatientResponse response, Appointment appointment) {
    return HisCommand.newBuilder()
        .setCommandId("response:" + response.getResponseId() + ":status")
        .setIssuedAt(clock.instant())
        .setIssuedBy(ResponseTopology.SERVICE)
        .setCorrelation(ResponseKeys.copy(response.getCorrelation()))
        .setCommand(SetAppointmentStatus.newBuilder()
            .setAppointmentId(appointment.getAppointmentId())
            .setStatus(AppointmentStatus.valueOf(status.name()))
            .setExpectedStartsAtLocal(appointment.getStartsAtLocal())
            .setReason((status == HisStatus.CONFIRMED ? "Confirmada" : "Cancelada") + " por el paciente vía "
                + channelName(response.getChannel()))
            .build())
        .build();
  }

  /** Channel names as hospital staff read them in the HIS. */
  private static String channelName(Channel channel) {
    switch (channel) {
      case WHATSAPP:
        return "WhatsApp";
      case SMS:
        return "SMS";
      case VOICE:
        return "llamada telefónica";
      case EMAIL:
        return "correo electrónico";
      default:
        return "enlace web";
    }
  }

  private static Correlation answerCorrelation(PatientResponse response) {
    Correlation asked = response.getCorrelation();
    return Correlation.newBuilder()
        .setAppointmentId(asked.getAppointmentId())
        .setPlanVersion(asked.getPlanVersion())
        .setStepId("answer")
        .build();
  }

  private void deadLetter(Record<String, PatientResponse> record, String reason) {
    Optional<RecordMetadata> source = context.recordMetadata();
    byte[] payload = responseSerializer.serialize(responsesTopic, record.value());
    context.forward(record.withValue(deadLetters.builder(Topics.PATIENT_RESPONSES, record.key(), payload,
            DeadLetters.FORMAT_AVRO, new IllegalStateException(reason))
        .setPartition(source.map(RecordMetadata::partition).orElse(null))
        .setOffset(source.map(RecordMetadata::offset).orElse(null))
        .build()));
  }
}
