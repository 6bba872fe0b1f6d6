package org.contactability.response.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.response.application.AnswerDirectory.Asked;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The views the webhooks read, kept by the global stores' indexers. */
class StoreAnswerDirectoryTest {

  static final Instant T0 = TopologyFixture.START;

  TopologyFixture harness;
  StoreAnswerDirectory directory;
  Appointment appointment = Fixtures.appointment("cita-7", LocalDateTime.of(2026, 5, 6, 10, 0));

  @BeforeEach
  void setUp() {
    harness = new TopologyFixture();
    directory = harness.directory();
    harness.appointments.pipeInput("cita-7", appointment);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void a_question_is_found_by_its_token_its_id_and_its_recipients_number_in_e164() {
    ContactRequest reminder = Fixtures.reminder("r-1", appointment, Channel.SMS, "AbCdEfGhIjKlMnOp", T0);

    harness.requests.pipeInput("cita-7", reminder);

    assertThat(directory.requestByToken("AbCdEfGhIjKlMnOp")).contains(reminder);
    assertThat(directory.requestById("r-1")).contains(reminder);
    assertThat(directory.questionsTo(harness.cipher.blindIndex(Fixtures.PATIENT_PHONE))).containsExactly(new Asked(reminder, T0));
  }

  @Test
  void a_question_was_asked_when_it_first_reached_the_patient_whatever_order_the_reports_came_in() {
    ContactRequest reminder = Fixtures.reminder("r-1", appointment, Channel.WHATSAPP, null, T0);
    harness.requests.pipeInput("cita-7", reminder);

    harness.statuses.pipeInput("cita-7", Fixtures.status(reminder, DeliveryStatus.DELIVERED, "SMabc", T0.plusSeconds(9)));
    harness.statuses.pipeInput("cita-7", Fixtures.status(reminder, DeliveryStatus.QUEUED, "SMabc", T0.plusSeconds(2)));

    assertThat(directory.questionsTo(harness.cipher.blindIndex(Fixtures.PATIENT_PHONE))).extracting(Asked::askedAt)
        .containsExactly(T0.plusSeconds(2));
    assertThat(directory.requestByProviderMessageId("SMabc")).contains(reminder);
  }

  @Test
  void a_question_that_failed_to_reach_the_patient_is_not_one_they_can_be_answering() {
    ContactRequest failed = Fixtures.reminder("r-1", appointment, Channel.WHATSAPP, null, T0);
    ContactRequest delivered = Fixtures.reminder("r-2", appointment, Channel.SMS, null, T0.plusSeconds(60));
    harness.requests.pipeInput("cita-7", failed);
    harness.requests.pipeInput("cita-7", delivered);

    harness.statuses.pipeInput("cita-7", Fixtures.status(failed, DeliveryStatus.QUEUED, "SM1", T0));
    harness.statuses.pipeInput("cita-7", Fixtures.status(failed, DeliveryStatus.UNDELIVERED, "SM1", T0.plusSeconds(5)));
    harness.statuses.pipeInput("cita-7", Fixtures.status(delivered, DeliveryStatus.DELIVERED, "SM2", T0.plusSeconds(70)));

    assertThat(directory.questionsTo(harness.cipher.blindIndex(Fixtures.PATIENT_PHONE))).extracting(a -> a.request().getRequestId())
        .containsExactly("r-2");
  }

  @Test
  void messages_that_ask_nothing_are_not_kept() {
    ContactRequest confirmation = ContactRequest.newBuilder(
        Fixtures.reminder("r-1", appointment, Channel.SMS, null, T0))
        .setPurpose(ContactPurpose.CONFIRMATION_ANSWER).setTemplate("confirmation-answer").build();

    harness.requests.pipeInput("cita-7", confirmation);
    harness.statuses.pipeInput("cita-7", Fixtures.status(confirmation, DeliveryStatus.SENT, "SM9", T0));

    assertThat(directory.requestById("r-1")).isEmpty();
    assertThat(directory.questionsTo(harness.cipher.blindIndex(Fixtures.PATIENT_PHONE))).isEmpty();
    assertThat(directory.requestByProviderMessageId("SM9")).isEmpty();
  }

  @Test
  void questions_closed_longer_than_the_retention_are_forgotten_when_the_number_is_asked_again() {
    ContactRequest old = Fixtures.reminder("r-old", appointment, Channel.SMS, "OldOldOldOldOldO", T0);
    harness.requests.pipeInput("cita-7", old);
    Instant muchLater = appointment.getCancelUntil().plus(Duration.ofDays(31));
    Appointment next = Fixtures.appointment("cita-8", LocalDateTime.of(2026, 7, 1, 9, 0));
    ContactRequest fresh = Fixtures.reminder("r-new", next, Channel.SMS, "NewNewNewNewNewN", muchLater);

    harness.requests.pipeInput("cita-8", fresh);

    assertThat(directory.questionsTo(harness.cipher.blindIndex(Fixtures.PATIENT_PHONE))).extracting(a -> a.request().getRequestId())
        .containsExactly("r-new");
    assertThat(directory.requestByToken("OldOldOldOldOldO")).isEmpty();
    assertThat(directory.requestById("r-old")).isEmpty();
  }

  @Test
  void an_appointment_deleted_in_the_his_is_forgotten() {
    harness.appointments.pipeInput("cita-7", Appointment.newBuilder(appointment).setDeleted(true).build());

    assertThat(directory.appointment("cita-7")).isEmpty();
  }

  @Test
  void the_judges_decisions_on_page_answers_are_found_by_answer_and_as_the_appointments_standing_decision() {
    harness.requests.pipeInput("cita-7", Fixtures.reminder("r-1", appointment, Channel.SMS, null, T0));
    harness.responses.pipeInput("cita-7", org.contactability.contracts.contact.PatientResponse.newBuilder()
        .setResponseId("web-1").setReceivedAt(T0).setChannel(Channel.WEB)
        .setIntent(org.contactability.contracts.contact.Intent.CONFIRM)
        .setCorrelation(org.contactability.contracts.common.Correlation.newBuilder().setAppointmentId("cita-7").build())
        .setCorrelationMethod(org.contactability.contracts.contact.CorrelationMethod.ONLY_PENDING)
        .setQuestionRequestId("r-1").build());
    harness.decisionsIn.pipeValueList(harness.decisions.readValuesToList());

    assertThat(directory.decisionForResponse("web-1")).hasValueSatisfying(
        d -> assertThat(d.getType().name()).isEqualTo("CONFIRMED"));
    assertThat(directory.standingDecision("cita-7")).isPresent();
  }

  @Test
  void decisions_on_answers_by_message_are_not_kept_by_answer_because_nothing_looks_them_up() {
    harness.requests.pipeInput("cita-7", Fixtures.reminder("r-1", appointment, Channel.SMS, null, T0));
    harness.responses.pipeInput("cita-7", org.contactability.contracts.contact.PatientResponse.newBuilder()
        .setResponseId("SM1").setReceivedAt(T0).setChannel(Channel.SMS).setFrom(Fixtures.PATIENT_PHONE)
        .setIntent(org.contactability.contracts.contact.Intent.CANCEL)
        .setCorrelation(org.contactability.contracts.common.Correlation.newBuilder().setAppointmentId("cita-7").build())
        .setCorrelationMethod(org.contactability.contracts.contact.CorrelationMethod.ONLY_PENDING)
        .setQuestionRequestId("r-1").build());
    harness.decisionsIn.pipeValueList(harness.decisions.readValuesToList());

    assertThat(directory.decisionForResponse("SM1")).isEmpty();
    assertThat(directory.standingDecision("cita-7")).hasValueSatisfying(
        d -> assertThat(d.getType().name()).isEqualTo("CANCELLED_BY_PATIENT"));
  }
}
