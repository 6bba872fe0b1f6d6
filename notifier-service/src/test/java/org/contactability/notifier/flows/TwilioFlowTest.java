package org.contactability.notifier.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.contracts.contact.Recipient;
import org.contactability.notifier.Requests;
import org.contactability.notifier.testing.NotifierApp;
import org.contactability.notifier.testing.Topics4Test;
import org.contactability.notifier.testing.TwilioApiStandIn.Received;
import org.contactability.notifier.testing.TwilioApiStandIn.Reply;
import org.contactability.notifier.testing.TwilioApiStandIn;
import org.contactability.notifier.testing.TwilioSignatures;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The notifier with WhatsApp, SMS and voice on Twilio (the real twilio-java against a local stand-in
 * of Twilio's API), on the real broker: retries until the deadline, an outage that heals by itself behind the
 * circuit breaker, a read-timeout storm settled by looking the messages up, the rate limiter and signed status
 * callbacks. Counted from the stand-in's side.
 */
class TwilioFlowTest {

  private static final String PREFIX = SharedKafka.topicPrefix(TwilioFlowTest.class);
  private static final String REGISTRY = "mem://" + PREFIX;
  private static final String AUTH_TOKEN = "flow-test-token";
  private static final String PUBLIC_CALLBACK = "https://notifier.hchm.cl/twilio/status";
  private static final String FLAKY = "+56971110001";
  private static final String DOWN = "+56971110002";

  private static final TwilioApiStandIn TWILIO = TwilioApiStandIn.start();
  private static final Map<String, AtomicInteger> CALLS_TO = new ConcurrentHashMap<>();
  private static final AtomicBoolean VOICE_DOWN = new AtomicBoolean();
  /** The read-timeout storm's length: short in CI, {@code -Dreliability.storm=PT30S} for the documented figure. */
  private static final Duration STORM_LENGTH = Duration.parse(System.getProperty("reliability.storm", "PT4S"));
  private static final int STORM_MESSAGES = Integer.getInteger("reliability.storm-messages", 3);
  /** Every answer comes after the client's read timeout (Twilio still creates the message). */
  private static final AtomicBoolean STORM = new AtomicBoolean();
  private static Topics4Test topics;
  private static ConfigurableApplicationContext notifier;
  private static WebTestClient web;

  @BeforeAll
  static void start() {
    TWILIO.respondWith(request -> {
      if (STORM.get()) {
        return TwilioApiStandIn.created(request).after(Duration.ofMillis(1500));
      }
      if (!request.isCreate()) {
        return TwilioApiStandIn.created(request);
      }
      String to = request.param("To").replace("whatsapp:", "");
      int call = CALLS_TO.computeIfAbsent(to, t -> new AtomicInteger()).incrementAndGet();
      if (to.equals(DOWN) || (request.path().endsWith("/Calls.json") && VOICE_DOWN.get())) {
        return Reply.error(503, 20503, "Service unavailable");
      }
      if (to.equals(FLAKY) && call <= 2) {
        return Reply.error(429, 20429, "Too Many Requests");
      }
      return TwilioApiStandIn.created(request);
    });
    topics = new Topics4Test(PREFIX, REGISTRY);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("notifier.channels.whatsapp.provider", "TWILIO");
    settings.put("notifier.channels.sms.provider", "TWILIO");
    settings.put("notifier.channels.voice.provider", "TWILIO");
    settings.put("notifier.channels.whatsapp.messages-per-second", 100);
    settings.put("notifier.channels.sms.messages-per-second", 100);
    settings.put("notifier.channels.voice.messages-per-second", 100);
    settings.put("notifier.channels.voice.threads", 1);
    settings.put("notifier.twilio.account-sid", "AC00000000000000000000000000000001");
    settings.put("notifier.twilio.auth-token", AUTH_TOKEN);
    settings.put("notifier.twilio.api-base-url", TWILIO.baseUrl());
    settings.put("notifier.twilio.status-callback-url", PUBLIC_CALLBACK);
    settings.put("notifier.twilio.read-timeout", "700ms");
    settings.put("notifier.resilience.retry.initial-backoff", "50ms");
    settings.put("notifier.resilience.retry.max-backoff", "200ms");
    settings.put("notifier.resilience.breaker.sliding-window-size", 10);
    settings.put("notifier.resilience.breaker.minimum-calls", 10);
    settings.put("notifier.resilience.breaker.open-for", "2s");
    settings.put("notifier.resilience.breaker.half-open-calls", 1);
    for (String hospital : List.of("HCHM", "HLS")) {
      settings.put("notifier.hospitals." + hospital + ".whatsapp-from", "whatsapp:+56412345678");
      settings.put("notifier.hospitals." + hospital + ".sms-from", "+56412345679");
      settings.put("notifier.hospitals." + hospital + ".voice-from", "+56422586400");
      settings.put("notifier.hospitals." + hospital + ".content-sids.reminder", "HX11111111111111111111111111111111");
    }
    settings.put("notifier.hospitals.HLS.messages-per-second.whatsapp", 4);
    notifier = NotifierApp.start(PREFIX, REGISTRY, settings);
    web = WebTestClient.bindToServer().baseUrl("http://localhost:" + NotifierApp.port(notifier))
        .responseTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stop() {
    notifier.close();
    topics.close();
    TWILIO.close();
  }

  private static ContactRequest request(String id, String hospital, Channel channel, String phone) {
    return Requests.request(id, hospital, "reminder", channel)
        .setRecipient(Recipient.newBuilder().setPhone(phone).build()).build();
  }

  private static List<Received> callsFor(String requestId) {
    return TWILIO.received().stream().filter(r -> r.isCreate() && r.param("StatusCallback").endsWith(
        "requestId=" + URLEncoder.encode(requestId, StandardCharsets.UTF_8))).toList();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<DeliveryStatus> statuses(List<ContactStatus> statuses) {
    return statuses.stream().map(ContactStatus::getStatus).toList();
  }

  @Test
  void a_transient_twilio_error_is_retried_with_backoff_and_the_message_goes_once() {
    topics.send(Topics.CONTACT_REQUESTS, "T-1", request("T-1:sms", "HCHM", Channel.SMS, FLAKY));

    List<ContactStatus> statuses = topics.statusesOf("T-1:sms", s -> statuses(s).contains(DeliveryStatus.QUEUED),
        "the SMS queued at Twilio");

    assertThat(statuses(statuses)).containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED);
    assertThat(callsFor("T-1:sms")).hasSize(3);
    assertThat(statuses.get(1).getProviderMessageId()).startsWith("SM");
  }

  @Test
  void a_provider_down_until_the_requests_deadline_ends_it_failed_temporary_for_the_next_channel_without_a_dead_letter() {
    Instant deadline = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topics.CONTACT_REQUESTS, "T-2", Requests.request("T-2:sms", "HCHM", "reminder", Channel.SMS)
        .setRecipient(Recipient.newBuilder().setPhone(DOWN).build()).setNotAfter(deadline).build());

    List<ContactStatus> statuses = topics.statusesOf("T-2:sms", s -> statuses(s).contains(DeliveryStatus.FAILED),
        "the SMS failed");
    ContactStatus failed = statuses.get(statuses.size() - 1);
    assertThat(failed.getFailure()).isEqualTo(FailureKind.TEMPORARY);
    assertThat(failed.getPermanent()).isFalse();
    assertThat(failed.getErrorCode()).isEqualTo("20503");
    assertThat(failed.getReason()).startsWith("the provider did not take it before its deadline (notAfter " + deadline)
        .contains("temporarily unavailable").doesNotContain(DOWN);
    assertThat(failed.getOccurredAt()).isBefore(deadline.plusSeconds(1));
    assertThat(callsFor("T-2:sms").size()).as("retried with backoff until the deadline").isBetween(1, 60);
    assertThat(topics.probe(Topics.CONTACT_REQUESTS.deadLetter().orElseThrow()).within(Duration.ofSeconds(2))
        .readAll()).as("a provider outage needs no person").noneMatch(r -> "T-2".equals(r.key()));
  }

  @Test
  void an_outage_heals_by_itself_the_open_circuit_lets_few_calls_through_and_every_call_goes_once_after_recovery() {
    VOICE_DOWN.set(true);
    long outageStarted = System.nanoTime();
    for (int i = 1; i <= 5; i++) {
      topics.send(Topics.CONTACT_REQUESTS, "T-3", request("T-3:voice:" + i, "HCHM", Channel.VOICE, "+56971113" + i + "00"));
    }
    // The breaker opens after 10 failed calls; sends then wait, and the lane says so (to a viewer).
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/actuator/health")
        .header("Authorization", TestTokens.bearer("viewer")).exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.status").isEqualTo("UP")
        .jsonPath("$.components.notifierHealth.details['circuit.voice']").value(v -> assertThat((String) v).startsWith("OPEN"))
        .jsonPath("$.components.notifierHealth.details['lane.voice']").value(v ->
            assertThat((String) v).contains("waiting for the provider")));
    sleep(Duration.ofSeconds(6));
    VOICE_DOWN.set(false);
    long outageNanos = System.nanoTime() - outageStarted;

    for (int i = 1; i <= 5; i++) {
      assertThat(statuses(topics.statusesOf("T-3:voice:" + i, s -> statuses(s).contains(DeliveryStatus.QUEUED),
          "call " + i + " queued after recovery"))).containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED);
    }
    List<Received> failedCalls = TWILIO.received().stream().filter(r -> r.isCreate() && r.path().endsWith("/Calls.json")
        && r.receivedAtNanos() - outageStarted < outageNanos).toList();
    // 10 calls open the breaker; then one trial call per 2 s open.
    assertThat(failedCalls.size()).isLessThanOrEqualTo(10 + (int) (outageNanos / 2_000_000_000L) + 1);
    assertThat(TWILIO.created().stream().filter(c -> c.call() && c.statusCallback().contains("T-3%3Avoice")))
        .as("each call once").hasSize(5);
  }

  @Test
  void a_read_timeout_storm_leaves_at_most_one_message_per_request_at_twilio() {
    List<String> ids = IntStream.range(0, STORM_MESSAGES).mapToObj(i -> "T-7:sms:" + i).toList();
    STORM.set(true);
    long started = System.nanoTime();
    try {
      for (int i = 0; i < ids.size(); i++) {
        topics.send(Topics.CONTACT_REQUESTS, "T-7-" + i, request(ids.get(i), "HCHM", Channel.SMS,
            String.format("+569%08d", 77770000 + i)));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> !callsFor(ids.get(0)).isEmpty());
      // Creates and look-ups time out alike.
      sleep(Duration.ofNanos(Math.max(0, started + STORM_LENGTH.toNanos() - System.nanoTime())));
    } finally {
      STORM.set(false);
    }

    long creates = 0;
    for (String id : ids) {
      List<ContactStatus> statuses = topics.statusesOf(id, s -> statuses(s).contains(DeliveryStatus.QUEUED), id + " queued");
      List<TwilioApiStandIn.Created> atTwilio = TWILIO.created().stream()
          .filter(c -> c.statusCallback().endsWith("requestId=" + URLEncoder.encode(id, StandardCharsets.UTF_8))).toList();
      assertThat(atTwilio).as("messages of " + id + " at Twilio").hasSize(1);
      assertThat(statuses.get(statuses.size() - 1).getProviderMessageId()).isEqualTo(atTwilio.get(0).sid());
      creates += callsFor(id).size();
    }
    long lookUps = TWILIO.received().stream().filter(r -> !r.isCreate() && r.param("To") != null
        && r.param("To").startsWith("+5697777")).count();
    assertThat(lookUps).as("timed-out sends were looked up, not sent again").isPositive();
    System.out.printf("Read-timeout storm of %d s, %d SMS: %d creates and %d look-ups at Twilio, %d messages created%n",
        STORM_LENGTH.toSeconds(), ids.size(), creates, lookUps, ids.size());
  }

  @Test
  void a_hospitals_whatsapp_sender_is_paced_at_its_rate() {
    int count = 12;
    for (int i = 0; i < count; i++) {
      topics.send(Topics.CONTACT_REQUESTS, "T-4-" + i, request("T-4:" + i, "HLS", Channel.WHATSAPP, "+5698765" + (4000 + i)));
    }
    for (int i = 0; i < count; i++) {
      topics.statusesOf("T-4:" + i, s -> statuses(s).contains(DeliveryStatus.QUEUED), "message " + i + " queued");
    }
    List<Long> arrivals = TWILIO.received().stream()
        .filter(r -> r.isCreate() && r.param("StatusCallback").contains("requestId=T-4%3A")).map(Received::receivedAtNanos).sorted().toList();

    assertThat(arrivals).hasSize(count);
    // 4 per second: 12 messages take at least two refresh periods after the first four.
    Duration span = Duration.ofNanos(arrivals.get(count - 1) - arrivals.get(0));
    assertThat(span).isGreaterThan(Duration.ofMillis(1000));
    for (int i = 0; i + 8 < count; i++) {
      assertThat(Duration.ofNanos(arrivals.get(i + 8) - arrivals.get(i))).as("9 messages need more than one second")
          .isGreaterThan(Duration.ofMillis(900));
    }
  }

  @Test
  void a_signed_status_callback_becomes_a_status_and_a_forged_one_is_refused() {
    topics.send(Topics.CONTACT_REQUESTS, "T-5", request("T-5:whatsapp", "HCHM", Channel.WHATSAPP, "+56971115000"));
    ContactStatus queued = topics.statusesOf("T-5:whatsapp", s -> statuses(s).contains(DeliveryStatus.QUEUED),
        "the WhatsApp queued").get(1);
    String sid = queued.getProviderMessageId();
    String query = "requestId=T-5%3Awhatsapp";

    Map<String, String> undelivered = Map.of("MessageSid", sid, "MessageStatus", "undelivered", "ErrorCode", "63024",
        "AccountSid", "AC00000000000000000000000000000001", "To", "whatsapp:+56971115000");
    post(query, undelivered, "bm90IGEgc2lnbmF0dXJl").expectStatus().isForbidden();
    post(query, undelivered, null).expectStatus().isForbidden();
    post(query, undelivered, TwilioSignatures.sign(AUTH_TOKEN, PUBLIC_CALLBACK + "?" + query, undelivered))
        .expectStatus().isNoContent();

    List<ContactStatus> statuses = topics.statusesOf("T-5:whatsapp",
        s -> statuses(s).contains(DeliveryStatus.UNDELIVERED), "the callback's status");
    assertThat(statuses(statuses)).containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED,
        DeliveryStatus.UNDELIVERED);
    ContactStatus last = statuses.get(2);
    assertThat(last.getErrorCode()).isEqualTo("63024");
    assertThat(last.getPermanent()).isTrue();
    assertThat(last.getProviderMessageId()).isEqualTo(sid);
    assertThat(last.getCorrelation().getAppointmentId()).isEqualTo("A-1001");

    // A late "sent" after "undelivered" is not news; a callback without the request id is found by its sid.
    Map<String, String> lateSent = Map.of("MessageSid", sid, "MessageStatus", "sent");
    post("", lateSent, TwilioSignatures.sign(AUTH_TOKEN, PUBLIC_CALLBACK, lateSent)).expectStatus().isNoContent();
    Map<String, String> read = Map.of("MessageSid", sid, "MessageStatus", "read");
    post("", read, TwilioSignatures.sign(AUTH_TOKEN, PUBLIC_CALLBACK, read)).expectStatus().isNoContent();
    assertThat(statuses(topics.statusesOf("T-5:whatsapp", s -> statuses(s).contains(DeliveryStatus.READ), "read")))
        .containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED, DeliveryStatus.UNDELIVERED, DeliveryStatus.READ);
  }

  @Test
  void a_status_callback_over_256_kb_is_refused_413_before_its_signature_is_checked() {
    Map<String, String> padded = Map.of("MessageSid", "SM0123456789abcdef0123456789abcdef", "MessageStatus",
        "delivered", "Padding", "x".repeat(300 * 1024));

    post("requestId=T-6", padded, TwilioSignatures.sign(AUTH_TOKEN, PUBLIC_CALLBACK + "?requestId=T-6", padded))
        .expectStatus().isEqualTo(413)
        .expectBody(String.class).isEqualTo("Request body too large: at most 262144 bytes\n");
  }

  private static WebTestClient.ResponseSpec post(String query, Map<String, String> params, String signature) {
    LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    params.forEach(form::add);
    // A java.net.URI, so that the query reaches the server exactly as Twilio would send it (not re-encoded).
    URI uri = URI.create("http://localhost:" + NotifierApp.port(notifier) + "/twilio/status"
        + (query.isEmpty() ? "" : "?" + query));
    WebTestClient.RequestBodySpec spec = web.post().uri(uri)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED);
    if (signature != null) {
      spec = spec.header("X-Twilio-Signature", signature);
    }
    return spec.body(BodyInserters.fromFormData(form)).exchange();
  }
}
