package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.platform.e2e.RunningPlatform.channel;
import static org.contactability.platform.e2e.RunningPlatform.template;
import static org.contactability.platform.e2e.StoryData.phone;
import static org.contactability.platform.e2e.StoryData.suffix;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.JsonNode;
import org.contactability.common.Rut;
import org.contactability.his.reference.EstadoCita;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.contactability.notifier.domain.SpanishWording;
import org.junit.jupiter.api.Test;

/**
 * What patients are told, end to end through the platform's stable interfaces: the hospital's texts
 * word for word, in one voice per hospital, true to where the appointment stands.
 */
class PatientTextsStoriesTest {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  private final RunningPlatform platform = RunningPlatform.get();
  private final ReferenceHis his = platform.his;

  /** A Chillán appointment six days ahead at {@code time}, at a site of its own on Francisco Ramírez 10. */
  private record Booked(long appointment, String phone, String siteName, LocalDateTime start) {
  }

  private Booked bookInChillan(NewProfessional professional, String givenNames, String surname, String secondSurname,
      LocalTime time) {
    String siteName = "Especialidades " + suffix();
    long site = his.addSite(new NewSite("HCHM", siteName, "Francisco Ramírez 10", "Chillán"));
    long doctor = his.addProfessional(professional);
    String phone = phone();
    long patient = platform.addPatient(new NewPatient(rut(), givenNames, surname, secondSurname, null, phone, null));
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(6).atTime(time);
    long appointment = his.book(new NewAppointment(patient, doctor, site, professional.specialty(), start, 20,
        TipoPrestacion.CONTROL, null));
    return new Booked(appointment, phone, siteName, start);
  }

  @Test
  void a_chillan_patient_who_confirms_gets_the_hospitals_confirmation_with_street_and_commune_word_for_word()
      throws Exception {
    Booked booked = bookInChillan(new NewProfessional(null, "Dra.", "Juanita", "Pérez", "Mellado", "Medicina Interna"),
        "Juan Dionisio", "Soto", "Cabrera", LocalTime.of(10, 0));
    String phone = booked.phone();
    LocalDateTime start = booked.start();
    platform.advanceClockTo(start.atZone(SANTIAGO).toInstant().minus(Duration.ofHours(96)).plusSeconds(60));
    JsonNode reminder = platform.awaitMessage(phone, m -> template(m, "reminder") && channel(m, "whatsapp"));
    assertThat(reminder.path("text").asText()).isEqualTo("Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán"
        + " le informa que tiene una cita este " + SpanishWording.dayAndMonth(start.toLocalDate(), true) + ", a las"
        + " 10:00 horas, con la Dra. Juanita Pérez Mellado de Medicina Interna, en el " + booked.siteName() + "."
        + " Confirme o Cancele su cita presionando a continuación:");

    assertThat(platform.tap(phone, reminder, "CONFIRM").statusCode()).isEqualTo(200);

    JsonNode confirmation = platform.awaitMessage(phone, m -> template(m, "confirmation-answer"));
    assertThat(confirmation.path("text").asText()).isEqualTo("Cita confirmada para el "
        + SpanishWording.dayAndMonth(start.toLocalDate(), true) + ", a las 10:00 horas. Llegue 15 minutos antes de su"
        + " hora. Dirección: Francisco Ramírez 10, Chillán. ¡Lo esperamos!");
    org.awaitility.Awaitility.await().atMost(RunningPlatform.PATIENCE).until(() ->
        his.findAppointment(booked.appointment()).orElseThrow().status() == EstadoCita.CONFIRMADA);
  }

  @Test
  void la_serenas_reminder_to_a_patient_who_confirmed_says_so_and_offers_only_to_cancel() throws Exception {
    long site = his.addSite(new NewSite("HLS", "CDT confirmada " + suffix(), "Av. Balmaceda 916", "La Serena"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dr.", "Pablo", "Cortés", "Vega", "Cardiología"));
    String phone = phone();
    String email = "confirma" + suffix() + "@example.com";
    long patient = platform.addPatient(new NewPatient(rut(), "Rosa", "Vega", "Muñoz", null, phone, email));
    // 15 h before 10:00 is 19:00, outside La Serena's quiet hours.
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(3).atTime(LocalTime.of(10, 0));
    his.book(new NewAppointment(patient, doctor, site, "Cardiología", start, 20, TipoPrestacion.CONTROL, null));

    JsonNode notice = platform.awaitMessage(phone, m -> template(m, "booking-notice"));
    assertThat(notice.path("buttons").findValuesAsText("title")).containsExactly("Confirmo", "No podré asistir");
    JsonNode mail = platform.awaitMessage(email, m -> template(m, "booking-notice"));
    assertThat(mail.path("requestId").asText()).endsWith(":booking-notice:1:EMAIL");
    assertThat(mail.path("hospitalCode").asText()).isEqualTo("HLS");
    assertThat(mail.path("buttons").findValuesAsText("title")).containsExactly("Confirmo", "No podré asistir");

    assertThat(platform.tap(phone, notice, "CONFIRM").statusCode()).isEqualTo(200);
    assertThat(platform.awaitMessage(phone, m -> template(m, "confirmation-answer")).path("text").asText())
        .endsWith(" Dirección: Av. Balmaceda 916, La Serena. ¡Lo esperamos!");

    platform.advanceClockTo(start.atZone(SANTIAGO).toInstant().minus(Duration.ofHours(15)).plusSeconds(60));
    JsonNode reminder = platform.awaitMessage(phone, m -> template(m, "reminder-confirmed"));
    assertThat(reminder.path("text").asText()).contains("tiene una cita confirmada")
        .contains("Si no podrá asistir, aún puede cancelarla").doesNotContainPattern("(?i)confirme");
    assertThat(reminder.path("buttons").findValuesAsText("payload")).containsExactly("CANCEL");
    assertThat(reminder.path("buttons").findValuesAsText("title")).containsExactly("No podré asistir");
  }

  @Test
  void tapping_the_reminder_of_a_time_the_hospital_moved_tells_the_patient_the_current_time() throws Exception {
    Booked booked = bookInChillan(new NewProfessional(null, "Dr.", "Tomás", "Ibarra", "Soto", "Urología"), "Elena",
        "Castro", "Pino", LocalTime.of(12, 0));
    String phone = booked.phone();
    LocalDateTime start = booked.start();
    long appointment = booked.appointment();
    platform.advanceClockTo(start.atZone(SANTIAGO).toInstant().minus(Duration.ofHours(96)).plusSeconds(60));
    JsonNode oldReminder = platform.awaitMessage(phone, m -> template(m, "reminder"));

    LocalDateTime moved = start.plusDays(1).withHour(9);
    his.reschedule(appointment, moved);
    platform.awaitMessage(phone, m -> template(m, "reschedule-notice"));

    assertThat(platform.tap(phone, oldReminder, "CONFIRM").statusCode()).isEqualTo(200);

    JsonNode answer = platform.awaitMessage(phone, m -> template(m, "rescheduled-answer"));
    assertThat(answer.path("text").asText()).startsWith("Su cita fue cambiada: ahora es el "
        + SpanishWording.dayAndMonth(moved.toLocalDate(), true) + ", a las 09:00 horas, con el Dr. Tomás Ibarra Soto"
        + " de Urología").contains("responda al mensaje más reciente");
    assertThat(his.findAppointment(appointment).orElseThrow().status()).isEqualTo(EstadoCita.AGENDADA);
  }

  @Test
  void a_number_no_hospital_wrote_to_gets_the_help_answer() throws Exception {
    String stranger = phone();

    assertThat(platform.sms(stranger, "hola, ¿quién es?").statusCode()).isEqualTo(200);

    JsonNode help = platform.awaitMessage(stranger, m -> template(m, "help-answer"));
    assertThat(help.path("hospitalCode").asText()).isEqualTo("default");
    assertThat(help.path("text").asText()).isEqualTo("Responda 1 para confirmar su cita o 2 para cancelarla. Si no"
        + " desea recibir más mensajes, responda BAJA.");
  }

  /** RUTs of this class's patients come from a range of their own. */
  private static Rut rut() {
    return StoryData.rut(70_000_000);
  }
}
