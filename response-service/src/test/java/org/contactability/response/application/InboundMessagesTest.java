package org.contactability.response.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.response.support.Fixtures.PATIENT_PHONE;

import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.time.LocalDateTime;

import org.contactability.common.PhoneNumber;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.response.application.AnswerPublisher.Keyed;
import org.contactability.response.application.InboundMessages.InboundMessage;
import org.contactability.response.domain.Correlator;
import org.contactability.response.domain.ReplyParser;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WhatsApp and SMS answers through the real views and judge (under TopologyTestDriver). */
class InboundMessagesTest {

  static final String WA_FROM = "whatsapp:+56961234567";

  TopologyFixture harness;
  InboundMessages inbound;
  Appointment cita7 = Fixtures.appointment("cita-7", LocalDateTime.of(2026, 5, 6, 10, 0));
  Appointment cita8 = Fixtures.appointment("cita-8", LocalDateTime.of(2026, 5, 8, 11, 30));

  @BeforeEach
  void setUp() {
    harness = new TopologyFixture();
    inbound = new InboundMessages(harness.directory(), harness.publisher(), new ReplyParser(),
        new Correlator(Duration.ofHours(2), Duration.ofDays(7)), PhoneNumber.DEFAULT_REGION, harness.clock, "chillan",
        Duration.ofHours(24), harness.privacy);
    harness.appointments.pipeInput("cita-7", cita7);
    harness.appointments.pipeInput("cita-8", cita8);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void a_quick_reply_button_answers_the_message_it_replies_to_and_is_judged() {
    ContactRequest reminder = sent(Fixtures.reminder("r-7", cita7, Channel.WHATSAPP, null, at(0)), "SMreminder7");
    sent(Fixtures.reminder("r-8", cita8, Channel.WHATSAPP, null, at(1)), "SMreminder8");

    receive(new InboundMessage("SMin1", Channel.WHATSAPP, WA_FROM, "Confirme su cita", "CONFIRM",
        "Confirme su cita", "SMreminder7"));

    PatientResponse response = onlyPublished("cita-7");
    assertThat(response.getIntent()).isEqualTo(Intent.CONFIRM);
    assertThat(response.getCorrelationMethod()).isEqualTo(CorrelationMethod.BUTTON_REPLY);
    assertThat(response.getQuestionRequestId()).isEqualTo(reminder.getRequestId());
    assertThat(response.getButtonPayload()).isEqualTo("CONFIRM");
    assertThat(List.of(response.getRawText(), response.getFrom())).as("sealed")
        .allSatisfy(sealed -> assertThat(sealed).startsWith("enc1:").doesNotContain("Confirme", "987654"));
    assertThat(harness.cipher.reveal(response.getRawText())).isEqualTo("Confirme su cita");
    assertThat(harness.cipher.reveal(response.getFrom())).isEqualTo(PATIENT_PHONE);
    assertThat(response.getFromIndex()).isEqualTo(harness.cipher.blindIndex(PATIENT_PHONE));
    assertThat(response.getResponseId()).isEqualTo("SMin1");
    assertThat(harness.decisions.readValue().getType()).isEqualTo(DecisionType.CONFIRMED);
  }

  @Test
  void a_bare_digit_by_sms_goes_to_the_only_open_question() {
    sent(Fixtures.reminder("r-7", cita7, Channel.SMS, null, at(0)), "SM1");

    receive(sms("SMin1", "2"));

    PatientResponse response = onlyPublished("cita-7");
    assertThat(response.getIntent()).isEqualTo(Intent.CANCEL);
    assertThat(response.getCorrelationMethod()).isEqualTo(CorrelationMethod.ONLY_PENDING);
    assertThat(harness.cipher.reveal(response.getRawText())).isEqualTo("2");
    assertThat(harness.decisions.readValue().getType()).isEqualTo(DecisionType.CANCELLED_BY_PATIENT);
  }

  @Test
  void with_two_appointments_notified_apart_a_digit_goes_to_the_latest_notified() {
    sent(Fixtures.reminder("r-7", cita7, Channel.SMS, null, at(0)), "SM1");
    sent(Fixtures.reminder("r-8", cita8, Channel.SMS, null, at(0)), "SM2", at(0).plus(Duration.ofHours(5)));
    harness.clock.advance(Duration.ofHours(6));

    receive(sms("SMin1", "1"));

    PatientResponse response = onlyPublished("cita-8");
    assertThat(response.getCorrelationMethod()).isEqualTo(CorrelationMethod.LATEST_NOTIFIED);
    assertThat(response.getIntent()).isEqualTo(Intent.CONFIRM);
  }

  @Test
  void with_two_appointments_notified_together_the_patient_is_asked_which_and_their_number_decides() {
    sent(Fixtures.reminder("r-7", cita7, Channel.SMS, null, at(0)), "SM1");
    sent(Fixtures.reminder("r-8", cita8, Channel.SMS, null, at(0)), "SM2", at(0).plusSeconds(5));
    harness.clock.advance(Duration.ofMinutes(10));

    receive(sms("SMin1", "cancelar"));

    PatientResponse ambiguous = onlyPublished(harness.cipher.blindIndex(PATIENT_PHONE));
    assertThat(ambiguous.getCorrelationMethod()).isEqualTo(CorrelationMethod.AMBIGUOUS);
    assertThat(ambiguous.getCorrelation()).isNull();
    ContactRequest which = onlyReply();
    assertThat(which.getTemplate()).isEqualTo("which-appointment-question");
    assertThat(which.getChannel()).isEqualTo(Channel.SMS);
    assertThat(harness.cipher.reveal(which.getRecipient().getPhone())).isEqualTo(PATIENT_PHONE);
    assertThat(which.getVariables()).containsEntry("optionCount", "2")
        .containsEntry("pendingAnswer", "NO")
        .containsEntry("option.1.requestId", "r-7").containsEntry("option.1.startsAtLocal", "2026-05-06T10:00")
        .containsEntry("option.2.requestId", "r-8").containsEntry("option.2.specialty", "Medicina Interna")
        .containsEntry("option.2.professional", "Dra. Juanita Pérez Mellado")
        .containsEntry("option1", "miércoles 6 de mayo, 10:00 horas, Medicina Interna, con Dra. Juanita Pérez Mellado")
        .containsEntry("option2", "viernes 8 de mayo, 11:30 horas, Medicina Interna, con Dra. Juanita Pérez Mellado");
    assertThat(harness.decisions.isEmpty()).isTrue();

    harness.statuses.pipeInput(PATIENT_PHONE, Fixtures.status(which, DeliveryStatus.DELIVERED, "SMwhich",
        harness.clock.instant()));
    harness.clock.advance(Duration.ofMinutes(2));
    receive(sms("SMin2", "2"));

    PatientResponse chosen = onlyPublished("cita-8");
    assertThat(chosen.getCorrelationMethod()).isEqualTo(CorrelationMethod.PATIENT_CHOICE);
    assertThat(chosen.getIntent()).isEqualTo(Intent.CANCEL);
    assertThat(chosen.getQuestionRequestId()).isEqualTo("r-8");
    assertThat(harness.decisions.readValue().getAppointmentId()).isEqualTo("cita-8");
  }

  @Test
  void a_yes_to_a_slot_offer_is_an_acceptance_keyed_by_the_slot_and_left_to_the_waiting_list() {
    ContactRequest offer = Fixtures.offer("o-req", "offer-1", "cita-3", LocalDateTime.of(2026, 5, 4, 9, 0), null,
        at(0), at(0).plus(Duration.ofHours(2)));
    sent(offer, "SMoffer");

    receive(sms("SMin1", "Sí!"));

    PatientResponse response = onlyPublished("cita-3");
    assertThat(response.getIntent()).isEqualTo(Intent.ACCEPT_OFFER);
    assertThat(response.getCorrelation().getOfferId()).isEqualTo("offer-1");
    assertThat(harness.decisions.isEmpty()).isTrue();
    assertThat(harness.replies).isEmpty();
  }

  @Test
  void stop_opts_the_number_out_and_is_answered() {
    sent(Fixtures.reminder("r-7", cita7, Channel.WHATSAPP, null, at(0)), "SM1");

    receive(new InboundMessage("SMin1", Channel.WHATSAPP, WA_FROM, "STOP", null, null, null));

    PatientResponse response = onlyPublished(harness.cipher.blindIndex(PATIENT_PHONE));
    assertThat(response.getIntent()).isEqualTo(Intent.OPT_OUT);
    assertThat(response.getCorrelation()).isNull();
    assertThat(response.getHospitalCode()).isEqualTo("chillan");
    ContactRequest reply = onlyReply();
    assertThat(reply.getTemplate()).isEqualTo("opt-out-answer");
    assertThat(reply.getChannel()).isEqualTo(Channel.WHATSAPP);
    assertThat(harness.decisions.isEmpty()).isTrue();
  }

  @Test
  void an_answer_we_do_not_understand_gets_the_help_answer_about_the_open_question() {
    sent(Fixtures.reminder("r-7", cita7, Channel.SMS, null, at(0)), "SM1");

    receive(sms("SMin1", "¿a qué hora era?"));

    PatientResponse response = onlyPublished("cita-7");
    assertThat(response.getIntent()).isEqualTo(Intent.UNKNOWN);
    assertThat(harness.cipher.reveal(response.getRawText())).isEqualTo("¿a qué hora era?");
    ContactRequest help = onlyReply();
    assertThat(help.getTemplate()).isEqualTo("help-answer");
    assertThat(help.getDetails().getStartsAtLocal()).isEqualTo(cita7.getStartsAtLocal());
  }

  @Test
  void a_thank_you_needs_no_answer() {
    sent(Fixtures.reminder("r-7", cita7, Channel.SMS, null, at(0)), "SM1");

    receive(sms("SMin1", "Muchas gracias!"));

    assertThat(harness.published).hasSize(1);
    assertThat(harness.replies).isEmpty();
  }

  @Test
  void a_message_from_a_number_we_never_asked_is_kept_uncorrelated_and_gets_the_help_answer() {
    receive(new InboundMessage("SMin1", Channel.SMS, "+56987654321", "1", null, null, null));

    PatientResponse response = onlyPublished(harness.cipher.blindIndex("+56987654321"));
    assertThat(response.getCorrelationMethod()).isEqualTo(CorrelationMethod.NONE);
    assertThat(response.getHospitalCode()).isEqualTo("chillan");
    assertThat(onlyReply().getTemplate()).isEqualTo("help-answer");
    assertThat(harness.decisions.isEmpty()).isTrue();
  }

  @Test
  void an_answer_days_after_the_window_closed_is_judged_too_late() {
    sent(Fixtures.reminder("r-7", cita7, Channel.SMS, null, at(0)), "SM1");
    harness.clock.advance(Duration.between(harness.clock.instant(), cita7.getCancelUntil().plus(Duration.ofDays(1))));

    receive(sms("SMin1", "confirmo"));

    assertThat(harness.decisions.readValue().getType()).isEqualTo(DecisionType.REJECTED_TOO_LATE);
    assertThat(harness.answersSent()).extracting(ContactRequest::getTemplate).containsExactly("too-late-answer");
  }

  Instant at(int minutes) {
    return TopologyFixture.START.plus(Duration.ofMinutes(minutes));
  }

  ContactRequest sent(ContactRequest request, String providerId) {
    return sent(request, providerId, request.getRequestedAt());
  }

  ContactRequest sent(ContactRequest request, String providerId, Instant deliveredAt) {
    harness.requests.pipeInput(request.getCorrelation().getAppointmentId(), request);
    harness.statuses.pipeInput(request.getCorrelation().getAppointmentId(),
        Fixtures.status(request, DeliveryStatus.SENT, providerId, deliveredAt));
    return request;
  }

  static InboundMessage sms(String sid, String body) {
    return new InboundMessage(sid, Channel.SMS, PATIENT_PHONE, body, null, null, null);
  }

  void receive(InboundMessage message) {
    harness.published.clear();
    harness.replies.clear();
    inbound.receive(message).join();
  }

  PatientResponse onlyPublished(String expectedKey) {
    assertThat(harness.published).hasSize(1);
    Keyed<PatientResponse> published = harness.published.get(0);
    assertThat(published.key()).isEqualTo(expectedKey);
    return published.value();
  }

  ContactRequest onlyReply() {
    assertThat(harness.replies).hasSize(1);
    return harness.replies.get(0).value();
  }
}
