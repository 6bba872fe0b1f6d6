package org.contactability.notifier.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Recipient;
import org.contactability.notifier.Requests;
import org.contactability.notifier.adapters.sandbox.SandboxJournal;
import org.contactability.notifier.adapters.sandbox.SandboxMessage;
import org.contactability.notifier.testing.NotifierApp;
import org.contactability.notifier.testing.Topics4Test;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A WhatsApp outage rehearsed on the sandbox, with the notifier's production resilience settings: the sandbox answers
 * 503 (a fault from configuration) for {@code reliability.outage} (default 20 s; the documented benchmark runs
 * {@code PT10M}), then recovers when the fault is deleted through {@code /api/sandbox/faults}. Counted from the sandbox's journal: every message delivered once after recovery,
 * none twice, nothing done by hand, and the calls that reached the sandbox while the circuit was open. Then a
 * restart on the same journal: the sandbox remembers, a send cut off after the sandbox took it is settled without a
 * second copy, and faults can come from configuration. Figures go to
 * {@code notifier-service/target/reliability-outage.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxOutageTest {

  private static final String PREFIX = SharedKafka.topicPrefix(SandboxOutageTest.class);
  private static final String REGISTRY = "mem://" + PREFIX;
  private static final Duration OUTAGE = Duration.parse(System.getProperty("reliability.outage", "PT20S"));
  private static final int MESSAGES = Integer.getInteger("reliability.messages", 40);
  private static final Path JOURNAL = Path.of("target", PREFIX, "sandbox", "journal.jsonl");
  private static Topics4Test topics;

  @BeforeAll
  static void start() throws IOException {
    Files.deleteIfExists(JOURNAL);
    topics = new Topics4Test(PREFIX, REGISTRY);
  }

  @AfterAll
  static void stop() {
    topics.close();
  }

  private static ConfigurableApplicationContext notifier(String groups, Map<String, Object> more) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("notifier.kafka.group-prefix", PREFIX + groups);
    settings.put("notifier.sandbox.journal", JOURNAL.toAbsolutePath());
    settings.putAll(more);
    return NotifierApp.start(PREFIX, REGISTRY, settings);
  }

  private static WebTestClient web(ConfigurableApplicationContext notifier) {
    // An administrator rehearses the outage; the access itself is the end-to-end EndpointAccessTest's.
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + NotifierApp.port(notifier))
        .defaultHeader("Authorization", TestTokens.bearer("administrator"))
        .responseTimeout(Duration.ofSeconds(30)).build();
  }

  private static ContactRequest reminder(String id, Channel channel, String phone) {
    return Requests.request(id, "HCHM", "reminder", channel).setAnswerToken("token-" + id)
        .setRecipient(Recipient.newBuilder().setPhone(phone).build()).build();
  }

  private static String whatsappId(int i) {
    return "O-" + i + ":reminder:1:WHATSAPP";
  }

  private static boolean delivered(List<ContactStatus> statuses) {
    return statuses.stream().anyMatch(s -> s.getStatus() == DeliveryStatus.DELIVERED);
  }

  private static Map<String, Long> journalCounts() {
    return SandboxJournal.read(JOURNAL).stream()
        .collect(Collectors.groupingBy(SandboxMessage::requestId, Collectors.counting()));
  }

  @Test
  @Order(1)
  void a_whatsapp_outage_heals_by_itself_every_message_goes_once_and_the_open_circuit_spares_the_provider() {
    // Waiting before the notifier starts, so that the WhatsApp lane takes them in one batch, its 8 threads busy.
    for (int i = 0; i < MESSAGES; i++) {
      topics.send(Topics.CONTACT_REQUESTS, "O-" + i, reminder(whatsappId(i), Channel.WHATSAPP,
          String.format("+569%08d", 71000000 + i)));
    }
    topics.send(Topics.CONTACT_REQUESTS, "O-sms", reminder("O-sms:reminder:1:SMS", Channel.SMS, "+56971999999"));
    long started = System.nanoTime();
    try (ConfigurableApplicationContext notifier = notifier("first", Map.of(
        "notifier.sandbox.faults[0].kind", "ERROR", "notifier.sandbox.faults[0].status", 503,
        "notifier.sandbox.faults[0].channel", "whatsapp"))) {
      WebTestClient web = web(notifier);
      String faultId = "f1";
      assertThat(delivered(topics.statusesOf("O-sms:reminder:1:SMS", SandboxOutageTest::delivered,
          "the SMS delivered during the WhatsApp outage"))).as("other lanes go on").isTrue();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> web.get().uri("/actuator/health").exchange()
          .expectBody()
          .jsonPath("$.components.notifierHealth.details['circuit.whatsapp']").value(v ->
              assertThat((String) v).startsWith("OPEN"))
          .jsonPath("$.components.notifierHealth.details['lane.whatsapp']").value(v ->
              assertThat((String) v).contains("waiting for the provider")));
      long openedAt = System.nanoTime();
      double secondsToOpen = (openedAt - started) / 1e9;
      long hitsWhenOpened = hits(web, faultId);
      sleepUntil(started + OUTAGE.toNanos());
      long hitsAtRecovery = hits(web, faultId);
      long openNanos = System.nanoTime() - openedAt;
      web.delete().uri("/api/sandbox/faults").exchange().expectStatus().isNoContent();
      long recovered = System.nanoTime();

      List<Long> deliveredAfter = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        // The circuit stays open up to 30 s, and a waiting send tries again within 45 s.
        List<ContactStatus> statuses = topics.statusesOf(whatsappId(i), SandboxOutageTest::delivered,
            "message " + i + " delivered after recovery", Duration.ofMinutes(3));
        assertThat(statuses).extracting(ContactStatus::getStatus).containsExactly(DeliveryStatus.SENDING,
            DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        deliveredAfter.add(System.nanoTime() - recovered);
      }
      Map<String, Long> journal = journalCounts();
      for (int i = 0; i < MESSAGES; i++) {
        assertThat(journal.get(whatsappId(i))).as("copies of message " + i + " at the sandbox").isEqualTo(1);
      }
      // While open, only the half-open trial calls reach the provider: 3 every 30 s by default.
      double openSeconds = openNanos / 1e9;
      long whileOpen = hitsAtRecovery - hitsWhenOpened;
      assertThat(whileOpen).isLessThanOrEqualTo(3 * ((long) Math.ceil(openSeconds / 30) + 1));
      report(String.format(java.util.Locale.ROOT, """
          WhatsApp outage (sandbox answering 503) of %d s with %d messages waiting, default resilience settings
            calls that reached the sandbox before the circuit opened: %d (open %.0f s after the notifier started)
            calls that reached the sandbox while the circuit was open: %d in %.0f s (%.3f per second)
            after recovery: all %d delivered, the last %.1f s after recovery
            copies at the sandbox per message: 1 (journal)
          """, OUTAGE.toSeconds(), MESSAGES, hitsWhenOpened, secondsToOpen, whileOpen, openSeconds, whileOpen / openSeconds, MESSAGES,
          deliveredAfter.get(deliveredAfter.size() - 1) / 1e9));
    }
  }

  @Test
  @Order(2)
  void the_sandbox_remembers_across_a_restart_and_a_send_cut_off_after_it_took_the_message_is_not_sent_twice() {
    // A notifier killed after the sandbox journaled the message, before QUEUED was written: SENDING is the last word.
    String cutOff = "C-1:reminder:1:SMS";
    Instant sendingAt = Instant.now();
    topics.send(Topics.CONTACT_STATUS, "C-1", ContactStatus.newBuilder().setStatusId(UUID.randomUUID().toString())
        .setRequestId(cutOff).setCorrelation(Correlation.newBuilder().setAppointmentId("C-1").build())
        .setHospitalCode("HCHM").setPurpose(ContactPurpose.REMINDER).setChannel(Channel.SMS).setRecipient("+56971888888")
        .setStatus(DeliveryStatus.SENDING).setProvider("sandbox").setOccurredAt(sendingAt).build());
    try (SandboxJournal journal = SandboxJournal.open(JOURNAL)) {
      journal.append(new SandboxMessage("sms", "+56971888888", "texto", null, List.of(), List.of(), "SBcutoff", cutOff,
          "HCHM", "reminder", sendingAt));
    }
    topics.send(Topics.CONTACT_REQUESTS, "C-1", reminder(cutOff, Channel.SMS, "+56971888888"));
    topics.send(Topics.CONTACT_REQUESTS, "C-2", reminder("C-2:reminder:1:VOICE", Channel.VOICE, "+56971777777"));
    Map<String, Long> before = journalCounts();

    // New consumer groups: every request of the outage is read again.
    try (ConfigurableApplicationContext notifier = notifier("second", Map.of(
        "notifier.sandbox.faults[0].kind", "DROP_REPORTS", "notifier.sandbox.faults[0].channel", "voice"))) {
      List<ContactStatus> settled = topics.statusesOf(cutOff, SandboxOutageTest::delivered, "the cut-off send settled");
      assertThat(settled).extracting(ContactStatus::getStatus).containsExactly(DeliveryStatus.SENDING,
          DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
      assertThat(settled.get(1).getProviderMessageId()).isEqualTo("SBcutoff");
      List<ContactStatus> call = topics.statusesOf("C-2:reminder:1:VOICE", s -> s.stream()
          .anyMatch(x -> x.getStatus() == DeliveryStatus.QUEUED), "the call queued");
      web(notifier).get().uri("/api/sandbox/faults").exchange().expectStatus().isOk().expectBody()
          .jsonPath("$[0].kind").isEqualTo("drop-reports").jsonPath("$[0].channel").isEqualTo("voice")
          .jsonPath("$[0].hits").isEqualTo(1);
      assertThat(call).extracting(ContactStatus::getStatus).containsExactly(DeliveryStatus.SENDING,
          DeliveryStatus.QUEUED);
      web(notifier).get().uri("/api/sandbox/messages?to={to}", String.format("+569%08d", 71000000)).exchange()
          .expectStatus().isOk().expectBody().jsonPath("$[0].requestId").isEqualTo(whatsappId(0));
    }
    Map<String, Long> after = journalCounts();
    assertThat(after.get(cutOff)).isEqualTo(1);
    assertThat(after.get("C-2:reminder:1:VOICE")).isEqualTo(1);
    before.forEach((requestId, count) -> assertThat(after.get(requestId)).as(requestId).isEqualTo(count));
  }

  @Test
  @Order(3)
  void a_fault_that_makes_no_sense_is_refused_with_the_reason() {
    try (ConfigurableApplicationContext notifier = notifier("third", Map.of())) {
      WebTestClient web = web(notifier);
      Function<String, WebTestClient.ResponseSpec> post = body -> web.post().uri("/api/sandbox/faults")
          .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
      post.apply("{\"kind\":\"error\",\"status\":404}").expectStatus().isBadRequest().expectBody(String.class)
          .isEqualTo("an error fault answers 429 or a 5xx status");
      post.apply("{\"kind\":\"flood\"}").expectStatus().isBadRequest().expectBody(String.class)
          .isEqualTo("kind must be error, timeout, delay or drop-reports");
      post.apply("{\"kind\":\"timeout\",\"to\":\"no tengo\",\"delayMs\":100}").expectStatus().isBadRequest();
      post.apply("{\"kind\":\"delay\",\"delayMs\":0}").expectStatus().isBadRequest();
      post.apply("{\"kind\":\"error\",\"status\":429,\"share\":1.5}").expectStatus().isBadRequest();
      post.apply("{\"kind\":\"timeout\",\"to\":\"+56 9 7100 0001\",\"delayMs\":2000,\"share\":0.5}")
          .expectStatus().isCreated().expectBody().jsonPath("$.to").isEqualTo("+56971000001");
      web.delete().uri("/api/sandbox/faults/nope").exchange().expectStatus().isNotFound();
      web.get().uri("/api/sandbox/faults").exchange().expectBody().jsonPath("$.length()").isEqualTo(1);
    }
  }

  private static long hits(WebTestClient web, String faultId) {
    List<?> faults = web.get().uri("/api/sandbox/faults").exchange().expectStatus().isOk().expectBody(List.class)
        .returnResult().getResponseBody();
    return faults.stream().map(f -> (Map<?, ?>) f).filter(f -> faultId.equals(f.get("id")))
        .mapToLong(f -> ((Number) f.get("hits")).longValue()).findFirst().orElseThrow();
  }

  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void report(String text) {
    System.out.print(text);
    try {
      Files.writeString(Path.of("target", "reliability-outage.txt"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
