package org.contactability.response.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;

import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.response.application.AnswerLinks;
import org.contactability.response.application.AnswerRequests;
import org.contactability.response.application.VoiceCalls;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.QuestionKind;
import org.contactability.response.support.Fixtures;
import org.junit.jupiter.api.Test;

class VoiceScriptsTest {

  final VoiceScripts scripts = new VoiceScripts("es-MX", "Polly.Mia", 8, 2);
  final Appointment appointment = Fixtures.appointment("c1", LocalDateTime.of(2026, 5, 6, 10, 0));
  final MessageDetails details = AnswerRequests.detailsOf(appointment);
  final HospitalProfile chillan = HospitalProfiles.shipped().of("HCHM");

  /** A call about the appointment, standing as {@code status} with {@code actions} still open. */
  VoiceCalls.Ask ask(QuestionKind kind, AnswerLinks.Status status, Intent... actions) {
    ContactRequest question = Fixtures.reminder("r-c1", appointment, Channel.VOICE, "AbCdEfGhIjKlMnOp",
        Instant.EPOCH);
    return new VoiceCalls.Ask(new AnswerLinks.Open(question, kind, details, status, Set.of(actions), Optional.empty()),
        chillan);
  }

  VoiceCalls.Ask pending(QuestionKind kind) {
    return ask(kind, AnswerLinks.Status.PENDING, kind.yes(), kind.no());
  }

  @Test
  void the_first_reading_gathers_one_digit_and_asks_again_once_when_nothing_is_pressed() {
    String twiml = scripts.ask(pending(QuestionKind.APPOINTMENT), "https://r.example/twilio/voice/t",
        "https://r.example/twilio/voice/t/gather", 1);

    assertThat(twiml).contains("<Gather").contains("numDigits=\"1\"").contains("timeout=\"8\"")
        .contains("action=\"https://r.example/twilio/voice/t/gather\"").contains("method=\"POST\"")
        .contains("Hola, Juan. Le llamamos de Hospital de Chillán para recordarle su cita del"
            + " miércoles 6 de mayo, a las 10:00 horas, con Dra. Juanita Pérez Mellado, de Medicina Interna,"
            + " en Centro de Especialidades. Para confirmar su asistencia, presione 1. Para cancelar la cita,"
            + " presione 2.")
        .contains("<Redirect method=\"POST\">https://r.example/twilio/voice/t?intento=2</Redirect>");
  }

  @Test
  void the_last_reading_says_goodbye_instead_of_asking_again() {
    String twiml = scripts.ask(pending(QuestionKind.APPOINTMENT), "u", "u/gather", 2);

    assertThat(twiml).doesNotContain("<Redirect").contains("<Hangup/>");
  }

  @Test
  void an_offer_and_a_purge_question_ask_their_own_questions() {
    assertThat(scripts.ask(pending(QuestionKind.OFFER), "u", "u/g", 1))
        .contains("Tenemos una hora disponible").contains("Para aceptarla, presione 1");
    assertThat(scripts.ask(pending(QuestionKind.STILL_NEEDED), "u", "u/g", 1))
        .contains("¿Todavía necesita esta atención?");
  }

  @Test
  void a_patient_who_confirmed_hears_that_the_appointment_is_confirmed_and_is_offered_only_to_cancel() {
    String twiml = scripts.ask(ask(QuestionKind.APPOINTMENT, AnswerLinks.Status.CONFIRMED, Intent.CANCEL), "u", "u/g", 1);

    assertThat(twiml).contains("<Gather").contains("para recordarle su cita del miércoles 6 de mayo")
        .contains(", que está confirmada. Si no podrá asistir, presione 2 para cancelarla.")
        .doesNotContain("presione 1").doesNotContain("confirmar");
  }

  @Test
  void past_the_confirm_deadline_the_call_offers_only_to_cancel() {
    assertThat(scripts.ask(ask(QuestionKind.APPOINTMENT, AnswerLinks.Status.PENDING, Intent.CANCEL), "u", "u/g", 1))
        .contains("Ya no es posible confirmarla por este medio. Si no podrá asistir, presione 2 para cancelarla.")
        .doesNotContain("presione 1");
  }

  @Test
  void with_nothing_left_to_answer_the_call_says_where_things_stand_and_asks_nothing() {
    String twiml = scripts.ask(ask(QuestionKind.APPOINTMENT, AnswerLinks.Status.TOO_LATE), "u", "u/g", 1);

    assertThat(twiml).doesNotContain("<Gather").contains("El plazo para responder por este medio terminó.")
        .contains("llame al 5 6 4 2 0 0 0 0 0 0 0").contains("<Hangup/>");
  }

  @Test
  void a_too_late_answer_gives_the_hospitals_phone_digit_by_digit() {
    AppointmentDecision late = AppointmentDecision.newBuilder().setDecisionId("d").setAppointmentId("c1")
        .setType(DecisionType.REJECTED_TOO_LATE).setDecidedAt(java.time.Instant.EPOCH).setDecidedBy("response-service")
        .setAppointment(Fixtures.appointment("c1", LocalDateTime.of(2026, 5, 6, 10, 0))).build();

    assertThat(scripts.answered(QuestionKind.APPOINTMENT, late, details))
        .contains("El plazo para responder por este medio ya terminó.")
        .contains("llame al 5 6 4 2 2 5 8 6 4 0 0").contains("<Hangup/>");
  }

  @Test
  void without_a_decision_in_time_the_call_says_the_answer_was_registered() {
    assertThat(scripts.answered(QuestionKind.APPOINTMENT, null, null))
        .contains("Registramos su respuesta. Le enviaremos la confirmación por mensaje de texto.");
  }
}
