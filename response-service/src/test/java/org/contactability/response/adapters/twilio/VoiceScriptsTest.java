package org.contactability.response.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.response.application.AnswerRequests;
import org.contactability.response.application.VoiceCalls;
import org.contactability.response.domain.QuestionKind;
import org.contactability.response.support.Fixtures;
import org.junit.jupiter.api.Test;

class VoiceScriptsTest {

  final VoiceScripts scripts = new VoiceScripts("es-MX", "Polly.Mia", 8, 2);
  final MessageDetails details = AnswerRequests.detailsOf(Fixtures.appointment("c1", LocalDateTime.of(2026, 5, 6, 10, 0)));

  @Test
  void the_first_reading_gathers_one_digit_and_asks_again_once_when_nothing_is_pressed() {
    String twiml = scripts.ask(new VoiceCalls.Ask(QuestionKind.APPOINTMENT, details), "https://r.example/twilio/voice/t",
        "https://r.example/twilio/voice/t/gather", 1);

    assertThat(twiml).contains("<Gather").contains("numDigits=\"1\"").contains("timeout=\"8\"")
        .contains("action=\"https://r.example/twilio/voice/t/gather\"").contains("method=\"POST\"")
        .contains("Hola, Juan. Le llamamos de Hospital Clínico Herminda Martín para recordarle su cita del"
            + " miércoles 6 de mayo, a las 10:00 horas, con Dra. Juanita Pérez Mellado, de Medicina Interna,"
            + " en Centro de Especialidades.")
        .contains("<Redirect method=\"POST\">https://r.example/twilio/voice/t?intento=2</Redirect>");
  }

  @Test
  void the_last_reading_says_goodbye_instead_of_asking_again() {
    String twiml = scripts.ask(new VoiceCalls.Ask(QuestionKind.APPOINTMENT, details), "u", "u/gather", 2);

    assertThat(twiml).doesNotContain("<Redirect").contains("<Hangup/>");
  }

  @Test
  void an_offer_and_a_purge_question_ask_their_own_questions() {
    assertThat(scripts.ask(new VoiceCalls.Ask(QuestionKind.OFFER, details), "u", "u/g", 1))
        .contains("Tenemos una hora disponible").contains("Para aceptarla, presione 1");
    assertThat(scripts.ask(new VoiceCalls.Ask(QuestionKind.STILL_NEEDED, details), "u", "u/g", 1))
        .contains("¿Todavía necesita esta atención?");
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
