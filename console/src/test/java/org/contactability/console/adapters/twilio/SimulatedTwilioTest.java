package org.contactability.console.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.twilio.security.RequestValidator;
import org.contactability.console.config.ConsoleProperties;
import org.contactability.console.support.ResponseStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The signatures the patient-phone page puts on its simulated webhooks are the ones Twilio computes:
 * twilio-java's RequestValidator accepts them over the public URL, and refuses them when anything
 * differs (token, URL, a parameter).
 */
class SimulatedTwilioTest {

  static final String TOKEN = ConsoleProperties.Sandbox.DEVELOPMENT_AUTH_TOKEN;
  static final String PUBLIC = "https://respuestas.hospital.example.cl";

  ResponseStandIn response;
  SimulatedTwilio twilio;

  @BeforeEach
  void aResponseServiceStandIn() throws Exception {
    response = ResponseStandIn.start(TOKEN, PUBLIC);
    twilio = new SimulatedTwilio(WebClient.create(), new TwilioRequestSigner(TOKEN), response.url(), PUBLIC,
        "AC00000000000000000000000000000dev", "+56422586400");
  }

  @AfterEach
  void stop() {
    response.close();
  }

  @Test
  void the_signature_is_twilios_over_the_url_and_the_sorted_parameters() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("To", "whatsapp:+56422586400");
    params.put("Body", "Confirme su cita");
    params.put("From", "whatsapp:+56961234567");
    params.put("ButtonPayload", "CONFIRM");
    String url = PUBLIC + "/twilio/inbound";

    String signature = new TwilioRequestSigner(TOKEN).sign(url, params);

    RequestValidator validator = new RequestValidator(TOKEN);
    assertThat(validator.validate(url, params, signature)).isTrue();
    assertThat(new RequestValidator("another-token").validate(url, params, signature)).isFalse();
    assertThat(validator.validate("http://localhost:8085/twilio/inbound", params, signature))
        .as("signed over the public URL, not another one").isFalse();
    Map<String, String> tampered = new LinkedHashMap<>(params);
    tampered.put("ButtonPayload", "CANCEL");
    assertThat(validator.validate(url, tampered, signature)).isFalse();
  }

  @Test
  void a_tapped_whatsapp_button_is_posted_as_twilio_posts_it_and_validates() {
    SimulatedTwilio.WebhookResult result = twilio.send(new SimulatedTwilio.InboundMessage(true, "+56961234567", null,
        "CONFIRM", "Confirme su cita", "SBabc")).block(Duration.ofSeconds(10));

    assertThat(result.status()).isEqualTo(200);
    ResponseStandIn.Received received = response.received().get(0);
    assertThat(received.valid()).isTrue();
    assertThat(received.path()).isEqualTo("/twilio/inbound");
    assertThat(received.params()).containsEntry("From", "whatsapp:+56961234567")
        .containsEntry("To", "whatsapp:+56422586400")
        .containsEntry("ButtonPayload", "CONFIRM")
        .containsEntry("ButtonText", "Confirme su cita")
        .containsEntry("Body", "Confirme su cita")
        .containsEntry("OriginalRepliedMessageSid", "SBabc")
        .containsEntry("MessageType", "button")
        .containsKeys("MessageSid", "AccountSid", "NumMedia");
    assertThat(received.params().get("MessageSid")).matches("SM[0-9a-f]{32}");
  }

  @Test
  void a_typed_sms_reply_with_accents_and_symbols_validates() {
    SimulatedTwilio.WebhookResult result = twilio.send(new SimulatedTwilio.InboundMessage(false, "+56987654321",
        "Sí, confirmo & gracias 100% ¿ok?", null, null, null)).block(Duration.ofSeconds(10));

    assertThat(result.accepted()).isTrue();
    ResponseStandIn.Received received = response.received().get(0);
    assertThat(received.valid()).isTrue();
    assertThat(received.params()).containsEntry("From", "+56987654321").containsEntry("Body", "Sí, confirmo & gracias 100% ¿ok?")
        .doesNotContainKey("ButtonPayload");
  }

  @Test
  void a_key_pressed_in_a_call_goes_to_the_gather_url_of_that_call_and_validates() {
    SimulatedTwilio.WebhookResult result = twilio.press(PUBLIC + "/twilio/voice/Tok123", "+56961234567", "2")
        .block(Duration.ofSeconds(10));

    assertThat(result.accepted()).isTrue();
    ResponseStandIn.Received received = response.received().get(0);
    assertThat(received.path()).isEqualTo("/twilio/voice/Tok123/gather");
    assertThat(received.valid()).isTrue();
    assertThat(received.params()).containsEntry("Digits", "2").containsEntry("To", "+56961234567")
        .containsEntry("Direction", "outbound-api");
  }

  @Test
  void a_call_url_outside_response_service_is_never_signed() {
    assertThatThrownBy(() -> twilio.press("https://elsewhere.example.com/twilio/voice/x", "+56961234567", "1")
        .block(Duration.ofSeconds(10))).hasMessageContaining("no apunta a");
    assertThat(response.received()).isEmpty();
  }

  @Test
  void a_webhook_signed_with_another_token_is_refused_by_the_validator() {
    SimulatedTwilio forger = new SimulatedTwilio(WebClient.create(), new TwilioRequestSigner("not-the-token"),
        response.url(), PUBLIC, "AC0", "+56422586400");

    SimulatedTwilio.WebhookResult result = forger.send(new SimulatedTwilio.InboundMessage(false, "+56961234567", "1",
        null, null, null)).block(Duration.ofSeconds(10));

    assertThat(result.status()).isEqualTo(403);
    assertThat(response.received().get(0).valid()).isFalse();
  }
}
