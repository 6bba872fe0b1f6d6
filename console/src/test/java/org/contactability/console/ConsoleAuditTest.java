package org.contactability.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.contactability.console.support.Contracts;
import org.contactability.console.support.RunningConsole;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.ops.AuditEvent;
import org.contactability.contracts.ops.AuditKind;
import org.contactability.contracts.ops.AuditOutcome;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.TestTokens;
import org.contactability.testkit.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The audit trail as the console writes and shows it, read back from the topic audit.events on the real broker: an
 * operator's view of a patient's clear data (with the reason they typed), an erasure, refusals, and reads of the trail
 * itself; and none of its records holds the patient's data in clear.
 */
class ConsoleAuditTest {

  static final Instant NOW = Instant.parse("2026-05-04T16:00:00Z");

  static RunningConsole console;

  @BeforeAll
  static void start() {
    console = RunningConsole.start(ConsoleAuditTest.class, Map.of(), Map.of("clock", Clock.fixed(NOW, ZoneOffset.UTC)));
    console.publish(Topics.APPOINTMENTS, "a-1", Contracts.view("a-1", "HCHM",
        NOW.atZone(Contracts.SANTIAGO).toLocalDateTime().plusDays(2), AppointmentStatus.BOOKED, null));
    Awaitility.await("the view of a-1 in the read model").atMost(Duration.ofSeconds(30)).until(() ->
        as("administrator", "administrator").get().uri("/api/appointments/a-1/timeline").exchange()
            .returnResult(String.class).getStatus().is2xxSuccessful());
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void an_operator_sees_a_patients_clear_data_with_a_reason_and_the_view_is_audited_without_the_data() {
    String body = as("ana", "operator").post().uri("/api/appointments/a-1/patient").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("reason", "La paciente llamó para corregir su correo")).exchange()
        .expectStatus().isOk()
        .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(body).contains(Contracts.JUAN_NAME).contains(Contracts.JUAN_PHONE).contains(Contracts.JUAN_RUT)
        .contains("juan.soto.cabrera@example.com");

    AuditEvent view = awaitEvent(e -> e.getKind() == AuditKind.PATIENT_DATA_VIEW && "ana".equals(e.getSubject()));
    assertThat(view.getRole()).isEqualTo("operator");
    assertThat(view.getService()).isEqualTo("console");
    assertThat(view.getMethod()).isEqualTo("POST");
    assertThat(view.getPath()).isEqualTo("/api/appointments/{appointmentId}/patient");
    assertThat(view.getAppointmentId()).isEqualTo("a-1");
    assertThat(view.getPatientId()).isEqualTo("1");
    assertThat(view.getReason()).isEqualTo("La paciente llamó para corregir su correo");
    assertThat(view.getStatus()).isEqualTo(200);
    assertThat(view.getOutcome()).isEqualTo(AuditOutcome.ALLOWED);
    assertThat(view.getOccurredAt()).as("the platform's clock").isEqualTo(NOW);
    assertThat(view.getRemoteAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertNoClearPatientData();
  }

  @Test
  void a_reason_holding_a_rut_or_a_phone_is_refused_and_nothing_is_shown() {
    for (String reason : List.of("Consulta del RUT 12.345.678-5", "Llamó desde +56 9 6123 4567", "")) {
      String body = as("ana", "operator").post().uri("/api/appointments/a-1/patient")
          .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", reason)).exchange()
          .expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();
      assertThat(body).doesNotContain(Contracts.JUAN_NAME).contains("motivo");
    }
    assertNoClearPatientData();
  }

  @Test
  void refusals_are_audited_with_who_was_refused_or_without_a_subject_when_nobody_logged_in() {
    as("vera", "viewer").post().uri("/api/appointments/a-1/patient").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("reason", "curiosidad de la tarde")).exchange().expectStatus().isForbidden();
    WebTestClient.bindToServer().baseUrl(console.url()).build().post().uri("/api/patients/1/erasure").exchange()
        .expectStatus().isUnauthorized();

    AuditEvent forbidden = awaitEvent(e -> "vera".equals(e.getSubject()));
    assertThat(forbidden.getOutcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(forbidden.getStatus()).isEqualTo(403);
    assertThat(forbidden.getRole()).isEqualTo("viewer");
    assertThat(forbidden.getKind()).isEqualTo(AuditKind.PATIENT_DATA_VIEW);
    assertThat(forbidden.getReason()).as("the reason of a refused view is not read").isNull();
    AuditEvent anonymous = awaitEvent(e -> e.getSubject() == null && "1".equals(e.getPatientId()) && e.getStatus() == 401);
    assertThat(anonymous.getOutcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(anonymous.getPath()).isEqualTo("/api/patients/{patientId}/erasure");
  }

  @Test
  void an_erasure_is_audited_as_the_request_and_as_what_it_destroyed() {
    as("olga", "operator").post().uri("/api/patients/77/erasure").exchange().expectStatus().isOk();

    AuditEvent request = awaitEvent(e -> "77".equals(e.getPatientId()) && e.getKind() == AuditKind.CHANGE);
    assertThat(request.getSubject()).isEqualTo("olga");
    assertThat(request.getStatus()).isEqualTo(200);
    AuditEvent erasure = awaitEvent(e -> "77".equals(e.getPatientId()) && e.getKind() == AuditKind.ERASURE);
    assertThat(erasure.getSubject()).isEqualTo("olga");
    assertThat(erasure.getDetail()).isEqualTo("0 data key(s) destroyed");
  }

  @Test
  void the_audit_page_filters_by_who_what_and_patient_and_reading_it_is_audited() {
    as("olga", "operator").post().uri("/api/patients/78/erasure").exchange().expectStatus().isOk();
    awaitEvent(e -> "78".equals(e.getPatientId()));

    Awaitility.await("the erasure of 78 in the console's audit list").atMost(Duration.ofSeconds(30)).until(() ->
        as("root", "administrator").get().uri("/api/audit?who=OLG&what=erasure&patient=78").exchange()
            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody().contains("\"patientId\":\"78\""));
    String other = as("root", "administrator").get().uri("/api/audit?patient=no-such-patient").exchange()
        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    assertThat(other).contains("\"events\":[]");
    as("olga", "operator").get().uri("/api/audit").exchange().expectStatus().isForbidden();

    AuditEvent read = awaitEvent(e -> "root".equals(e.getSubject()) && e.getKind() == AuditKind.AUDIT_VIEW);
    assertThat(read.getPath()).isEqualTo("/api/audit");
    assertThat(read.getRole()).isEqualTo("administrator");
    awaitEvent(e -> "olga".equals(e.getSubject()) && e.getKind() == AuditKind.AUDIT_VIEW
        && e.getOutcome() == AuditOutcome.DENIED);
  }

  private static WebTestClient as(String subject, String role) {
    return WebTestClient.bindToServer().baseUrl(console.url()).responseTimeout(Duration.ofSeconds(60))
        .defaultHeader("Authorization", "Bearer " + TestTokens.tokenOf(subject, role)).build();
  }

  private static List<ConsumerRecord<String, byte[]>> auditRecords() {
    return TopicProbe.on(console.naming().name(Topics.AUDIT_EVENTS), new StringDeserializer(), new ByteArrayDeserializer())
        .within(Duration.ofSeconds(2)).readAll();
  }

  private static AuditEvent awaitEvent(Predicate<AuditEvent> wanted) {
    var values = console.serdes().forValues(Topics.AUDIT_EVENTS).deserializer();
    return Awaitility.await("an audit event").atMost(Duration.ofSeconds(30)).until(() -> auditRecords().stream()
        .map(r -> values.deserialize(r.topic(), r.value())).filter(wanted).findFirst().orElse(null),
        java.util.Objects::nonNull);
  }

  /** Every record of the topic, bytes as the broker holds them: no name, RUT, phone or e-mail of the patient. */
  private static void assertNoClearPatientData() {
    List<ConsumerRecord<String, byte[]>> records = auditRecords();
    assertThat(records).isNotEmpty();
    for (ConsumerRecord<String, byte[]> record : records) {
      String text = new String(record.value(), StandardCharsets.ISO_8859_1) + record.key();
      for (String clear : List.of("Juan", "Soto", Contracts.JUAN_RUT, "12345678", "61234567", "juan.soto")) {
        assertThat(text).as("audit record at offset %d", record.offset()).doesNotContain(clear);
      }
    }
  }
}
