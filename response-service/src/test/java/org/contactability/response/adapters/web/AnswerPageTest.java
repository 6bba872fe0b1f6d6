package org.contactability.response.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.LiveService;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** The answer page of SMS and e-mail links, against the running service and the real broker. */
class AnswerPageTest extends LiveService {

  static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  String appointmentId;
  String token;
  Appointment appointment;

  @BeforeEach
  void anAppointmentWithAnSmsReminderCarryingALink() {
    String n = Long.toString(System.nanoTime() % 100_000_000L);
    appointmentId = "pg-" + n;
    token = ("Pg" + n + "xxxxxxxxxxxxxxxx").substring(0, 16);
    appointment = Fixtures.appointment(appointmentId, daysAhead(6, 10));
    publish(Topics.APPOINTMENTS, appointmentId, appointment);
    publish(Topics.CONTACT_REQUESTS, appointmentId,
        Fixtures.reminder(appointmentId + ":reminder:SMS", appointment, Channel.SMS, token, now()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        directory.requestByToken(token).isPresent() && directory.appointment(appointmentId).isPresent());
  }

  @Test
  void the_page_shows_the_appointment_with_two_buttons_and_changes_nothing() {
    EntityExchangeResult<String> page = get("/r/" + token);

    assertThat(page.getStatus().value()).isEqualTo(200);
    assertThat(page.getResponseBody())
        .contains("Hola, Juan").contains("Medicina Interna").contains("Dra. Juanita Pérez Mellado")
        .contains("Centro de Especialidades").contains("10:00")
        .contains("Confirme su cita").contains("Cancele su cita")
        .contains("Nunca le pediremos claves ni datos personales.")
        .doesNotContain("Soto Cabrera").doesNotContain("12345678-5");
    get("/r/" + token);
    assertThat(readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(2),
        r -> appointmentId.equals(r.key()))).as("answers published by merely opening the page").isEmpty();
  }

  @Test
  void an_email_button_link_offers_its_answer_first_and_still_decides_nothing() {
    String body = get("/r/" + token + "?intent=CANCEL").getResponseBody();

    assertThat(body).contains("Para confirmar su elección, presione «Cancele su cita».");
    assertThat(body.indexOf("Cancele su cita</button>")).isLessThan(body.indexOf("Confirme su cita</button>"));
    assertThat(readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(2), r -> appointmentId.equals(r.key())))
        .isEmpty();
  }

  @Test
  void the_page_loads_nothing_from_elsewhere_cannot_be_framed_and_does_not_leak_its_url() {
    EntityExchangeResult<String> page = get("/r/" + token);

    HttpHeaders headers = page.getResponseHeaders();
    assertThat(headers.getFirst("Content-Security-Policy")).contains("default-src 'none'")
        .contains("style-src 'self'").contains("frame-ancestors 'none'").contains("form-action 'self'");
    assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
    assertThat(headers.getCacheControl()).contains("no-store");
    assertThat(page.getResponseBody()).doesNotContainPattern("(src|href)=\"(https?:)?//")
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    web().get().uri("/assets/answer-page.css").exchange().expectStatus().isOk();
  }

  @Test
  void pressing_cancel_cancels_once_and_the_page_says_so_even_when_pressed_again_from_a_stale_tab() {
    EntityExchangeResult<String> page = get("/r/" + token);

    String location = press(page, "CANCEL");
    String again = press(page, "CANCEL");

    assertThat(location).startsWith("/r/" + token + "?respuesta=");
    assertThat(again).startsWith("/r/" + token + "?respuesta=");
    assertThat(get(location).getResponseBody()).contains("Su cita fue cancelada").contains("Su cita está cancelada")
        .doesNotContain("Confirme su cita");
    List<?> decisions = readAll(Topics.APPOINTMENT_DECISIONS, Duration.ofSeconds(3),
        r -> appointmentId.equals(r.key()));
    assertThat(decisions).hasSize(1);
    assertThat(readAll(Topics.APPOINTMENT_DECISIONS, Duration.ofMillis(200), r -> appointmentId.equals(r.key()))
        .get(0).value().getType()).isEqualTo(DecisionType.CANCELLED_BY_PATIENT);
    assertThat(readAll(Topics.HIS_COMMANDS, Duration.ofSeconds(1), r -> appointmentId.equals(r.key()))).hasSize(1);
    List<PatientResponse> answers = readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(1),
        r -> appointmentId.equals(r.key())).stream().map(r -> r.value()).toList();
    assertThat(answers).hasSize(2).allSatisfy(a -> {
      assertThat(a.getChannel()).isEqualTo(Channel.WEB);
      assertThat(a.getIntent()).isEqualTo(Intent.CANCEL);
      assertThat(a.getFrom()).isNull();
    });
  }

  @Test
  void after_confirming_only_cancelling_is_offered() {
    String location = press(get("/r/" + token), "CONFIRM");

    String body = get(location).getResponseBody();
    assertThat(body).contains("Su cita quedó confirmada").contains("Cancele su cita").doesNotContain("Confirme su cita");
  }

  @Test
  void a_post_without_its_csrf_token_is_refused_and_changes_nothing() {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("accion", "CANCEL");

    web().post().uri("/r/" + token).contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData(form)).exchange()
        .expectStatus().isForbidden()
        .expectBody(String.class).value(body -> {
          assertThat(body).contains("Vuelva a abrir el enlace");
          assertThat(AnswerPageWordsTest.informalWords(body)).as("the refusal says usted").isEmpty();
        });

    assertThat(readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(2), r -> appointmentId.equals(r.key())))
        .isEmpty();
  }

  @Test
  void an_expired_link_gets_a_clear_page_with_the_hospitals_phone_and_accepts_nothing() {
    String expiredToken = token.substring(0, 15) + "E";
    ContactRequest expired = ContactRequest.newBuilder(
        Fixtures.reminder(appointmentId + ":old", appointment, Channel.SMS, expiredToken, now().minusSeconds(7200)))
        .setRespondBy(now().minusSeconds(60)).build();
    publish(Topics.CONTACT_REQUESTS, appointmentId, expired);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> directory.requestByToken(expiredToken).isPresent());

    EntityExchangeResult<String> page = web().get().uri("/r/" + expiredToken).exchange()
        .expectStatus().isEqualTo(410).expectBody(String.class).returnResult();

    assertThat(page.getResponseBody()).contains("Este enlace expiró").contains(Fixtures.HOSPITAL_PHONE)
        .doesNotContain("<form");
  }

  @Test
  void an_unknown_or_malformed_link_gets_a_clear_page_not_a_stack_trace() {
    for (String unknown : List.of("AAAAAAAAAAAAAAAA", "not-a-token", "x")) {
      web().get().uri("/r/" + unknown).exchange().expectStatus().isNotFound()
          .expectBody(String.class).value(body -> assertThat(body).contains("Enlace no válido")
              .doesNotContain("Exception").doesNotContain("at org."));
    }
  }

  @Test
  void an_offer_link_offers_accept_and_decline_and_leaves_the_judging_to_the_waiting_list() {
    String offerToken = token.substring(0, 15) + "O";
    publish(Topics.CONTACT_REQUESTS, "entry-9", Fixtures.offer(appointmentId + ":offer", "offer-" + appointmentId,
        "slot-" + appointmentId, daysAhead(2, 9), offerToken, now(), now().plus(Duration.ofHours(3))));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> directory.requestByToken(offerToken).isPresent());

    EntityExchangeResult<String> page = get("/r/" + offerToken);
    assertThat(page.getResponseBody()).contains("Hora disponible para usted").contains("Sí, tomo la hora").contains("No la necesito")
        .contains("Cardiología");

    var pressed = post(page, "ACCEPT_OFFER").expectStatus().isSeeOther().returnResult(Void.class);
    String location = pressed.getResponseHeaders().getLocation().toString();
    ResponseCookie answered = pressed.getResponseCookies().getFirst("respuesta");

    assertThat(answered).as("the cookie naming the answer given here").isNotNull();
    assertThat(answered.isHttpOnly()).isTrue();
    assertThat(web().get().uri(location).cookie(answered.getName(), answered.getValue()).exchange()
        .expectBody(String.class).returnResult().getResponseBody())
        .contains("Recibimos su respuesta").doesNotContain("<form");
    assertThat(get(location).getResponseBody()).as("the same link without the cookie: nothing said about an answer")
        .doesNotContain("Recibimos").contains("Sí, tomo la hora");
    PatientResponse accepted = readFirst(Topics.PATIENT_RESPONSES, "the acceptance",
        r -> ("slot-" + appointmentId).equals(r.key())).value();
    assertThat(accepted.getIntent()).isEqualTo(Intent.ACCEPT_OFFER);
    assertThat(accepted.getCorrelation().getOfferId()).isEqualTo("offer-" + appointmentId);
  }

  @Test
  void a_made_up_answer_id_in_the_link_is_not_said_to_have_been_received() {
    String body = get("/r/" + token + "?respuesta=" + java.util.UUID.randomUUID()).getResponseBody();

    assertThat(body).doesNotContain("Recibimos").doesNotContain("respuesta").contains("¿Asistirá a su cita?")
        .contains("Confirme su cita").contains("Cancele su cita");
  }

  @Test
  void an_answer_the_question_does_not_take_is_refused() {
    EntityExchangeResult<String> page = get("/r/" + token);

    post(page, "ACCEPT_OFFER").expectStatus().isBadRequest();
  }

  EntityExchangeResult<String> get(String uri) {
    return web().get().uri(uri).exchange().expectBody(String.class).returnResult();
  }

  /** Presses a button of {@code page} as a browser would (its CSRF cookie and field); returns the redirect. */
  String press(EntityExchangeResult<String> page, String action) {
    return post(page, action).expectStatus().isSeeOther().returnResult(Void.class)
        .getResponseHeaders().getLocation().toString();
  }

  org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(EntityExchangeResult<String> page,
      String action) {
    Matcher field = CSRF_FIELD.matcher(page.getResponseBody());
    assertThat(field.find()).as("a CSRF field in the page").isTrue();
    ResponseCookie cookie = page.getResponseCookies().getFirst("XSRF-TOKEN");
    assertThat(cookie).as("the CSRF cookie").isNotNull();
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("_csrf", field.group(1));
    form.add("accion", action);
    String path = page.getUrl().getPath();
    return web().post().uri(path).cookie(cookie.getName(), cookie.getValue())
        .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form)).exchange();
  }
}
