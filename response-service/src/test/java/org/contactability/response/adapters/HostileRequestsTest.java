package org.contactability.response.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.contactability.response.support.CapturedLogs;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.LiveService;
import org.contactability.response.support.TwilioSigner;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import reactor.core.publisher.Flux;

/**
 * What anybody on the internet can send to the service's public endpoints: bodies too large to read, and
 * signed webhooks whose fields are missing or garbage, or that are not forms at all. Each gets a 4xx with its reason, publishes nothing,
 * and logs no stack trace.
 */
class HostileRequestsTest extends LiveService {

  static final String INBOUND = "/twilio/inbound";
  static final int OVER_THE_LIMIT = 300 * 1024;
  static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  String appointmentId;
  String token;

  @BeforeEach
  void anAppointmentWithALink() {
    String n = Long.toString(System.nanoTime() % 100_000_000L);
    appointmentId = "ho-" + n;
    token = ("Ho" + n + "xxxxxxxxxxxxxxxx").substring(0, 16);
    anAppointmentWithAnSmsLink(appointmentId, token, 6);
  }

  @Test
  void a_signed_message_over_256_kb_is_refused_413_before_its_signature_is_checked_and_logs_no_stack_trace() {
    Map<String, String> params = Map.of("MessageSid", "SMbig" + appointmentId, "From", Fixtures.PATIENT_PHONE,
        "To", Fixtures.HOSPITAL_PHONE, "Body", "x".repeat(OVER_THE_LIMIT));
    try (CapturedLogs logs = new CapturedLogs()) {
      web().post().uri(INBOUND).contentType(MediaType.APPLICATION_FORM_URLENCODED)
          .header("X-Twilio-Signature", TwilioSigner.sign(AUTH_TOKEN, PUBLIC_URL + INBOUND, params))
          .bodyValue(form(params)).exchange()
          .expectStatus().isEqualTo(413)
          .expectBody(String.class).isEqualTo("Request body too large: at most 262144 bytes\n");

      assertThat(logs.errorsAndStackTraces()).isEmpty();
      assertThat(logs.lines()).anyMatch(line -> line.contains("Refused a request body over 262144 bytes: POST "
          + INBOUND));
    }
    assertThat(readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(2),
        r -> ("SMbig" + appointmentId).equals(r.value().getResponseId()))).isEmpty();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {10, 300 * 1024})
  void a_body_sent_without_its_length_is_refused_411_before_anything_reads_it_and_the_token_is_not_logged(
      int size) {
    String path = "/twilio/voice/" + token + "/gather";
    byte[] body = ("Digits=1&Pad=" + "y".repeat(size)).getBytes(StandardCharsets.US_ASCII);
    try (CapturedLogs logs = new CapturedLogs()) {
      web().post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED).body(inChunks(body), DataBuffer.class)
          .exchange()
          .expectStatus().isEqualTo(411)
          .expectBody(String.class).isEqualTo("Length required: send the body with a Content-Length\n");

      assertThat(logs.errorsAndStackTraces()).isEmpty();
      assertThat(logs.lines()).noneMatch(line -> line.contains(token))
          .anyMatch(line -> line.contains("Refused a request body without a length: POST /twilio/voice/<token>/gather"));
    }
  }

  @Test
  void an_answer_page_post_over_the_limit_is_refused_413_even_with_its_csrf_token() {
    Csrf csrf = csrfOf(token);
    try (CapturedLogs logs = new CapturedLogs()) {
      web().post().uri("/r/" + token).cookie("XSRF-TOKEN", csrf.cookie())
          .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(csrf.paddedForm()).exchange()
          .expectStatus().isEqualTo(413);

      assertThat(logs.errorsAndStackTraces()).isEmpty();
    }
    assertThat(readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(2), r -> appointmentId.equals(r.key())))
        .isEmpty();
  }

  @Test
  void an_answer_page_post_streamed_without_its_length_is_refused_411_and_logs_no_stack_trace() throws Exception {
    Csrf csrf = csrfOf(token);
    // The JDK's client, as the fuzz suite found it: it streams the body in large writes while Reactor Netty reads.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (CapturedLogs logs = new CapturedLogs()) {
      for (int i = 0; i < 5; i++) {
        HttpRequest.BodyPublisher form = HttpRequest.BodyPublishers.ofByteArray(csrf.paddedForm());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/r/" + token))
            .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
            .header("Cookie", "XSRF-TOKEN=" + csrf.cookie())
            .POST(HttpRequest.BodyPublishers.fromPublisher(form::subscribe)).build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(411);
      }
      assertThat(logs.errorsAndStackTraces()).isEmpty();
    }
  }

  /** The CSRF cookie and form field of the page of {@code token}, and a form with them over 256 KB. */
  record Csrf(String cookie, String field) {
    byte[] paddedForm() {
      return ("_csrf=" + field + "&accion=CANCEL&relleno=" + "z".repeat(OVER_THE_LIMIT))
          .getBytes(StandardCharsets.US_ASCII);
    }
  }

  Csrf csrfOf(String token) {
    EntityExchangeResult<String> page = web().get().uri("/r/" + token).exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult();
    Matcher field = CSRF_FIELD.matcher(page.getResponseBody());
    assertThat(field.find()).as("a CSRF field in the page").isTrue();
    ResponseCookie cookie = page.getResponseCookies().getFirst("XSRF-TOKEN");
    assertThat(cookie).as("the CSRF cookie").isNotNull();
    return new Csrf(cookie.getValue(), field.group(1));
  }

  /** The bytes in 8 KB buffers, sent without a length. */
  static Flux<DataBuffer> inChunks(byte[] bytes) {
    int chunk = 8 * 1024;
    return Flux.range(0, (bytes.length + chunk - 1) / chunk).map(i -> DefaultDataBufferFactory.sharedInstance
        .wrap(java.util.Arrays.copyOfRange(bytes, i * chunk, Math.min(bytes.length, (i + 1) * chunk))));
  }

  @Test
  void a_body_under_the_limit_is_still_read_and_judged_by_its_signature() {
    Map<String, String> params = Map.of("MessageSid", "SMmid" + appointmentId, "From", Fixtures.PATIENT_PHONE,
        "To", Fixtures.HOSPITAL_PHONE, "Body", "x".repeat(200 * 1024));

    web().post().uri(INBOUND).contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .header("X-Twilio-Signature", TwilioSigner.sign("another-accounts-token", PUBLIC_URL + INBOUND, params))
        .bodyValue(form(params)).exchange()
        .expectStatus().isForbidden();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedMessages")
  void a_signed_message_without_what_twilio_always_sends_is_refused_400_with_the_reason_and_publishes_nothing(
      String what, Map<String, String> params, String reason) {
    String phone = "+56996" + appointmentId.substring(appointmentId.length() - 6);
    Map<String, String> sent = new java.util.HashMap<>(params);
    sent.replaceAll((name, value) -> value.replace("PHONE", phone));

    web().post().uri(INBOUND).contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .header("X-Twilio-Signature", TwilioSigner.sign(AUTH_TOKEN, PUBLIC_URL + INBOUND, sent))
        .bodyValue(form(sent)).exchange()
        .expectStatus().isBadRequest()
        .expectBody(String.class).isEqualTo("Bad Request: " + reason + "\n");

    assertNothingPublishedFrom(phone, sent.get("MessageSid"));
  }

  static Stream<Arguments> malformedMessages() {
    String from = "From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)";
    return Stream.of(
        Arguments.of("no From", Map.of("MessageSid", "SMnofrom1", "To", "+56422586400", "Body", "1"), from),
        Arguments.of("From = abc", Map.of("MessageSid", "SMabc1", "From", "abc", "To", "+56422586400", "Body", "1"),
            from),
        Arguments.of("From = <script>", Map.of("MessageSid", "SMscript1", "From", "<script>", "To", "+56422586400",
            "Body", "2"), from),
        Arguments.of("no To", Map.of("MessageSid", "SMnoto1", "From", "PHONE", "Body", "1"),
            "To is missing or not a phone number in E.164 (whatsapp:+56... for WhatsApp)"),
        Arguments.of("no MessageSid", Map.of("From", "PHONE", "To", "+56422586400", "Body", "1"),
            "MessageSid is missing or not a Twilio id"),
        Arguments.of("no parameters at all", Map.of(), "MessageSid is missing or not a Twilio id"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "JSON | application/json | '{\"MessageSid\":\"SMjson1\",\"From\":\"PHONE\",\"To\":\"+56422586400\",\"Body\":\"1\"}'",
      "XML | application/xml | '<Message><MessageSid>SMxml1</MessageSid><From>PHONE</From><Body>1</Body></Message>'",
      "plain text | text/plain | 'MessageSid=SMtext1&From=PHONE&To=%2B56422586400&Body=1'"})
  void a_body_that_is_not_a_form_signed_over_no_parameters_is_refused_400_and_publishes_nothing(String what,
      String contentType, String body) {
    String phone = "+56995" + appointmentId.substring(appointmentId.length() - 6);

    web().post().uri(INBOUND).contentType(MediaType.parseMediaType(contentType))
        .header("X-Twilio-Signature", TwilioSigner.sign(AUTH_TOKEN, PUBLIC_URL + INBOUND, Map.of()))
        .bodyValue(body.replace("PHONE", phone)).exchange()
        .expectStatus().isBadRequest()
        .expectBody(String.class).isEqualTo("Bad Request: the body is not application/x-www-form-urlencoded\n");

    assertNothingPublishedFrom(phone, null);
  }

  @Test
  void a_signed_key_press_without_its_call_or_with_a_name_for_a_number_is_refused_400_and_decides_nothing() {
    String path = "/twilio/voice/" + token + "/gather";
    for (Map<String, String> params : List.of(Map.of("Digits", "2", "To", Fixtures.PATIENT_PHONE),
        Map.of("CallSid", "CAname" + appointmentId, "Digits", "2", "To", "Juan <b>"))) {
      web().post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED)
          .header("X-Twilio-Signature", TwilioSigner.sign(AUTH_TOKEN, PUBLIC_URL + path, params))
          .bodyValue(form(params)).exchange()
          .expectStatus().isBadRequest();
    }
    assertThat(readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(2), r -> appointmentId.equals(r.key())))
        .isEmpty();
  }

  void assertNothingPublishedFrom(String phone, String messageSid) {
    assertThat(readAll(Topics.PATIENT_RESPONSES, Duration.ofSeconds(2),
        r -> phone.equals(r.value().getFrom()) || r.value().getResponseId().equals(messageSid))).isEmpty();
    assertThat(readAll(Topics.CONTACT_REQUESTS, Duration.ofMillis(500),
        r -> r.value().getRecipient() != null && phone.equals(r.value().getRecipient().getPhone()))).isEmpty();
  }

  static String form(Map<String, String> params) {
    StringBuilder form = new StringBuilder();
    params.forEach((name, value) -> form.append(form.length() == 0 ? "" : "&")
        .append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return form.toString();
  }
}
