package org.contactability.notifier.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.List;

import com.twilio.http.TwilioRestClient;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.notifier.Requests;
import org.contactability.notifier.application.OutboundMessage;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.application.TransientSendException;
import org.contactability.notifier.testing.Composers;
import org.contactability.notifier.testing.TwilioApiStandIn.Received;
import org.contactability.notifier.testing.TwilioApiStandIn.Reply;
import org.contactability.notifier.testing.TwilioApiStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** The real twilio-java SDK against a local stand-in of Twilio's REST API: the exact requests it sends. */
class TwilioSendersTest {

  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "test-auth-token";
  private static final String CALLBACK = "https://notifier.hchm.cl/twilio/status";
  private static final TwilioApiStandIn TWILIO = TwilioApiStandIn.start();
  private static final TwilioRestClient CLIENT =
      TwilioRestClients.create(ACCOUNT, TOKEN, TWILIO.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(2));
  private static final TwilioSenders HCHM = new TwilioSenders("whatsapp:+56412345678", "+56412345679", null,
      "+56422586400", Map.of("reminder", "HX0123456789abcdef0123456789abcdef"));

  private final TwilioMessagingSender whatsapp =
      new TwilioMessagingSender(Channel.WHATSAPP, CLIENT, hospital -> HCHM, CALLBACK);
  private final TwilioMessagingSender sms = new TwilioMessagingSender(Channel.SMS, CLIENT, hospital -> HCHM, CALLBACK);
  private final TwilioVoiceSender voice = new TwilioVoiceSender(CLIENT, hospital -> HCHM, CALLBACK, "es-MX");

  @AfterAll
  static void stop() {
    TWILIO.close();
  }

  @BeforeEach
  void reset() {
    TWILIO.clear();
    TWILIO.respondWith(TwilioApiStandIn::created);
  }

  private static OutboundMessage message(String requestId, Channel channel) {
    return Composers.shipped().compose(Requests.reminder(requestId, channel), Requests.PHONE);
  }

  @Test
  void a_whatsapp_reminder_goes_by_its_approved_content_template_with_its_variables() throws Exception {
    SendOutcome outcome = whatsapp.send(message("A-1001:reminder:1:WHATSAPP", Channel.WHATSAPP));

    Received request = TWILIO.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
    assertThat(request.authorization()).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN).getBytes()));
    assertThat(request.form().keySet()).containsExactlyInAnyOrder("To", "From", "ContentSid", "ContentVariables",
        "StatusCallback");
    assertThat(request.param("To")).isEqualTo("whatsapp:+56987654321");
    assertThat(request.param("From")).isEqualTo("whatsapp:+56412345678");
    assertThat(request.param("ContentSid")).isEqualTo("HX0123456789abcdef0123456789abcdef");
    assertThat(JsonMapper.builder().build().readValue(request.param("ContentVariables"), Map.class)).isEqualTo(Map.of(
        "1", "Juan Dionisio Soto Cabrera", "2", "Hospital de Chillán", "3", "06 de mayo", "4", "10:00",
        "5", "la Dra. Juanita Pérez Mellado", "6", "Medicina Interna", "7", "Centro de Especialidades"));
    assertThat(request.param("StatusCallback")).isEqualTo(CALLBACK + "?requestId=A-1001%3Areminder%3A1%3AWHATSAPP");
    assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Accepted.class, accepted -> {
      assertThat(accepted.providerMessageId()).startsWith("SM");
      assertThat(accepted.status()).isEqualTo(DeliveryStatus.QUEUED);
    });
  }

  @Test
  void a_whatsapp_answer_without_a_content_template_goes_as_a_session_message() throws Exception {
    OutboundMessage answer = Composers.shipped().compose(
        Requests.request("A-1001:answer", "HCHM", "cancellation-answer", Channel.WHATSAPP).build(), Requests.PHONE);

    whatsapp.send(answer);

    Received request = TWILIO.received().get(0);
    assertThat(request.form().keySet()).containsExactlyInAnyOrder("To", "From", "Body", "StatusCallback");
    assertThat(request.param("Body")).startsWith("Su cita ha sido cancelada.");
  }

  @Test
  void an_sms_goes_as_body_text_ending_with_the_answer_link() throws Exception {
    sms.send(message("A-1001:sms-fallback:1:SMS", Channel.SMS));

    Received request = TWILIO.received().get(0);
    assertThat(request.form().keySet()).containsExactlyInAnyOrder("To", "From", "Body", "StatusCallback");
    assertThat(request.param("To")).isEqualTo("+56987654321");
    assertThat(request.param("From")).isEqualTo("+56412345679");
    assertThat(request.param("Body")).startsWith("Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán")
        .endsWith("Confirme o cancele su asistencia aquí " + Composers.LINKS + "/r/" + Requests.TOKEN);
  }

  @Test
  void a_messaging_service_replaces_the_from_number() throws Exception {
    TwilioSenders service = new TwilioSenders(null, null, "MG0123456789abcdef0123456789abcdef", null, Map.of());
    new TwilioMessagingSender(Channel.SMS, CLIENT, hospital -> service, CALLBACK)
        .send(message("A-1001:sms:1:SMS", Channel.SMS));

    Received request = TWILIO.received().get(0);
    assertThat(request.param("MessagingServiceSid")).isEqualTo("MG0123456789abcdef0123456789abcdef");
    assertThat(request.param("From")).isNull();
  }

  @Test
  void a_voice_reminder_calls_with_response_services_twiml_url_and_a_status_callback() throws Exception {
    SendOutcome outcome = voice.send(message("A-1001:voice:1:VOICE", Channel.VOICE));

    Received request = TWILIO.received().get(0);
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json");
    assertThat(request.param("To")).isEqualTo("+56987654321");
    assertThat(request.param("From")).isEqualTo("+56422586400");
    assertThat(request.param("Url")).isEqualTo(Composers.RESPONSE + "/twilio/voice/" + Requests.TOKEN);
    assertThat(request.param("Method")).isEqualTo("POST");
    assertThat(request.param("StatusCallback")).isEqualTo(CALLBACK + "?requestId=A-1001%3Avoice%3A1%3AVOICE");
    assertThat(request.param("StatusCallbackMethod")).isEqualTo("POST");
    assertThat(request.form().get("StatusCallbackEvent")).containsExactly("initiated", "ringing", "answered", "completed");
    assertThat(request.param("Twiml")).isNull();
    assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Accepted.class,
        accepted -> assertThat(accepted.providerMessageId()).startsWith("CA"));
  }

  @Test
  void a_voice_notice_without_an_answer_carries_its_script_inline() throws Exception {
    OutboundMessage notice = Composers.shipped().compose(Requests.request("A-1001:notice", "HCHM",
        "hospital-cancellation-notice", Channel.VOICE).setAnswerToken(null).build(), Requests.PHONE);

    voice.send(notice);

    Received request = TWILIO.received().get(0);
    assertThat(request.param("Url")).isNull();
    assertThat(request.param("Twiml")).startsWith("<?xml").contains("<Say language=\"es-MX\">")
        .contains("fue suspendida por motivos de fuerza mayor");
  }

  @ParameterizedTest(name = "HTTP {0} code {1} -> permanent {2}")
  @CsvSource({
      "400, 21211, true",
      "400, 21610, true",
      "400, 21614, true",
      "400, 63016, true",
      "400, 21999, true"})
  void permanent_refusals_become_failed_statuses_with_the_code_and_a_reason_without_the_number(int http, int code,
      boolean permanent) throws Exception {
    TWILIO.respondWith(request -> Reply.error(http, code, "The 'To' number +56987654321 is not valid."));

    SendOutcome outcome = sms.send(message("A-1001:x:1:SMS", Channel.SMS));

    assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Rejected.class, rejected -> {
      assertThat(rejected.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(rejected.errorCode()).isEqualTo(Integer.toString(code));
      assertThat(rejected.permanent()).isEqualTo(permanent);
      assertThat(rejected.reason()).doesNotContain("+569").doesNotContain("987654321");
    });
  }

  @ParameterizedTest(name = "HTTP {0} code {1} is retried")
  @CsvSource({"429, 20429", "500, 20500", "503, 20503"})
  void transient_errors_are_thrown_for_a_retry_and_are_not_in_doubt(int http, int code) {
    TWILIO.respondWith(request -> Reply.error(http, code, "Something about +56987654321"));

    assertThatThrownBy(() -> whatsapp.send(message("A-1001:x:1:WHATSAPP", Channel.WHATSAPP)))
        .isInstanceOfSatisfying(TransientSendException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(Integer.toString(code));
          assertThat(e.inDoubt()).as("an error answer means Twilio created nothing").isFalse();
          assertThat(e.getMessage()).doesNotContain("987654321");
        });
    assertThat(TWILIO.received()).as("one attempt per call: resilience4j owns the retries").hasSize(1);
  }

  @ParameterizedTest(name = "HTTP {0} code {1} is our configuration")
  @CsvSource({"401, 20003", "400, 21606", "404, 20404"})
  void configuration_errors_are_technical_failures_for_an_operator(int http, int code) throws Exception {
    TWILIO.respondWith(request -> Reply.error(http, code, "Something about +56987654321"));

    assertThat(whatsapp.send(message("A-1001:x:1:WHATSAPP", Channel.WHATSAPP)))
        .isInstanceOfSatisfying(SendOutcome.Rejected.class, rejected -> {
          assertThat(rejected.failure()).isEqualTo(FailureKind.TECHNICAL);
          assertThat(rejected.reason()).startsWith("Twilio configuration: ").doesNotContain("987654321");
        });
  }

  @Test
  void a_twilio_that_does_not_answer_in_time_leaves_the_send_in_doubt_and_the_look_up_finds_the_message()
      throws Exception {
    TwilioRestClient impatient =
        TwilioRestClients.create(ACCOUNT, TOKEN, TWILIO.baseUrl(), Duration.ofSeconds(1), Duration.ofMillis(200));
    TwilioMessagingSender impatientSms = new TwilioMessagingSender(Channel.SMS, impatient, hospital -> HCHM, CALLBACK);
    OutboundMessage sms = message("A-1001:x:1:SMS", Channel.SMS);
    Instant before = Instant.now();
    TWILIO.respondWith(request -> TwilioApiStandIn.created(request).after(request.isCreate() ? Duration.ofSeconds(1)
        : Duration.ZERO));

    assertThatThrownBy(() -> impatientSms.send(sms))
        .isInstanceOfSatisfying(TransientSendException.class, e -> {
          assertThat(e.inDoubt()).isTrue();
          assertThat(e.getMessage()).contains("could not reach Twilio");
        });
    assertThat(TWILIO.created()).as("Twilio created it all the same").hasSize(1);

    List<SendOutcome.Accepted> found = impatientSms.lookUp(sms, before.minusSeconds(5));
    assertThat(found).singleElement().satisfies(accepted -> {
      assertThat(accepted.providerMessageId()).isEqualTo(TWILIO.created().get(0).sid());
      assertThat(accepted.status()).isEqualTo(DeliveryStatus.QUEUED);
    });
    Received list = TWILIO.received().get(1);
    assertThat(list.method()).isEqualTo("GET");
    assertThat(list.param("To")).isEqualTo("+56987654321");
    assertThat(list.param("From")).isEqualTo("+56412345679");
    assertThat(TWILIO.created()).as("looking up creates nothing").hasSize(1);
  }

  @Test
  void a_look_up_takes_only_a_message_from_our_sender_with_the_same_body_created_since_the_send_began()
      throws Exception {
    Instant before = Instant.now().minusSeconds(5);
    OutboundMessage reminder = message("A-1001:x:1:SMS", Channel.SMS);
    sms.send(Composers.shipped().compose(Requests.request("A-1002:x:1:SMS", "HCHM", "reminder", Channel.SMS)
        .setAnswerToken("another-appointments-token").build(), Requests.PHONE));

    assertThat(sms.lookUp(reminder, before)).as("another text to the same phone is not ours").isEmpty();

    sms.send(reminder);
    assertThat(sms.lookUp(reminder, before)).extracting(SendOutcome.Accepted::providerMessageId)
        .containsExactly(TWILIO.created().get(1).sid());
    assertThat(sms.lookUp(reminder, Instant.now().plusSeconds(60))).as("created before the send began").isEmpty();
  }

  @Test
  void a_templated_whatsapp_and_a_call_are_found_by_sender_number_and_time() throws Exception {
    Instant before = Instant.now().minusSeconds(5);
    OutboundMessage whatsappReminder = message("A-1001:reminder:1:WHATSAPP", Channel.WHATSAPP);
    OutboundMessage call = message("A-1001:voice:1:VOICE", Channel.VOICE);

    assertThat(whatsapp.lookUp(whatsappReminder, before)).isEmpty();
    assertThat(voice.lookUp(call, before)).isEmpty();
    whatsapp.send(whatsappReminder);
    voice.send(call);

    assertThat(whatsapp.lookUp(whatsappReminder, before)).extracting(SendOutcome.Accepted::providerMessageId)
        .containsExactly(TWILIO.created().get(0).sid());
    assertThat(voice.lookUp(call, before)).extracting(SendOutcome.Accepted::providerMessageId)
        .containsExactly(TWILIO.created().get(1).sid());
    assertThat(TWILIO.created().get(1).sid()).startsWith("CA");
    assertThat(TWILIO.received().stream().filter(r -> !r.isCreate()).map(r -> r.param("To")))
        .containsExactly("whatsapp:+56987654321", "+56987654321", "whatsapp:+56987654321", "+56987654321");
  }

  @Test
  void a_look_up_twilio_cannot_answer_is_a_transient_failure() {
    TWILIO.respondWith(request -> Reply.error(503, 20503, "Service unavailable"));

    assertThatThrownBy(() -> sms.lookUp(message("A-1001:x:1:SMS", Channel.SMS), Instant.now()))
        .isInstanceOfSatisfying(TransientSendException.class, e -> assertThat(e.errorCode()).isEqualTo("20503"));
  }
}
