package org.contactability.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.contactability.common.audit.AuditRecord;
import org.contactability.common.audit.AuditTrail;
import org.contactability.contracts.ops.AuditKind;
import org.contactability.contracts.ops.AuditOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Which requests the audit filter records, and what it does when the trail cannot take an event: on a router without
 * Spring Security (who the caller is comes from the security chain, tested in the console and the platform).
 */
class AuditedRequestsTest {

  static final Instant NOW = Instant.parse("2026-05-04T16:00:00Z");
  static final String CLEAR = "Juan Dionisio Soto Cabrera +56961234567";

  static final List<Access> RULES = List.of(
      Access.open(null, "/twilio/**"),
      Access.of(Role.VIEWER, HttpMethod.GET, "/api/funnel"),
      Access.of(Role.OPERATOR, HttpMethod.POST, "/api/patients/{patientId}/erasure"),
      Access.of(Role.OPERATOR, HttpMethod.GET, "/api/appointments/{appointmentId}/patient")
          .revealing(Access.Reveals.PATIENT_DATA),
      Access.of(Role.ADMINISTRATOR, HttpMethod.GET, "/api/audit").revealing(Access.Reveals.AUDIT_TRAIL));

  static final RouterFunction<ServerResponse> ROUTES = RouterFunctions
      .route(RequestPredicates.POST("/twilio/inbound"), request -> ServerResponse.ok().bodyValue("ok"))
      .andRoute(RequestPredicates.GET("/api/funnel"), request -> ServerResponse.ok().bodyValue("{}"))
      .andRoute(RequestPredicates.POST("/api/patients/{patientId}/erasure"),
          request -> ServerResponse.ok().bodyValue("erased"))
      .andRoute(RequestPredicates.GET("/api/appointments/{appointmentId}/patient"), request -> {
        request.exchange().getAttributes().put(AuditedRequests.PATIENT_ID, "41");
        request.exchange().getAttributes().put(AuditedRequests.REASON, "llamada de la paciente");
        return ServerResponse.ok().bodyValue(CLEAR);
      })
      .andRoute(RequestPredicates.GET("/api/audit"), request -> ServerResponse.status(HttpStatus.FORBIDDEN).build());

  final List<AuditRecord> recorded = new CopyOnWriteArrayList<>();
  final AuditTrail working = event -> {
    recorded.add(event);
    return CompletableFuture.completedFuture(null);
  };
  final AuditTrail broken = event -> CompletableFuture.failedFuture(new IllegalStateException("broker unreachable"));

  WebTestClient client(AuditTrail trail) {
    return WebTestClient.bindToRouterFunction(ROUTES)
        .webFilter(new AuditedRequests(RULES, trail, Clock.fixed(NOW, ZoneOffset.UTC), "console")).build();
  }

  @Test
  void a_view_of_patient_data_is_recorded_with_the_path_template_ids_and_reason_never_the_path_as_sent() {
    client(working).get().uri("/api/appointments/a-9/patient?q=12.345.678-5").exchange().expectStatus().isOk();

    assertThat(recorded).singleElement().satisfies(event -> {
      assertThat(event.kind()).isEqualTo(AuditKind.PATIENT_DATA_VIEW);
      assertThat(event.path()).isEqualTo("/api/appointments/{appointmentId}/patient");
      assertThat(event.appointmentId()).isEqualTo("a-9");
      assertThat(event.patientId()).isEqualTo("41");
      assertThat(event.reason()).isEqualTo("llamada de la paciente");
      assertThat(event.occurredAt()).isEqualTo(NOW);
      assertThat(event.service()).isEqualTo("console");
      assertThat(event.status()).isEqualTo(200);
      assertThat(event.outcome()).isEqualTo(AuditOutcome.ALLOWED);
      assertThat(event.subject()).as("no security chain here").isNull();
      assertThat(event.toString()).doesNotContain("12.345.678").doesNotContain("Soto");
    });
  }

  @Test
  void writes_and_refusals_are_recorded_allowed_reads_and_patients_doors_are_not() {
    client(working).post().uri("/api/patients/7/erasure").exchange().expectStatus().isOk();
    client(working).get().uri("/api/funnel").exchange().expectStatus().isOk();
    client(working).post().uri("/twilio/inbound").exchange().expectStatus().isOk();
    client(working).get().uri("/api/audit").exchange().expectStatus().isForbidden();
    client(working).get().uri("/wp-admin/setup.php").exchange().expectStatus().isNotFound();

    assertThat(recorded).extracting(AuditRecord::kind, AuditRecord::path, AuditRecord::patientId, AuditRecord::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditKind.CHANGE, "/api/patients/{patientId}/erasure", "7",
                AuditOutcome.ALLOWED),
            org.assertj.core.groups.Tuple.tuple(AuditKind.AUDIT_VIEW, "/api/audit", null, AuditOutcome.DENIED));
  }

  @Test
  void a_request_no_rule_names_is_recorded_when_refused_without_its_path() {
    WebTestClient refusing = WebTestClient.bindToRouterFunction(RouterFunctions.route(RequestPredicates.all(),
            request -> ServerResponse.status(HttpStatus.UNAUTHORIZED).build()))
        .webFilter(new AuditedRequests(RULES, working, Clock.fixed(NOW, ZoneOffset.UTC), "console")).build();

    refusing.delete().uri("/api/patients/+56961234567").exchange().expectStatus().isUnauthorized();

    assertThat(recorded).singleElement().satisfies(event -> {
      assertThat(event.path()).isEqualTo(AuditedRequests.UNLISTED);
      assertThat(event.kind()).isEqualTo(AuditKind.CHANGE);
      assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
      assertThat(event.status()).isEqualTo(401);
    });
  }

  @Test
  void without_its_audit_event_a_view_of_patient_data_is_refused_and_shows_nothing() {
    String body = client(broken).get().uri("/api/appointments/a-9/patient").exchange()
        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE).expectBody(String.class).returnResult()
        .getResponseBody();

    assertThat(body).doesNotContain("Soto").contains("auditoría");
  }

  @Test
  void without_its_audit_event_a_change_already_made_is_still_answered() {
    client(broken).post().uri("/api/patients/7/erasure").exchange().expectStatus().isOk()
        .expectBody(String.class).isEqualTo("erased");
  }

  @Test
  void an_open_endpoint_cannot_be_marked_as_revealing() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Access.open(HttpMethod.GET, "/r/**")
        .revealing(Access.Reveals.PATIENT_DATA)).isInstanceOf(IllegalArgumentException.class);
  }
}
