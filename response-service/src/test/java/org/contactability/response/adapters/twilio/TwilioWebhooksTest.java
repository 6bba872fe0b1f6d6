package org.contactability.response.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.SetAppointmentStatus;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.LiveService;
import org.contactability.response.support.TwilioSigner;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** Twilio's webhooks against the running service and the real broker, signed as Twilio signs them. */
class TwilioWebhooksTest extends LiveService {

  static final String INBOUND = "/twilio/inbound";

  String appointmentId;
  String phone;
  String token;
  Appointment appointment;

  @BeforeEach
  void anAppointmentWithAWhatsappReminderAndACall() {
    String n = Long.toString(System.nanoTime() % 100_000_000L);
    appointmentId = "wh-" + n;
    phone = "+56996" + String.format("%06d", Long.parseLong(n) % 1_000_000L);
    token = ("Tok" + n + "xxxxxxxxxxxxxxxx").substring(0, 16);
    appointment = Appointment.newBuilder(Fixtures.appointment(appointmentId, daysAhead(5, 10)))
        .setPatient(Fixtures.appointment(appointmentId, daysAhead(5, 10)).getPatient()).build();
    publish(Topics.APPOINTMENTS, appointmentId, appointment);
    ContactRequest whatsapp = to(phone, Fixtures.reminder(appointmentId + ":reminder:WA", appointment,
        Channel.WHATSAPP, null, now()));
    ContactRequest call = to(phone, Fixtures.reminder(appointmentId + ":reminder:VOICE", appointment,
        Channel.VOICE, token, now()));
    publish(Topics.CONTACT_REQUESTS, appointmentId, whatsapp);
    publish(Topics.CONTACT_REQUESTS, appointmentId, call);
    publish(Topics.CONTACT_STATUS, appointmentId, Fixtures.status(whatsapp, DeliveryStatus.DELIVERED,
        "SMout" + n, now()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        directory.requestByProviderMessageId("SMout" + n).isPresent() && directory.requestByToken(token).isPresent()
            && directory.appointment(appointmentId).isPresent());
  }

  @Test
  void a_signed_quick_reply_is_accepted_published_for_its_appointment_and_judged() {
    Map<String, String> params = whatsappReply("SMin-ok-" + appointmentId, "CONFIRM", "Confirme su cita");

    post(INBOUND, params, sign(PUBLIC_URL + INBOUND, params))
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_XML)
        .expectBody(String.class).value(body -> assertThat(body).contains("<Response"));

    PatientResponse response = readFirst(Topics.PATIENT_RESPONSES, "the confirmation",
        r -> r.value().getResponseId().equals("SMin-ok-" + appointmentId)).value();
    assertThat(response.getIntent()).isEqualTo(Intent.CONFIRM);
    assertThat(response.getCorrelationMethod()).isEqualTo(CorrelationMethod.BUTTON_REPLY);
    assertThat(response.getCorrelation().getAppointmentId()).isEqualTo(appointmentId);
    assertThat(readFirst(Topics.APPOINTMENT_DECISIONS, "the decision",
        r -> appointmentId.equals(r.key())).value().getType()).isEqualTo(DecisionType.CONFIRMED);
    assertThat(((SetAppointmentStatus) readFirst(Topics.HIS_COMMANDS, "the writeback",
        r -> appointmentId.equals(r.key())).value().getCommand()).getStatus()).isEqualTo(AppointmentStatus.CONFIRMED);
    ContactRequest answer = readFirst(Topics.CONTACT_REQUESTS, "the confirmation answer",
        r -> appointmentId.equals(r.key()) && "confirmation-answer".equals(r.value().getTemplate())).value();
    assertThat(answer.getChannel()).isEqualTo(Channel.WHATSAPP);
    assertThat(answer.getRecipient().getPhone()).startsWith("enc1:");
    assertThat(cipher.reveal(answer.getRecipient().getPhone())).isEqualTo(phone);
  }

  @Test
  void a_wrong_signature_is_refused_and_nothing_is_published() {
    Map<String, String> params = whatsappReply("SMin-bad-" + appointmentId, "CANCEL", "Cancele su cita");

    post(INBOUND, params, TwilioSigner.sign("another-accounts-token", PUBLIC_URL + INBOUND, params))
        .expectStatus().isForbidden();

    assertNothingPublishedFor("SMin-bad-" + appointmentId);
  }

  @Test
  void a_missing_signature_is_refused_and_nothing_is_published() {
    Map<String, String> params = whatsappReply("SMin-none-" + appointmentId, "CANCEL", "Cancele su cita");

    post(INBOUND, params, null).expectStatus().isForbidden();

    assertNothingPublishedFor("SMin-none-" + appointmentId);
  }

  @Test
  void a_signed_request_replayed_with_a_changed_parameter_is_refused() {
    Map<String, String> original = whatsappReply("SMin-replay-" + appointmentId, "CONFIRM", "Confirme su cita");
    String signature = sign(PUBLIC_URL + INBOUND, original);
    Map<String, String> tampered = new HashMap<>(original);
    tampered.put("ButtonPayload", "CANCEL");

    post(INBOUND, tampered, signature).expectStatus().isForbidden();

    assertNothingPublishedFor("SMin-replay-" + appointmentId);
  }

  @Test
  void a_signature_over_the_internal_address_instead_of_the_public_url_is_refused() {
    Map<String, String> params = whatsappReply("SMin-internal-" + appointmentId, "CANCEL", "Cancele su cita");

    post(INBOUND, params, sign("http://localhost:" + port + INBOUND, params)).expectStatus().isForbidden();

    assertNothingPublishedFor("SMin-internal-" + appointmentId);
  }

  @Test
  void a_call_reads_the_appointment_in_spanish_and_gathers_one_digit() {
    String path = "/twilio/voice/" + token;
    Map<String, String> params = Map.of("CallSid", "CA" + appointmentId, "To", phone, "From", "+56422586400",
        "Direction", "outbound-api");

    String twiml = post(path, params, sign(PUBLIC_URL + path, params)).expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();

    assertThat(twiml).contains("<Gather").contains("numDigits=\"1\"")
        .contains("action=\"" + PUBLIC_URL + path + "/gather\"")
        .contains("language=\"es-MX\"").contains("voice=\"Polly.Mia\"")
        .contains("Hola, Juan.").contains("Medicina Interna").contains("a las 10:00 horas")
        .contains("Para confirmar su asistencia, presione 1. Para cancelar la cita, presione 2.");
  }

  @Test
  void a_call_fetched_by_get_is_validated_over_its_url_with_the_query() {
    String path = "/twilio/voice/" + token;
    String url = PUBLIC_URL + path + "?intento=2";

    web().get().uri(path + "?intento=2").header("X-Twilio-Signature", sign(url, Map.of())).exchange()
        .expectStatus().isOk().expectBody(String.class).value(twiml -> assertThat(twiml).contains("<Gather"));
    web().get().uri(path + "?intento=3").header("X-Twilio-Signature", sign(url, Map.of())).exchange()
        .expectStatus().isForbidden();
  }

  @Test
  void pressing_2_cancels_and_the_call_says_so() {
    String path = "/twilio/voice/" + token + "/gather";
    Map<String, String> params = Map.of("CallSid", "CA" + appointmentId, "Digits", "2", "To", phone,
        "From", "+56422586400", "Direction", "outbound-api");

    String twiml = post(path, params, sign(PUBLIC_URL + path, params)).expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();

    assertThat(twiml).contains("Su cita ha sido cancelada").contains("<Hangup");
    PatientResponse response = readFirst(Topics.PATIENT_RESPONSES, "the key press",
        r -> r.value().getResponseId().equals("CA" + appointmentId + ":2")).value();
    assertThat(response.getChannel()).isEqualTo(Channel.VOICE);
    assertThat(response.getCorrelationMethod()).isEqualTo(CorrelationMethod.VOICE_CALL);
    assertThat(response.getIntent()).isEqualTo(Intent.CANCEL);
    ContactRequest answer = readFirst(Topics.CONTACT_REQUESTS, "the cancellation answer by SMS",
        r -> appointmentId.equals(r.key()) && "cancellation-answer".equals(r.value().getTemplate())).value();
    assertThat(answer.getChannel()).isEqualTo(Channel.SMS);
    assertThat(answer.getRecipient().getPhone()).startsWith("enc1:");
    assertThat(cipher.reveal(answer.getRecipient().getPhone())).isEqualTo(phone);
  }

  @Test
  void another_key_asks_again() {
    String path = "/twilio/voice/" + token + "/gather";
    Map<String, String> params = Map.of("CallSid", "CA9" + appointmentId, "Digits", "7", "To", phone);

    String twiml = post(path, params, sign(PUBLIC_URL + path, params)).expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();

    assertThat(twiml).contains("Opción no válida").contains("<Redirect")
        .contains(PUBLIC_URL + "/twilio/voice/" + token + "?intento=2");
  }

  @Test
  void a_call_with_an_unknown_token_says_it_is_no_longer_valid() {
    String path = "/twilio/voice/UnknownTokenXyzw";
    Map<String, String> params = Map.of("CallSid", "CA1", "To", phone);

    post(path, params, sign(PUBLIC_URL + path, params)).expectStatus().isOk()
        .expectBody(String.class).value(twiml -> assertThat(twiml).contains("ya no está vigente").contains("<Hangup"));
  }

  @Test
  void a_call_without_a_signature_is_refused() {
    post("/twilio/voice/" + token, Map.of("CallSid", "CA1"), null).expectStatus().isForbidden();
  }

  Map<String, String> whatsappReply(String sid, String payload, String text) {
    Map<String, String> params = new HashMap<>();
    params.put("MessageSid", sid);
    params.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
    params.put("From", "whatsapp:" + phone);
    params.put("To", "whatsapp:+56422586400");
    params.put("Body", text);
    params.put("ButtonPayload", payload);
    params.put("ButtonText", text);
    params.put("OriginalRepliedMessageSid", directory.requestByToken(token).isPresent()
        ? "SMout" + appointmentId.substring(3) : "");
    params.put("NumMedia", "0");
    return params;
  }

  static ContactRequest to(String phone, ContactRequest request) {
    return ContactRequest.newBuilder(request).setRecipient(
        org.contactability.contracts.contact.Recipient.newBuilder().setPhone(phone).build()).build();
  }

  static String sign(String url, Map<String, String> params) {
    return TwilioSigner.sign(AUTH_TOKEN, url, params);
  }

  WebTestClient.ResponseSpec post(String path, Map<String, String> params, String signature) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    params.forEach(form::add);
    WebTestClient.RequestBodySpec request = web().post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED);
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return request.body(BodyInserters.fromFormData(form)).exchange();
  }

  void assertNothingPublishedFor(String messageSid) {
    assertThat(readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(2),
        r -> messageSid.equals(r.value().getResponseId()))).isEmpty();
  }
}
