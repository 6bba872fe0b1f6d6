package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.contactability.common.Rut;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.contactability.common.security.Role;
import org.contactability.platform.ServicePorts;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fuzz suite: hundreds of malformed inputs through every door of the running platform — Twilio's
 * webhooks and the notifier's callback (signatures, encodings, sizes, missing and garbage fields),
 * answer-link tokens, rows in the HIS database (phones, e-mails, RUTs, dates, codes, names with markup
 * and emoji), unreadable bytes on every topic the services consume. Every malformed input must get a
 * 4xx or a dead letter with a reason (for a patient's contact, a failed send's reason counts too),
 * never a 5xx or a hang; afterwards no consumer is stuck and a good booking still gets its notice.
 *
 * <p>Cases come from jqwik's arbitraries drawn with one seed ({@code -Dhostile.seed=}, printed), so a
 * failure can be replayed. The suite shares the platform the end-to-end stories start once per JVM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final Duration PATIENCE = RunningPlatform.PATIENCE;
  static final long SEED = Long.getLong("hostile.seed", 20261206L);
  static final int WEBHOOK_CASES = 170;
  static final int LINK_CASES = 70;
  static final int OPERATOR_CASES = 30;
  static final int MINIMUM_MALFORMED = 300;
  /** Numbers the hostile webhooks come from: nothing may ever be published for them. */
  static final String HOSTILE_SENDERS = "+56997";

  static RunningPlatform platform;
  static PlatformTopics topics;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicInteger MALFORMED = new AtomicInteger();
  static final List<String> PATIENT_DATA = new ArrayList<>();
  /** How each HIS row's outcome showed, for the summary. */
  static final Map<HostileRows.Row, String> SETTLED = new java.util.concurrent.ConcurrentHashMap<>();
  static HostileRequests requests;

  @BeforeAll
  static void start() throws Exception {
    System.out.println("HostileInputTest seed " + SEED + " (replay with -Dhostile.seed=" + SEED + ")");
    platform = RunningPlatform.get();
    duringTheDayInSantiago();
    topics = new PlatformTopics(platform.endpoints().kafkaBootstrap(), platform.endpoints().schemaRegistry());
    org.contactability.testkit.SharedInfrastructure.closeAtSessionEnd(topics);
    requests = new HostileRequests(targetsOfARealAnswerPage());
  }

  /** La Serena's booking notices wait out the night's quiet hours (21:00-08:00): the suite runs by day. */
  static void duringTheDayInSantiago() throws Exception {
    LocalDateTime local = LocalDateTime.ofInstant(platform.now(), SANTIAGO);
    if (local.toLocalTime().isBefore(LocalTime.of(8, 30)) || local.toLocalTime().isAfter(LocalTime.of(19, 0))) {
      LocalDate morning = local.toLocalTime().isBefore(LocalTime.of(8, 30)) ? local.toLocalDate()
          : local.toLocalDate().plusDays(1);
      platform.advanceClockTo(morning.atTime(8, 30).atZone(SANTIAGO).toInstant());
    }
  }

  /** A La Serena booking with an e-mail: its notice's answer link is a real page, whose CSRF the fuzz uses. */
  static HostileRequests.Targets targetsOfARealAnswerPage() throws Exception {
    ReferenceHis his = platform.his;
    long site = his.addSite(new NewSite("HLS", "CDT enlace " + StoryData.suffix(), "Av. Balmaceda 916", "La Serena"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dr.", "Tomás", "Vidal", "Soto", "Neurología"));
    String email = "enlace" + StoryData.suffix() + "@example.com";
    long patient = his.addPatient(new NewPatient(Rut.of(49_100_000 + (int) (SEED % 800_000)), "Elena", "Vidal",
        "Rojas", null, StoryData.phone(), email));
    his.book(new NewAppointment(patient, doctor, site, "Neurología", inDays(6, 11), 20, TipoPrestacion.CONTROL, null));
    JsonNode notice = platform.awaitMessage(email, m -> m.path("links").size() > 0);
    String link = notice.path("links").get(0).asText();
    Matcher token = Pattern.compile("/r/([A-Za-z0-9_-]{16})").matcher(link);
    assertThat(token.find()).as("an answer link in " + link).isTrue();

    String response = "http://localhost:" + services().response();
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(response + "/r/" + token.group(1)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
        .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    Matcher field = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
    assertThat(field.find()).as("a CSRF field on the page").isTrue();
    String console = platform.endpoints().console();
    return new HostileRequests.Targets(response, "http://localhost:" + services().notifier(),
        "http://localhost:" + services().waitlist(), console.substring(0, console.length() - 1), token.group(1),
        cookie, field.group(1), platform.token(Role.OPERATOR));
  }

  @Test
  @Order(1)
  void every_hostile_webhook_is_refused_with_a_4xx_and_publishes_nothing() throws Exception {
    List<HttpCase.Answer> wrong = sendAll(HostileRequests.sample(requests.webhooks(), WEBHOOK_CASES, SEED));

    assertThat(wrong).as("webhook cases answered otherwise than expected").isEmpty();
    List<String> topicsOfAnswers = List.of(Topics.PATIENT_RESPONSES.name(), Topics.CONTACT_REQUESTS.name());
    AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", platform.endpoints().schemaRegistry()));
    var responses = serdes.forValues(Topics.PATIENT_RESPONSES).deserializer();
    var contactRequests = serdes.forValues(Topics.CONTACT_REQUESTS).deserializer();
    List<String> published = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : topics.readAll(topicsOfAnswers)) {
      String to;
      if (record.topic().equals(Topics.PATIENT_RESPONSES.name())) {
        PatientResponse response = responses.deserialize(record.topic(), record.value());
        to = response.getFrom();
      } else {
        ContactRequest request = contactRequests.deserialize(record.topic(), record.value());
        to = request.getRecipient() == null ? null : request.getRecipient().getPhone();
      }
      if (to != null && to.contains(HOSTILE_SENDERS)) {
        published.add(record.topic() + " " + record.partition() + "/" + record.offset());
      }
    }
    assertThat(published).as("records published for hostile webhooks").isEmpty();
  }

  @Test
  @Order(2)
  void every_hostile_answer_link_request_is_refused_with_a_4xx() throws Exception {
    List<HttpCase.Answer> wrong = sendAll(HostileRequests.sample(requests.answerLinks(), LINK_CASES, SEED + 1));

    assertThat(wrong).as("answer-link cases answered otherwise than expected").isEmpty();
  }

  @Test
  @Order(3)
  void every_hostile_body_to_an_operators_api_is_refused_with_a_400() throws Exception {
    List<HttpCase.Answer> wrong = sendAll(HostileRequests.sample(requests.operatorApis(), OPERATOR_CASES, SEED + 2));

    assertThat(wrong).as("operator API cases answered otherwise than expected").isEmpty();
  }

  @Test
  @Order(4)
  void every_hostile_his_row_is_refused_with_a_reason_or_carried_like_any_other() throws Exception {
    LocalDate day = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(8);
    HostileRows rows = new HostileRows(platform.platform.postgres().dataSource(), SEED, day);
    List<HostileRows.Row> written = rows.write();
    PATIENT_DATA.addAll(rows.patientData());
    List<HostileRows.Row> malformed = written.stream().filter(HostileRows.Row::malformed).toList();
    MALFORMED.addAndGet(malformed.size());

    AtomicReference<List<String>> unsettled = new AtomicReference<>();
    try {
      await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> {
        unsettled.set(unsettled(written));
        return unsettled.get().isEmpty();
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("HIS rows without their outcome after " + PATIENCE + ":\n  "
          + String.join("\n  ", unsettled.get()), e);
    }
    for (DeadLetter letter : topics.deadLettersOf(hisTopics())) {
      assertThat(letter.getReason()).as("a dead letter's reason").isNotBlank();
    }
    System.out.println("HostileInputTest: " + written.size() + " HIS rows (" + malformed.size() + " malformed): "
        + SETTLED.values().stream().collect(Collectors.groupingBy(v -> v, java.util.TreeMap::new,
            Collectors.counting())));
    SETTLED.forEach((row, by) -> System.out.println("  " + row.label() + " -> " + by));
  }

  /** The rows whose outcome has not shown yet, each with what was expected. */
  private static List<String> unsettled(List<HostileRows.Row> rows) throws Exception {
    Map<String, List<String>> refused = topics.deadLettersOf(Topics.all()).stream().collect(Collectors.groupingBy(
        l -> l.getTopic() + "/" + l.getKey(), Collectors.mapping(DeadLetter::getReason, Collectors.toList())));
    Map<String, List<String>> failed = failedSends();
    Set<String> viewed = topics.readAll(List.of(Topics.APPOINTMENTS.name())).stream().map(ConsumerRecord::key)
        .collect(Collectors.toSet());
    List<String> unsettled = new ArrayList<>();
    for (HostileRows.Row row : rows) {
      List<String> reasons = new ArrayList<>(refused.getOrDefault(row.topic() + "/" + row.id(), List.of()));
      reasons.addAll(refused.getOrDefault(Topics.HIS_APPOINTMENTS.name() + "/" + row.appointmentId(), List.of()));
      List<String> failures = failed.getOrDefault(Long.toString(row.appointmentId()), List.of());
      String settledBy = switch (row.outcome()) {
        case REASON -> !reasons.isEmpty() ? "dead letter" : !failures.isEmpty() ? "failed send" : null;
        case HANDLED -> !reasons.isEmpty() ? "dead letter"
            : viewed.contains(Long.toString(row.appointmentId())) ? "view" : null;
        case NOTICE -> platform.messagesTo(row.phone()).stream()
            .anyMatch(m -> RunningPlatform.template(m, "booking-notice")) ? "notice" : null;
      };
      SETTLED.put(row, String.valueOf(settledBy));
      if (row.value() != null && row.value().strip().length() >= 5) {
        Stream.concat(reasons.stream(), failures.stream()).forEach(reason -> assertThat(reason)
            .as("the reason given for " + row.label()).doesNotContain(row.value().strip()));
      }
      if (settledBy == null) {
        unsettled.add(row.outcome() + " expected for " + row.label() + " (" + row.topic() + " " + row.id()
            + ", appointment " + row.appointmentId() + ")");
      }
    }
    return unsettled;
  }

  /** Per appointment, the reasons of its sends that failed. */
  private static Map<String, List<String>> failedSends() {
    var statuses = new AvroSerdes(Map.of("schema.registry.url", platform.endpoints().schemaRegistry()))
        .forValues(Topics.CONTACT_STATUS).deserializer();
    Map<String, List<String>> failed = new java.util.HashMap<>();
    for (ConsumerRecord<String, byte[]> record : topics.readAll(List.of(Topics.CONTACT_STATUS.name()))) {
      ContactStatus status = statuses.deserialize(record.topic(), record.value());
      if (status.getStatus() == DeliveryStatus.FAILED && status.getReason() != null
          && !status.getReason().isBlank() && status.getCorrelation() != null) {
        failed.computeIfAbsent(status.getCorrelation().getAppointmentId(), k -> new ArrayList<>())
            .add(status.getReason());
      }
    }
    return failed;
  }

  /**
   * Topics whose readers skip what they cannot read with a log line, and park nothing: the ones only the console reads
   * (the audit trail, whose records nobody may move), and privacy.keys, which every service that seals or opens reads
   * and none may stop on (docs/privacy.md).
   */
  static final Set<String> READ_BY_THE_CONSOLE_ONLY = Set.of(Topics.WAITLIST_OFFERS.name(),
      Topics.PRIVACY_KEYS.name(), Topics.AUDIT_EVENTS.name());

  @Test
  @Order(5)
  void unreadable_bytes_on_every_consumed_topic_are_dead_lettered_with_the_reason() throws Exception {
    List<String> sent = new ArrayList<>();
    Map<String, RecordMetadata> where = new java.util.LinkedHashMap<>();
    for (TopicSpec<?> topic : Topics.all()) {
      int partitions = topics.partitions(topic.name());
      List<byte[]> payloads = UnreadablePayloads.forTopic(topic, platform.endpoints().schemaRegistry());
      for (int kind = 0; kind < payloads.size(); kind++) {
        RecordMetadata at = topics.send(topic.name(), kind % partitions, "hostile-" + kind, payloads.get(kind));
        where.put(topic.name() + " kind " + kind, at);
      }
      MALFORMED.addAndGet(payloads.size());
    }

    AtomicReference<List<String>> missing = new AtomicReference<>();
    try {
      await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> {
        Set<String> letters = topics.deadLettersOf(Topics.all()).stream()
            .filter(l -> l.getReason() != null && !l.getReason().isBlank())
            .map(l -> l.getTopic() + "-" + l.getPartition() + "@" + l.getOffset()).collect(Collectors.toSet());
        List<String> lines = platform.logLines();
        missing.set(where.entrySet().stream()
            .filter(e -> {
              String at = e.getValue().topic() + "-" + e.getValue().partition() + "@" + e.getValue().offset();
              return READ_BY_THE_CONSOLE_ONLY.contains(e.getValue().topic())
                  ? lines.stream().noneMatch(line -> line.contains("Skipped an unreadable record at " + at))
                  : !letters.contains(at);
            })
            .map(Map.Entry::getKey).toList());
        return missing.get().isEmpty();
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("unreadable records without a dead letter after " + PATIENCE + ": " + missing.get(), e);
    }
  }

  @Test
  @Order(6)
  void afterwards_no_consumer_is_stuck_and_a_good_booking_still_gets_its_notice() throws Exception {
    ReferenceHis his = platform.his;
    long site = his.addSite(new NewSite("HLS", "CDT después " + StoryData.suffix(), "Av. Balmaceda 916", "La Serena"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dra.", "Rosa", "Pérez", "Lillo", "Dermatología"));
    String phone = StoryData.phone();
    long patient = his.addPatient(new NewPatient(Rut.of(49_900_000 + (int) (SEED % 90_000)), "Ximena", "Pérez",
        "Lillo", null, phone, null));
    his.book(new NewAppointment(patient, doctor, site, "Dermatología", inDays(7, 9), 20, TipoPrestacion.CONTROL, null));

    platform.awaitMessage(phone, m -> RunningPlatform.template(m, "booking-notice"));
    for (int port : List.of(services().hisConnector(), services().scheduler(), services().notifier(),
        services().response(), services().waitlist())) {
      HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(health.body()).path("status").asText()).as("health of the service on " + port + ": "
          + health.body()).isEqualTo("UP");
    }
    AtomicReference<String> lag = new AtomicReference<>();
    try {
      await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> {
        JsonNode reading = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
            URI.create(platform.endpoints().console() + "api/lag")).header("Authorization", platform.administrator())
            .build(), HttpResponse.BodyHandlers.ofString())
            .body());
        lag.set(StreamSupport.stream(reading.path("groups").spliterator(), false)
            .filter(g -> g.path("lag").asLong() > 0)
            .map(g -> g.path("group").asText() + " " + g.path("topics")).collect(Collectors.joining("; ")));
        return reading.path("readAt").isTextual() && lag.get().isEmpty();
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("consumer groups still behind after " + PATIENCE + ": " + lag.get(), e);
    }
  }

  @Test
  @Order(7)
  void at_least_300_malformed_inputs_were_sent_and_none_left_a_stack_trace_or_patient_data_in_the_log() {
    assertThat(MALFORMED.get()).isGreaterThanOrEqualTo(MINIMUM_MALFORMED);
    List<String> lines = platform.logLines();
    // Boot's error page logs every 5xx with its stack trace; Reactor logs an error it had nobody to hand to.
    assertThat(lines.stream().filter(line -> line.contains("500 Server Error") || line.contains("onErrorDropped")))
        .as("stack traces of requests").isEmpty();
    for (String line : lines) {
      for (String datum : PATIENT_DATA) {
        assertThat(line).as("a log line names a hostile row's patient").doesNotContain(datum);
      }
    }
  }

  private static List<HttpCase.Answer> sendAll(List<HttpCase> cases) throws Exception {
    List<HttpCase.Answer> wrong = new ArrayList<>();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (HttpCase hostile : cases) {
      HttpCase.Answer answer = hostile.send(HTTP);
      statuses.merge(answer.status(), 1, Integer::sum);
      if (!answer.asExpected()) {
        wrong.add(answer);
      }
    }
    System.out.println("HostileInputTest: " + cases.size() + " requests answered " + statuses);
    MALFORMED.addAndGet(cases.size());
    return wrong;
  }

  private static ServicePorts services() {
    return platform.endpoints().services();
  }

  private static LocalDateTime inDays(int days, int hour) {
    return LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(days).atTime(LocalTime.of(hour, 0));
  }

  private static List<TopicSpec<?>> hisTopics() {
    return List.of(Topics.HIS_PATIENTS, Topics.HIS_PROFESSIONALS, Topics.HIS_SITES, Topics.HIS_APPOINTMENTS,
        Topics.HIS_WAITLIST);
  }

}
