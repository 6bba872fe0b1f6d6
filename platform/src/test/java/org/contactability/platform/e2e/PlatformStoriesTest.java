package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.contactability.platform.e2e.StoryData.phone;
import static org.contactability.platform.e2e.StoryData.suffix;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.contactability.common.Rut;
import org.contactability.his.reference.AppointmentRecord;
import org.contactability.his.reference.EstadoCita;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.NewWaitlistEntry;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform's stories, end to end in one JVM: a row written into the HIS database, messages in
 * the sandbox, the clock moved, answers by signed webhook, rows written back into the HIS. Each
 * story has its own patients and phones; they share the platform and its clock.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformStoriesTest {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final Duration PATIENCE = RunningPlatform.PATIENCE;
  /** The embedded platform's sandbox treats this number as a phone without WhatsApp. */
  static final String PHONE_WITHOUT_WHATSAPP = "+56977123456";

  static RunningPlatform platform;
  static ReferenceHis his;

  @BeforeAll
  static void start() {
    platform = RunningPlatform.get();
    his = platform.his;
  }

  @Test
  void a_cancelled_slot_goes_to_the_waiting_list_and_the_new_booking_gets_its_own_plan() throws Exception {
    long site = his.addSite(new NewSite("HLS", "CDT prueba " + suffix(), "Av. Balmaceda 916", "La Serena"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dra.", "Carolina", "Rojas", "Díaz", "Cardiología"));
    String cancellingPhone = phone();
    String cancellingEmail = "paciente" + suffix() + "@example.com";
    long cancelling = addPatient(new NewPatient(rut(), "Ana María", "Torres", "Lagos", null, cancellingPhone,
        cancellingEmail));
    String waitingPhone = phone();
    long waiting = addPatient(new NewPatient(rut(), "Luis Alberto", "Morales", "Vera", null, waitingPhone, null));
    LocalDate today = LocalDate.ofInstant(platform.now(), SANTIAGO);
    long entry = his.addWaitlistEntry(new NewWaitlistEntry(waiting, "HLS", "Cardiología", TipoPrestacion.CONTROL,
        null, null, true, today.plusDays(20), 1, today.minusDays(400)));
    LocalDateTime slot = today.plusDays(5).atTime(LocalTime.of(10, 0));

    long appointment = his.book(new NewAppointment(cancelling, doctor, site, "Cardiología", slot, 20,
        TipoPrestacion.CONTROL, null));

    JsonNode notice = awaitMessage(cancellingPhone, m -> template(m, "booking-notice"));
    assertThat(notice.path("channel").asText()).isEqualTo("whatsapp");
    awaitMessage(cancellingEmail, m -> m.path("subject").asText().length() > 0);

    Instant reminderTime = slot.atZone(SANTIAGO).toInstant().minus(Duration.ofHours(15));
    platform.advanceClockTo(reminderTime.plusSeconds(60));
    JsonNode reminder = awaitMessage(cancellingPhone, m -> template(m, "reminder"));
    assertThat(reminder.path("text").asText()).contains("Dra. Carolina Rojas Díaz").contains("10:00 horas");

    assertThat(platform.tap(cancellingPhone, reminder, "CANCEL").statusCode()).isEqualTo(200);

    JsonNode answer = awaitMessage(cancellingPhone, m -> template(m, "cancellation-answer"));
    assertThat(answer.path("text").asText()).isEqualTo("Su cita ha sido cancelada. Se notificará al profesional "
        + "que no asistirá y su hora será asignada a otro paciente en espera.");
    await().atMost(PATIENCE).until(() -> his.findAppointment(appointment).map(AppointmentRecord::status)
        .orElseThrow() == EstadoCita.ANULADA_PACIENTE);

    JsonNode offer = awaitMessage(waitingPhone, m -> template(m, "slot-offer"));
    assertThat(platform.tap(waitingPhone, offer, "ACCEPT_OFFER").statusCode()).isEqualTo(200);

    AtomicReference<AppointmentRecord> rebooked = new AtomicReference<>();
    await().atMost(PATIENCE).until(() -> {
      rebooked.set(findBooking(waiting, slot));
      return rebooked.get() != null;
    });
    assertThat(rebooked.get().waitlistEntryId()).isEqualTo(entry);
    assertThat(rebooked.get().professionalId()).isEqualTo(doctor);
    assertThat(his.findWaitlistEntry(entry).orElseThrow().status().name()).isEqualTo("CITADO");
    awaitMessage(waitingPhone, m -> template(m, "offer-accepted-answer"));
    awaitMessage(waitingPhone, m -> template(m, "booking-notice"));
  }

  @Test
  void a_reminder_that_whatsapp_cannot_deliver_goes_out_by_sms_with_the_answer_link() throws Exception {
    long site = his.addSite(new NewSite("HLS", "CDT fallback " + suffix(), "Av. Balmaceda 916", "La Serena"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dr.", "Jorge", "Pizarro", "Núñez", "Oftalmología"));
    long patient = addPatient(new NewPatient(rut(), "Marta", "Alvarado", "Silva", null, PHONE_WITHOUT_WHATSAPP,
        null));
    // 15 h before 10:00 is 19:00, outside La Serena's quiet hours (21:00-08:00), which would defer the fallback.
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(3).atTime(LocalTime.of(10, 0));
    long appointment = his.book(new NewAppointment(patient, doctor, site, "Oftalmología", start, 20,
        TipoPrestacion.CONTROL, null));

    platform.advanceClockTo(start.atZone(SANTIAGO).toInstant().minus(Duration.ofHours(15)).plusSeconds(60));

    JsonNode sms = awaitMessage(PHONE_WITHOUT_WHATSAPP, m -> about(m, appointment) && template(m, "reminder")
        && channel(m, "sms"));
    assertThat(sms.path("text").asText()).containsPattern("/r/[A-Za-z0-9_-]{16}$");
  }

  @Test
  void a_cancellation_by_the_hospital_is_announced_and_frees_no_slot() throws Exception {
    long site = his.addSite(new NewSite("HCHM", "Especialidades prueba " + suffix(), "Francisco Ramírez 10", "Chillán"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dr.", "Andrés", "Fuentes", "Paz", "Traumatología"));
    String phone = phone();
    long patient = addPatient(new NewPatient(rut(), "Claudia", "Reyes", "Mena", null, phone, null));
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(6).atTime(LocalTime.of(11, 0));
    long appointment = his.book(new NewAppointment(patient, doctor, site, "Traumatología", start, 20,
        TipoPrestacion.CONTROL, null));
    awaitTimeline(appointment, entry -> entry.path("topic").asText().equals("appointments"));

    his.cancelByHospital(appointment, "Profesional con licencia médica");

    JsonNode notice = awaitMessage(phone, m -> template(m, "hospital-cancellation-notice"));
    assertThat(notice.path("text").asText()).contains("Andrés Fuentes Paz");
    JsonNode timeline = awaitTimeline(appointment, entry -> entry.path("kind").asText().equals("CANCELLED_BY_HOSPITAL"));
    assertThat(timeline.path("entries").findValuesAsText("topic")).doesNotContain("waitlist.offers");
  }

  @Test
  void an_answer_after_the_deadline_gets_the_too_late_answer_with_the_hospitals_phone() throws Exception {
    long site = his.addSite(new NewSite("HCHM", "Especialidades plazo " + suffix(), "Francisco Ramírez 10", "Chillán"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dra.", "Paula", "Sandoval", "Ríos", "Neurología"));
    String phone = phone();
    long patient = addPatient(new NewPatient(rut(), "Héctor", "Campos", "Ortiz", null, phone, null));
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(6).atTime(LocalTime.of(12, 0));
    long appointment = his.book(new NewAppointment(patient, doctor, site, "Neurología", start, 20,
        TipoPrestacion.CONSULTA_NUEVA, null));
    Instant startsAt = start.atZone(SANTIAGO).toInstant();

    platform.advanceClockTo(startsAt.minus(Duration.ofHours(96)).plusSeconds(60));
    awaitMessage(phone, m -> template(m, "reminder"));
    platform.advanceClockTo(startsAt.minus(Duration.ofHours(47)));

    assertThat(platform.sms(phone, "1").statusCode()).isEqualTo(200);

    JsonNode tooLate = awaitMessage(phone, m -> template(m, "too-late-answer"));
    assertThat(tooLate.path("text").asText()).contains("+56 42 000 0000");
    assertThat(his.findAppointment(appointment).orElseThrow().status()).isEqualTo(EstadoCita.AGENDADA);
  }

  @Test
  void a_la_serena_patient_without_whatsapp_and_without_email_hears_of_the_booking_by_sms() throws Exception {
    long patient = addPatient(new NewPatient(rut(), "Irma", "Tapia", "Vega", null, PHONE_WITHOUT_WHATSAPP, null));
    inDaytime();

    long appointment = book(LA_SERENA, new NewProfessional(null, "Dra.", "Lorena", "Alfaro", "Ahumada",
        "Oftalmología"), patient, today().plusDays(4).atTime(LocalTime.of(11, 0)));

    awaitAnswerableSms(appointment + ":booking-notice:1:SMS", "Lorena Alfaro Ahumada");
  }

  @Test
  void a_whatsapp_the_sandbox_takes_but_answers_too_late_is_settled_and_reaches_the_phone_once() throws Exception {
    String phone = phone();
    long patient = addPatient(new NewPatient(rut(), "Rosa", "Godoy", "Lillo", null, phone, null));
    inDaytime();
    // An ops rehearsal from the console: the sandbox takes this phone's WhatsApp messages, then does not answer.
    HttpResponse<String> fault = platform.addSandboxFault("{\"kind\":\"timeout\",\"delayMs\":500,"
        + "\"channel\":\"whatsapp\",\"to\":\"" + phone + "\"}");
    assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
    try {
      long appointment = book(LA_SERENA, new NewProfessional(null, "Dr.", "Tomás", "Vidal", "Ríos", "Cardiología"),
          patient, today().plusDays(5).atTime(LocalTime.of(12, 0)));
      String requestId = appointment + ":booking-notice:1:WHATSAPP";

      awaitTimeline(appointment, e -> e.path("summary").asText().startsWith("WHATSAPP DELIVERED"));
      assertThat(platform.messagesTo(phone)).filteredOn(m -> m.path("requestId").asText().equals(requestId))
          .hasSize(1);
      assertThat(platform.sandboxJournal()).filteredOn(m -> m.requestId().equals(requestId))
          .as("copies the sandbox received, from its journal").hasSize(1);
    } finally {
      assertThat(platform.clearSandboxFaults()).isEqualTo(204);
    }
  }

  @Test
  void a_patient_with_only_a_landline_gets_the_booking_notice_as_a_call_and_confirms_with_a_digit() throws Exception {
    String landline = StoryData.landline();
    // As a clerk types a La Serena fixed line in the mobile field: "51 2XX XXXX".
    long patient = addPatient(new NewPatient(rut(), "Luis Humberto", "Alfaro", "Godoy", null,
        "51 " + landline.substring(5), null));
    inDaytime();

    long appointment = book(LA_SERENA, new NewProfessional(null, "Dr.", "Jorge Luis", "Castillo", "Álvarez",
        "Medicina Interna"), patient, today().plusDays(3).atTime(LocalTime.of(11, 40)));

    JsonNode call = awaitMessage(landline, m -> about(m, appointment) && template(m, "booking-notice"));
    assertThat(call.path("channel").asText()).isEqualTo("voice");
    assertThat(call.path("links").path(0).asText()).contains("/twilio/voice/");
    assertThat(platform.messagesTo(landline)).as("one call, nothing else").hasSize(1);

    HttpResponse<String> pressed = platform.press(landline, call, "1");

    assertThat(pressed.statusCode()).as(pressed.body()).isEqualTo(200);
    await().atMost(PATIENCE).until(() -> his.findAppointment(appointment).map(AppointmentRecord::status)
        .orElseThrow() == EstadoCita.CONFIRMADA);
  }

  @Test
  void a_chillan_booking_54_hours_ahead_for_a_phone_without_whatsapp_gets_the_sms_as_soon_as_the_whatsapp_fails()
      throws Exception {
    long patient = addPatient(new NewPatient(rut(), "Elena", "Riquelme", "Parra", null, PHONE_WITHOUT_WHATSAPP,
        null));
    advanceToNext(LocalTime.of(9, 0));

    // 54 h ahead: the 96 h WhatsApp and the 72 h SMS have both passed, the 48 h confirm deadline has not.
    long appointment = book(CHILLAN, new NewProfessional(null, "Dr.", "Felipe", "Sanhueza", "Carrasco",
        "Neurología"), patient, today().plusDays(2).atTime(LocalTime.of(15, 0)));

    awaitAnswerableSms(appointment + ":sms-fallback:1:SMS", "Felipe Sanhueza Carrasco");
  }

  @Test
  void a_phone_that_is_no_phone_only_loses_that_channel_and_the_clerk_sees_which_row_and_column() throws Exception {
    String email = "paciente" + suffix() + "@example.org";
    long patient = addPatient(new NewPatient(rut(), "Marcela", "Lagos", "Soto", null, "sin teléfono", email));
    inDaytime();

    book(LA_SERENA, new NewProfessional(null, "Dra.", "Gloria Elena", "Carvajal", "Rojo", "Neurología"), patient,
        today().plusDays(5).atTime(LocalTime.of(12, 20)));

    awaitMessage(email, m -> m.path("subject").asText().length() > 0);
    AtomicReference<JsonNode> report = new AtomicReference<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
      platform.deadLetters().stream().filter(letter -> letter.path("key").asText().equals(Long.toString(patient)))
          .findFirst().ifPresent(report::set);
      return report.get() != null;
    });
    assertThat(report.get().path("errorType").asText()).isEqualTo("UnusableContact.BAD_PHONE");
    assertThat(report.get().path("reason").asText()).contains("telefono_movil", "his.paciente")
        .doesNotContain("sin teléfono");
    assertThat(report.get().path("sourcePosition").asText()).startsWith("paciente");
    assertThat(report.get().path("replayable").asBoolean()).isFalse();
  }

  @Test
  void a_patient_without_phone_or_e_mail_gets_nothing_and_the_timeline_and_the_funnel_say_why() throws Exception {
    long patient = addPatient(new NewPatient(rut(), "Rosa Elena", "Muñoz", "Pino", null, null, null));
    inDaytime();

    long appointment = book(LA_SERENA, new NewProfessional(null, "Dr.", "Pablo Andrés", "Vera", "Toro",
        "Cardiología"), patient, today().plusDays(4).atTime(LocalTime.of(11, 0)));

    JsonNode timeline = awaitTimeline(appointment, entry -> entry.path("topic").asText().equals("contact.status")
        && entry.path("kind").asText().equals("SKIPPED"));
    JsonNode skipped = null;
    for (JsonNode entry : timeline.path("entries")) {
      if (entry.path("kind").asText().equals("SKIPPED")) {
        skipped = entry;
      }
    }
    assertThat(skipped.path("summary").asText()).contains("booking-notice", "sin canal de contacto");
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
      JsonNode day = platform.funnelDay("HLS", today().plusDays(4));
      return day != null && day.path("counts").path("notSent").path("noContactableChannel").asInt() > 0;
    });
  }

  private static final NewSite LA_SERENA = new NewSite("HLS", "CDT", "Av. Balmaceda 916", "La Serena");
  private static final NewSite CHILLAN = new NewSite("HCHM", "Especialidades", "Francisco Ramírez 10", "Chillán");

  /** Books the patient with a new professional at a new site of the hospital (site names are unique per hospital). */
  private static long book(NewSite hospital, NewProfessional professional, long patient, LocalDateTime start) {
    long site = his.addSite(new NewSite(hospital.hospitalCode(), hospital.name() + " " + suffix(), hospital.address(),
        hospital.commune()));
    long doctor = his.addProfessional(professional);
    return his.book(new NewAppointment(patient, doctor, site, professional.specialty(), start, 20,
        TipoPrestacion.CONTROL, null));
  }

  /** The SMS that request sent to the phone without WhatsApp names the professional and ends with the answer link. */
  private static void awaitAnswerableSms(String requestId, String professional) {
    JsonNode sms = awaitMessage(PHONE_WITHOUT_WHATSAPP, m -> m.path("requestId").asText().equals(requestId));
    assertThat(sms.path("channel").asText()).isEqualTo("sms");
    assertThat(sms.path("text").asText()).contains(professional).containsPattern("/r/[A-Za-z0-9_-]{16}$");
  }

  private static LocalDate today() {
    return LocalDate.ofInstant(platform.now(), SANTIAGO);
  }

  /** Messages at booking wait out the night's quiet hours (21:00-08:00): a story that needs them at once runs by day. */
  private static void inDaytime() throws Exception {
    LocalTime now = LocalTime.ofInstant(platform.now(), SANTIAGO);
    if (now.isBefore(LocalTime.of(8, 30)) || now.isAfter(LocalTime.of(19, 30))) {
      advanceToNext(LocalTime.of(9, 0));
    }
  }

  /** Moves the platform's clock to the next time the hospitals' clocks show {@code time}. */
  private static void advanceToNext(LocalTime time) throws Exception {
    LocalDateTime now = LocalDateTime.ofInstant(platform.now(), SANTIAGO);
    LocalDateTime next = now.toLocalDate().atTime(time);
    platform.advanceClockTo((next.isAfter(now) ? next : next.plusDays(1)).atZone(SANTIAGO).toInstant());
  }

  private static JsonNode awaitMessage(String address, Predicate<JsonNode> wanted) {
    return platform.awaitMessage(address, wanted);
  }

  private static JsonNode awaitTimeline(long appointment, Predicate<JsonNode> wanted) {
    return platform.awaitTimeline(appointment, wanted);
  }

  private static AppointmentRecord findBooking(long patient, LocalDateTime start) throws Exception {
    try (var connection = platform.platform.postgres().dataSource().getConnection();
        var statement = connection.prepareStatement(
            "select id from his.cita where paciente_id = ? and fecha_hora = ? and estado = 'AGENDADA'")) {
      statement.setLong(1, patient);
      statement.setObject(2, start);
      try (var rows = statement.executeQuery()) {
        return rows.next() ? his.findAppointment(rows.getLong(1)).orElseThrow() : null;
      }
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // after the stories, over everything they logged
  void no_log_line_carries_a_patients_phone_e_mail_name_or_rut() {
    Set<String> patientData = platform.patientData();
    assertThat(patientData).isNotEmpty();
    List<String> lines = platform.logLines();
    assertThat(lines).as("the stories were logged").isNotEmpty();
    for (String line : lines) {
      for (String datum : patientData) {
        assertThat(line).as("a log line names a patient's data").doesNotContain(datum);
      }
    }
  }

  private static long addPatient(NewPatient patient) {
    return platform.addPatient(patient);
  }

  private static boolean template(JsonNode message, String name) {
    return RunningPlatform.template(message, name);
  }

  private static boolean channel(JsonNode message, String name) {
    return RunningPlatform.channel(message, name);
  }

  /** Stories share a phone without WhatsApp: a message is theirs by its request id. */
  private static boolean about(JsonNode message, long appointment) {
    return message.path("requestId").asText().startsWith(appointment + ":");
  }

  /** RUTs of this class's patients come from a range of their own. */
  private static Rut rut() {
    return StoryData.rut(20_000_000);
  }
}
