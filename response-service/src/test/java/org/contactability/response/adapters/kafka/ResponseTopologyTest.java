package org.contactability.response.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.response.support.Fixtures.PATIENT_PHONE;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.SetAppointmentStatus;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole stream processor: answers in, decisions, writebacks, answer messages and dead letters out. */
class ResponseTopologyTest {

  static final LocalDateTime STARTS = LocalDateTime.of(2026, 5, 6, 10, 0);

  TopologyFixture harness;
  Appointment appointment;
  ContactRequest whatsappReminder;

  @BeforeEach
  void setUp() {
    harness = new TopologyFixture();
    appointment = Fixtures.appointment("cita-7", STARTS);
    harness.appointments.pipeInput("cita-7", appointment);
    whatsappReminder = Fixtures.reminder("cita-7:reminder:1:WHATSAPP", appointment, Channel.WHATSAPP,
        "AbCdEfGhIjKlMnOp", TopologyFixture.START);
    harness.requests.pipeInput("cita-7", whatsappReminder);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void a_confirmation_in_time_is_decided_written_back_and_answered_on_the_channel_it_came_by() {
    harness.responses.pipeInput("cita-7", answer("SM1", Intent.CONFIRM, Channel.WHATSAPP, at(-72)));

    AppointmentDecision decision = harness.decisions.readValue();
    assertThat(decision.getType()).isEqualTo(DecisionType.CONFIRMED);
    assertThat(decision.getAppointmentId()).isEqualTo("cita-7");
    assertThat(decision.getResponseId()).isEqualTo("SM1");
    assertThat(decision.getDecidedBy()).isEqualTo("response-service");
    assertThat(decision.getReason()).doesNotContain(PATIENT_PHONE).doesNotContain("Juan");

    HisCommand command = harness.commands.readKeyValue().value;
    SetAppointmentStatus status = (SetAppointmentStatus) command.getCommand();
    assertThat(status.getAppointmentId()).isEqualTo("cita-7");
    assertThat(status.getStatus()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(status.getExpectedStartsAtLocal()).isEqualTo(STARTS);
    assertThat(status.getReason()).isEqualTo("Confirmada por el paciente vía WhatsApp");

    ContactRequest reply = harness.answers.readValue();
    assertThat(reply.getTemplate()).isEqualTo("confirmation-answer");
    assertThat(reply.getPurpose()).isEqualTo(ContactPurpose.CONFIRMATION_ANSWER);
    assertThat(reply.getChannel()).isEqualTo(Channel.WHATSAPP);
    assertThat(reply.getRecipient().getPhone()).isEqualTo(PATIENT_PHONE);
    assertThat(reply.getDetails().getStartsAtLocal()).isEqualTo(STARTS);
    assertThat(reply.getDetails().getSiteAddress()).isEqualTo("Francisco Ramírez 10");
    assertThat(reply.getDetails().getSiteCommune()).isEqualTo("Chillán");
    assertThat(reply.getHospitalCode()).isEqualTo("chillan");
  }

  @Test
  void after_confirming_the_patient_may_still_cancel_until_the_cancel_deadline_and_then_not_confirm_again() {
    harness.responses.pipeInput("cita-7", answer("SM1", Intent.CONFIRM, Channel.WHATSAPP, at(-72)));
    harness.responses.pipeInput("cita-7", answer("SM2", Intent.CANCEL, Channel.WHATSAPP, at(-30)));
    harness.responses.pipeInput("cita-7", answer("SM3", Intent.CONFIRM, Channel.WHATSAPP, at(-29)));

    assertThat(harness.decisions.readValuesToList()).extracting(AppointmentDecision::getType)
        .containsExactly(DecisionType.CONFIRMED, DecisionType.CANCELLED_BY_PATIENT,
            DecisionType.REJECTED_ALREADY_CANCELLED);
    assertThat(harness.commands.readValuesToList()).extracting(c -> ((SetAppointmentStatus) c.getCommand()).getStatus())
        .containsExactly(AppointmentStatus.CONFIRMED, AppointmentStatus.CANCELLED_BY_PATIENT);
    assertThat(harness.answersSent()).extracting(ContactRequest::getTemplate)
        .containsExactly("confirmation-answer", "cancellation-answer", "already-cancelled-answer");
  }

  @Test
  void an_identical_repeat_decides_and_writes_nothing_but_answers_again_and_a_redelivery_does_nothing() {
    harness.responses.pipeInput("cita-7", answer("SM1", Intent.CANCEL, Channel.SMS, at(-72)));
    harness.responses.pipeInput("cita-7", answer("SM2", Intent.CANCEL, Channel.SMS, at(-71)));
    harness.responses.pipeInput("cita-7", answer("SM2", Intent.CANCEL, Channel.SMS, at(-71)));

    assertThat(harness.decisions.readValuesToList()).hasSize(1);
    assertThat(harness.commands.readValuesToList()).hasSize(1);
    assertThat(harness.answersSent()).extracting(ContactRequest::getRequestId)
        .containsExactly("cita-7:answer:SM1", "cita-7:answer:SM2");
  }

  @Test
  void an_answer_after_the_deadline_is_refused_with_the_hospitals_phone_and_not_written_back() {
    harness.responses.pipeInput("cita-7", answer("SM1", Intent.CONFIRM, Channel.SMS, at(-47)));

    AppointmentDecision decision = harness.decisions.readValue();
    assertThat(decision.getType()).isEqualTo(DecisionType.REJECTED_TOO_LATE);
    assertThat(decision.getReason()).contains("after the deadline " + appointment.getConfirmUntil());
    assertThat(harness.commands.isEmpty()).isTrue();
    ContactRequest reply = harness.answers.readValue();
    assertThat(reply.getTemplate()).isEqualTo("too-late-answer");
    assertThat(reply.getDetails().getHospitalPhone()).isEqualTo(Fixtures.HOSPITAL_PHONE);
  }

  @Test
  void an_answer_on_the_page_is_answered_where_the_link_was_sent_and_a_repeat_there_gets_no_message() {
    ContactRequest email = Fixtures.reminder("cita-7:reminder:1:EMAIL", appointment, Channel.EMAIL,
        "ZZCdEfGhIjKlMnOp", TopologyFixture.START);
    harness.requests.pipeInput("cita-7", email);

    harness.responses.pipeInput("cita-7", webAnswer("w-1", Intent.CANCEL, email, at(-72)));
    harness.responses.pipeInput("cita-7", webAnswer("w-2", Intent.CANCEL, email, at(-71)));

    List<ContactRequest> replies = harness.answersSent();
    assertThat(replies).singleElement().satisfies(reply -> {
      assertThat(reply.getChannel()).isEqualTo(Channel.EMAIL);
      assertThat(reply.getRecipient().getEmail()).isEqualTo("juan@example.cl");
      assertThat(reply.getTemplate()).isEqualTo("cancellation-answer");
    });
    assertThat(((SetAppointmentStatus) harness.commands.readValue().getCommand()).getReason())
        .isEqualTo("Cancelada por el paciente vía enlace web");
  }

  @Test
  void a_key_pressed_on_a_call_is_answered_by_sms_to_the_number_called() {
    ContactRequest call = Fixtures.reminder("cita-7:reminder:1:VOICE", appointment, Channel.VOICE,
        "VVCdEfGhIjKlMnOp", TopologyFixture.START);
    harness.requests.pipeInput("cita-7", call);
    PatientResponse pressed = PatientResponse.newBuilder(webAnswer("CA1:1", Intent.CONFIRM, call, at(-72)))
        .setChannel(Channel.VOICE).setCorrelationMethod(CorrelationMethod.VOICE_CALL).setFrom(PATIENT_PHONE).build();

    harness.responses.pipeInput("cita-7", pressed);

    ContactRequest reply = harness.answers.readValue();
    assertThat(reply.getChannel()).isEqualTo(Channel.SMS);
    assertThat(reply.getRecipient().getPhone()).isEqualTo(PATIENT_PHONE);
  }

  @Test
  void an_answer_to_a_question_about_the_former_time_of_a_moved_appointment_decides_nothing() {
    Appointment moved = Appointment.newBuilder(appointment).setStartsAtLocal(STARTS.plusDays(1))
        .setStartsAt(appointment.getStartsAt().plus(Duration.ofDays(1))).build();
    harness.appointments.pipeInput("cita-7", moved);

    harness.responses.pipeInput("cita-7", answer("SM1", Intent.CONFIRM, Channel.WHATSAPP, at(-72)));

    assertThat(harness.decisions.readValue().getType()).isEqualTo(DecisionType.OTHER);
    assertThat(harness.commands.isEmpty()).isTrue();
    ContactRequest reply = harness.answers.readValue();
    assertThat(reply.getTemplate()).isEqualTo("rescheduled-answer");
    assertThat(reply.getPurpose()).isEqualTo(ContactPurpose.RESCHEDULED_ANSWER);
    assertThat(reply.getDetails().getStartsAtLocal()).as("the current time").isEqualTo(STARTS.plusDays(1));
  }

  @Test
  void after_a_reschedule_the_patient_confirms_the_new_time_afresh() {
    harness.responses.pipeInput("cita-7", answer("SM1", Intent.CONFIRM, Channel.WHATSAPP, at(-96)));
    Appointment moved = Appointment.newBuilder(appointment).setStartsAtLocal(STARTS.plusDays(1))
        .setStartsAt(appointment.getStartsAt().plus(Duration.ofDays(1)))
        .setConfirmUntil(appointment.getConfirmUntil().plus(Duration.ofDays(1)))
        .setCancelUntil(appointment.getCancelUntil().plus(Duration.ofDays(1))).build();
    harness.appointments.pipeInput("cita-7", moved);
    ContactRequest notice = ContactRequest.newBuilder(Fixtures.reminder("cita-7:reschedule:2:WHATSAPP", moved,
        Channel.WHATSAPP, "NNCdEfGhIjKlMnOp", at(-90))).setPurpose(ContactPurpose.RESCHEDULE_NOTICE).build();
    harness.requests.pipeInput("cita-7", notice);

    harness.responses.pipeInput("cita-7", PatientResponse.newBuilder(answer("SM2", Intent.CONFIRM, Channel.WHATSAPP,
        at(-80))).setQuestionRequestId(notice.getRequestId()).build());

    assertThat(harness.decisions.readValuesToList()).extracting(AppointmentDecision::getType)
        .containsExactly(DecisionType.CONFIRMED, DecisionType.CONFIRMED);
    assertThat(harness.commands.readValuesToList()).last()
        .satisfies(c -> assertThat(((SetAppointmentStatus) c.getCommand()).getExpectedStartsAtLocal())
            .isEqualTo(STARTS.plusDays(1)));
  }

  @Test
  void answers_that_are_not_confirmations_or_cancellations_are_left_to_their_owners() {
    PatientResponse accept = PatientResponse.newBuilder(answer("SM1", Intent.ACCEPT_OFFER, Channel.SMS, at(-72)))
        .setCorrelation(Correlation.newBuilder().setAppointmentId("cita-7").setOfferId("o-1").build()).build();
    PatientResponse optOut = PatientResponse.newBuilder(answer("SM2", Intent.OPT_OUT, Channel.SMS, at(-72)))
        .setCorrelation(null).setCorrelationMethod(CorrelationMethod.NONE).build();

    harness.responses.pipeInput("cita-7", accept);
    harness.responses.pipeInput(PATIENT_PHONE, optOut);

    assertThat(harness.decisions.isEmpty()).isTrue();
    assertThat(harness.commands.isEmpty()).isTrue();
    assertThat(harness.answers.isEmpty()).isTrue();
  }

  @Test
  void an_answer_about_an_unknown_appointment_is_parked_with_its_reason_and_the_next_one_is_judged() {
    PatientResponse lost = PatientResponse.newBuilder(answer("SM1", Intent.CONFIRM, Channel.SMS, at(-72)))
        .setCorrelation(Correlation.newBuilder().setAppointmentId("cita-404").build()).build();

    harness.responses.pipeInput("cita-404", lost);
    harness.responses.pipeInput("cita-7", answer("SM2", Intent.CONFIRM, Channel.SMS, at(-72)));

    DeadLetter parked = harness.deadLetters.readValue();
    assertThat(parked.getTopic()).isEqualTo("patient.responses");
    assertThat(parked.getKey()).isEqualTo("cita-404");
    assertThat(parked.getReason()).contains("appointment cita-404 is not in the appointments view")
        .doesNotContain(PATIENT_PHONE);
    assertThat(parked.getService()).isEqualTo("response-service");
    assertThat(parked.getPayload()).isNotNull();
    assertThat(harness.decisions.readValue().getResponseId()).isEqualTo("SM2");
  }

  @Test
  void an_unreadable_answer_does_not_stop_the_judge() {
    harness.rawResponses.pipeInput("cita-7", "not avro".getBytes(StandardCharsets.UTF_8));
    harness.responses.pipeInput("cita-7", answer("SM2", Intent.CONFIRM, Channel.SMS, at(-72)));

    assertThat(harness.decisions.readValue().getType()).isEqualTo(DecisionType.CONFIRMED);
  }

  @Test
  void an_appointment_the_hospital_cancelled_cannot_be_confirmed_or_cancelled_by_the_patient() {
    harness.appointments.pipeInput("cita-7", Fixtures.withStatus(appointment, AppointmentStatus.CANCELLED_BY_HOSPITAL));

    harness.responses.pipeInput("cita-7", answer("SM1", Intent.CONFIRM, Channel.SMS, at(-72)));

    assertThat(harness.decisions.readValue().getType()).isEqualTo(DecisionType.REJECTED_ALREADY_CANCELLED);
    assertThat(harness.answers.readValue().getTemplate()).isEqualTo("already-cancelled-answer");
    assertThat(harness.commands.isEmpty()).isTrue();
  }

  @Test
  void every_judged_answer_is_counted_by_verdict_without_patient_data() {
    harness.responses.pipeInput("cita-7", answer("SM1", Intent.CONFIRM, Channel.SMS, at(-72)));

    assertThat(harness.meters.get("contactability.response.judged").tag("verdict", "Confirmed")
        .tag("channel", "SMS").counter().count()).isEqualTo(1.0);
  }

  /** An instant {@code hours} relative to the appointment's start. */
  Instant at(int hours) {
    return appointment.getStartsAt().plus(Duration.ofHours(hours));
  }

  PatientResponse answer(String id, Intent intent, Channel channel, Instant receivedAt) {
    return PatientResponse.newBuilder()
        .setResponseId(id)
        .setReceivedAt(receivedAt)
        .setChannel(channel)
        .setFrom(PATIENT_PHONE)
        .setIntent(intent)
        .setRawText(intent == Intent.CONFIRM ? "1" : "2")
        .setCorrelation(Correlation.newBuilder().setAppointmentId("cita-7").setStepId("reminder").setPlanVersion(1)
            .build())
        .setCorrelationMethod(CorrelationMethod.ONLY_PENDING)
        .setHospitalCode("chillan")
        .setQuestionRequestId(whatsappReminder.getRequestId())
        .build();
  }

  PatientResponse webAnswer(String id, Intent intent, ContactRequest question, Instant receivedAt) {
    return PatientResponse.newBuilder(answer(id, intent, Channel.WEB, receivedAt))
        .setFrom(null)
        .setCorrelationMethod(CorrelationMethod.ANSWER_LINK)
        .setQuestionRequestId(question.getRequestId())
        .build();
  }
}
