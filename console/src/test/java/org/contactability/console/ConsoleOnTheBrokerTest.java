package org.contactability.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.contactability.console.adapters.web.FunnelController.FunnelView;
import org.contactability.console.application.DeadLetterReplays;
import org.contactability.console.domain.FunnelCounts;
import org.contactability.console.support.Contracts;
import org.contactability.console.support.RunningConsole;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.his.SetAppointmentStatus;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The console as deployed on its own against a cluster (no platform clock store, no sandbox): its
 * feed reads contract records from the real broker, the funnel changes over server-sent events,
 * timelines are searchable by RUT, dead letters are replayed once to their topic, and consumer lag
 * is read from the broker.
 */
class ConsoleOnTheBrokerTest {

  /** 12:00 in Santiago on Monday 4 May 2026. */
  static final Instant NOW = Instant.parse("2026-05-04T16:00:00Z");
  static final LocalDate TODAY = LocalDate.of(2026, 5, 4);

  static RunningConsole console;
  static WebTestClient web;

  @BeforeAll
  static void start() {
    console = RunningConsole.start(ConsoleOnTheBrokerTest.class, Map.of(),
        Map.of("clock", Clock.fixed(NOW, ZoneOffset.UTC)));
    web = console.web();
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void the_funnel_streamed_to_the_browser_changes_as_records_arrive() {
    LocalDate day = TODAY.plusDays(2);
    Flux<FunnelView> events = web.get().uri("/api/funnel/stream?hospital=HCHM").accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<FunnelView>>() {})
        .getResponseBody()
        .filter(event -> "funnel".equals(event.event()))
        .map(ServerSentEvent::data);
    var seen = events.takeUntil(view -> {
      FunnelCounts counts = on(view, day);
      return counts.confirmed() == 1 && counts.delivered() == 1;
    }).collectList().toFuture();

    Instant at = NOW.minusSeconds(3600);
    console.publish(Topics.HIS_SITES, "3", Contracts.hisSite("3", "HCHM", at));
    console.publish(Topics.HIS_APPOINTMENTS, "f-1",
        Contracts.hisAppointment("f-1", "1", "3", day.atTime(10, 0), AppointmentStatus.BOOKED, at));
    console.publish(Topics.CONTACT_STATUS, "f-1",
        Contracts.status("f-1", Channel.WHATSAPP, ContactPurpose.REMINDER, DeliveryStatus.DELIVERED, at.plusSeconds(60)));
    console.publish(Topics.APPOINTMENT_DECISIONS, "f-1", Contracts.decision("f-1", DecisionType.CONFIRMED,
        Contracts.view("f-1", "HCHM", day.atTime(10, 0), AppointmentStatus.BOOKED, null), at.plusSeconds(120)));

    List<FunnelView> views = seen.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(on(views.get(0), day).booked()).as("the first event shows the funnel before the records").isZero();
    FunnelView last = views.get(views.size() - 1);
    FunnelCounts counts = on(last, day);
    assertThat(counts.booked()).isEqualTo(1);
    assertThat(counts.notified()).isEqualTo(new FunnelCounts.PerChannel(1, 0, 0, 0));
    assertThat(counts.confirmed()).isEqualTo(1);
    assertThat(last.today()).isEqualTo(TODAY);
    assertThat(last.hospitalTime()).isEqualTo(LocalDateTime.of(2026, 5, 4, 12, 0));
    assertThat(last.hospitals()).contains("HCHM");

    FunnelView otherHospital = web.get().uri("/api/funnel?hospital=HLS").exchange().expectStatus().isOk()
        .expectBody(FunnelView.class).returnResult().getResponseBody();
    assertThat(on(otherHospital, day).booked()).isZero();
  }

  @Test
  void an_appointment_is_found_by_the_patients_rut_and_shows_its_timeline_across_topics_masked() {
    LocalDate day = TODAY.plusDays(3);
    Instant at = NOW.minusSeconds(7200);
    Appointment view = Contracts.view("t-1", "HCHM", day.atTime(11, 20), AppointmentStatus.BOOKED, at.plusSeconds(86_400));
    console.publish(Topics.HIS_PATIENTS, "41", Contracts.hisPatient("41", "12.345.678-5", at));
    console.publish(Topics.HIS_APPOINTMENTS, "t-1",
        Contracts.hisAppointment("t-1", "41", "3", day.atTime(11, 20), AppointmentStatus.BOOKED, at));
    console.publish(Topics.APPOINTMENTS, "t-1", view);
    console.publish(Topics.CONTACT_REQUESTS, "t-1",
        Contracts.request("t-1", Channel.WHATSAPP, ContactPurpose.BOOKING_NOTICE, at.plusSeconds(10)));
    console.publish(Topics.CONTACT_STATUS, "t-1",
        Contracts.status("t-1", Channel.WHATSAPP, ContactPurpose.BOOKING_NOTICE, DeliveryStatus.DELIVERED, at.plusSeconds(20)));
    console.publish(Topics.HIS_COMMAND_RESULTS, "t-1", HisCommandResult.newBuilder().setCommandId("cmd-1")
        .setCommandType("SetAppointmentStatus").setOutcome(CommandOutcome.APPLIED).setAppointmentId("t-1")
        .setProcessedAt(at.plusSeconds(50)).build());
    console.publish(Topics.HIS_COMMANDS, "t-1", HisCommand.newBuilder().setCommandId("cmd-1").setIssuedAt(at.plusSeconds(40))
        .setIssuedBy("response-service").setCommand(SetAppointmentStatus.newBuilder().setAppointmentId("t-1")
            .setStatus(AppointmentStatus.CONFIRMED).build()).build());
    console.publish(Topics.APPOINTMENT_DECISIONS, "t-1",
        Contracts.decision("t-1", DecisionType.CONFIRMED, view, at.plusSeconds(30)));

    Awaitility.await("the timeline of t-1 to hold seven entries").atMost(Duration.ofSeconds(30)).until(() ->
        timelineTopics("t-1").size() == 7);

    String found = web.get().uri("/api/appointments?q=12.345.678-5").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(found).contains("\"appointmentId\":\"t-1\"").contains("*****678-5");

    String timeline = web.get().uri("/api/appointments/t-1/timeline").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(timelineTopics("t-1")).as("oldest first, whatever order the topics were read in").containsExactly(
        "his.appointments", "appointments", "contact.requests", "contact.status", "appointment.decisions",
        "his.commands", "his.command.results");
    assertThat(timeline).contains("J. D. S. C.", "*****678-5", "Dra. Juanita Pérez Mellado")
        .doesNotContain(Contracts.JUAN_NAME).doesNotContain("Dionisio").doesNotContain("Soto").doesNotContain(Contracts.JUAN_PHONE)
        .doesNotContain("12345678-5").doesNotContain("juan.soto");

    web.get().uri("/api/appointments/nobody/timeline").exchange().expectStatus().isNotFound()
        .expectBody(String.class).value(body -> assertThat(body).contains("no conoce la cita nobody"));
    web.get().uri("/api/appointments").exchange().expectStatus().isBadRequest();
  }

  @Test
  void a_dead_letter_is_replayed_once_to_its_topic_with_its_key_and_bytes() {
    ContactRequest request = Contracts.request("r-1", Channel.SMS, ContactPurpose.REMINDER, NOW);
    byte[] original = console.bytes(Topics.CONTACT_REQUESTS, request);
    String source = console.naming().name(Topics.CONTACT_REQUESTS);
    DeadLetter avro = Contracts.deadLetter("dl-avro", source, "r-1", original, "avro-confluent", NOW);
    DeadLetter row = Contracts.deadLetter("dl-json", console.naming().name(Topics.HIS_APPOINTMENTS), "99",
        "{\"id\":99,\"fecha_hora\":\"ayer\"}".getBytes(StandardCharsets.UTF_8), "json", NOW);
    console.publish(Topics.CONTACT_REQUESTS.deadLetter().orElseThrow(), "r-1", avro);
    console.publish(Topics.HIS_APPOINTMENTS.deadLetter().orElseThrow(), "99", row);

    Awaitility.await("both dead letters listed").atMost(Duration.ofSeconds(30)).until(() -> {
      String list = web.get().uri("/api/dead-letters").exchange().expectBody(String.class).returnResult().getResponseBody();
      return list.contains("dl-avro") && list.contains("dl-json");
    });

    web.post().uri("/api/dead-letters/dl-avro/replay").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.replayed").isEqualTo(true).jsonPath("$.topic").isEqualTo(source);
    ConsumerRecord<String, byte[]> replayed = TopicProbe.on(source, new StringDeserializer(), new ByteArrayDeserializer())
        .readFirstMatching("the replayed request", r -> r.headers().lastHeader(DeadLetterReplays.REPLAY_HEADER) != null);
    assertThat(replayed.key()).isEqualTo("r-1");
    assertThat(replayed.value()).containsExactly(original);
    assertThat(new String(replayed.headers().lastHeader(DeadLetterReplays.REPLAY_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo("dl-avro");

    web.post().uri("/api/dead-letters/dl-avro/replay").exchange().expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.error").value(error -> assertThat((String) error).contains("ya fue reenviado"));
    web.post().uri("/api/dead-letters/dl-json/replay").exchange().expectStatus().isEqualTo(422)
        .expectBody().jsonPath("$.error").value(error -> assertThat((String) error).contains("sistema de origen (HIS)"));
    web.post().uri("/api/dead-letters/dl-unknown/replay").exchange().expectStatus().isNotFound();
    web.post().uri("/api/dead-letters/dl-unknown/replay").header("Origin", "https://elsewhere.example.com").exchange()
        .expectStatus().isForbidden().expectBody(String.class)
        .value(body -> assertThat(body).contains("viene de otro sitio"));
    web.post().uri("/api/dead-letters/dl-unknown/replay").header("Origin", console.url()).exchange()
        .expectStatus().isNotFound();
    web.get().uri("/api/dead-letters").exchange().expectBody()
        .jsonPath("$.deadLetters[?(@.id=='dl-avro')].replayed").isEqualTo(List.of(true))
        .jsonPath("$.deadLetters[?(@.id=='dl-json')].replayable").isEqualTo(List.of(false))
        .jsonPath("$.deadLetters[?(@.id=='dl-avro')].service").isEqualTo(List.of("notifier-service"));
    assertThat(TopicProbe.on(source, new StringDeserializer(), new ByteArrayDeserializer()).within(Duration.ofSeconds(2))
        .readAll().stream().filter(r -> r.headers().lastHeader(DeadLetterReplays.REPLAY_HEADER) != null))
        .as("republished once").hasSize(1);
  }

  @Test
  void consumer_lag_is_read_per_group_on_the_catalogue_topics() {
    String topic = console.naming().name(Topics.HIS_WAITLIST);
    String group = console.naming().prefix() + "waitlist-service";
    for (int i = 0; i < 3; i++) {
      console.send(topic, 0, "entry-" + i, null);
    }
    commit(group, new TopicPartition(topic, 0), 1);

    Awaitility.await("the group's lag").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        web.get().uri("/api/lag").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.groups[?(@.group=='" + group + "')].lag").isEqualTo(List.of(2))
            .jsonPath("$.groups[?(@.group=='" + group + "')].topics[0].topic").isEqualTo(List.of("his.waitlist"))
            .jsonPath("$.readAt").exists());
  }

  @Test
  void a_group_that_read_everything_transactional_producers_wrote_has_no_lag_and_unread_records_count_once() {
    String topic = console.naming().name(Topics.WAITLIST_OFFERS);
    TopicPartition partition = new TopicPartition(topic, 0);
    // Offsets: record 0, commit marker 1, record 2, marker 3, record 4, marker 5, aborted record 6, abort marker 7.
    try (KafkaProducer<String, byte[]> producer = SharedKafka.transactionalProducer("console-lag-test",
        new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 3; i++) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, 0, "slot-" + i, null));
        producer.commitTransaction();
      }
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 0, "slot-aborted", null));
      producer.flush();
      producer.abortTransaction();
    }
    String caughtUp = console.naming().prefix() + "caught-up-reader";
    String behind = console.naming().prefix() + "behind-reader";
    List<ConsumerRecord<String, byte[]>> committed = TopicProbe.on(topic, new StringDeserializer(),
        new ByteArrayDeserializer()).readAtLeast(3);
    // As consumers commit: the offset after the last record processed, which is the last commit marker's.
    commit(caughtUp, partition, committed.get(2).offset() + 1);
    commit(behind, partition, committed.get(0).offset() + 1);

    Awaitility.await("both groups' lag").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        web.get().uri("/api/lag").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.groups[?(@.group=='" + caughtUp + "')].lag").isEqualTo(List.of(0))
            .jsonPath("$.groups[?(@.group=='" + behind + "')].lag").isEqualTo(List.of(2)));
  }

  /** Commits {@code offset} for {@code group}; without polling, as a polling consumer commits its position on close. */
  private static void commit(String group, TopicPartition partition, long offset) {
    try (KafkaConsumer<String, byte[]> consumer = SharedKafka.consumer(group, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
    }
  }

  @Test
  void without_the_platforms_clock_store_and_sandbox_there_is_no_clock_control_nor_phone_page_api() {
    web.get().uri("/api/console").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.clockControl").isEqualTo(false)
        .jsonPath("$.sandbox").isEqualTo(false)
        .jsonPath("$.today").isEqualTo("2026-05-04");
    web.get().uri("/api/clock").exchange().expectStatus().isNotFound();
    web.post().uri("/api/clock/advance?by=PT1H").exchange().expectStatus().isNotFound();
    web.get().uri("/api/sandbox/messages?to=%2B56961234567").exchange().expectStatus().isNotFound();
    web.get().uri("/api/phone/patients").exchange().expectStatus().isNotFound();
    web.get().uri("/").exchange().expectStatus().isOk().expectBody(String.class)
        .value(page -> assertThat(page).contains("Embudo en vivo"));
    Awaitility.await("the read model to catch up").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        web.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.status").isEqualTo("UP"));
  }

  private List<String> timelineTopics(String id) {
    Map<String, Object> body = web.get().uri("/api/appointments/" + id + "/timeline").exchange()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {}).returnResult().getResponseBody();
    if (body == null || !(body.get("entries") instanceof List<?> entries)) {
      return List.of();
    }
    return entries.stream().map(e -> (String) ((Map<?, ?>) e).get("topic")).toList();
  }

  private static FunnelCounts on(FunnelView view, LocalDate day) {
    return view.days().stream().filter(d -> d.date().equals(day)).findFirst().orElseThrow().counts();
  }
}
