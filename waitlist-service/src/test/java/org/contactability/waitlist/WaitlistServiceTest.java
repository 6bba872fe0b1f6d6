package org.contactability.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.appointment.Hospital;
import org.contactability.contracts.appointment.Patient;
import org.contactability.contracts.appointment.Professional;
import org.contactability.contracts.appointment.Site;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.WaitlistEntryChange;
import org.contactability.contracts.his.WaitlistEntryRow;
import org.contactability.contracts.waitlist.OfferEventType;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TestTokens;
import org.contactability.testkit.TopicProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service as the platform starts it: configuration properties only, the real broker, its own
 * topic prefix, registry scope, application id and state directory, an ephemeral port. Covers the
 * campaign endpoints, health, and how a released slot shows up for operators.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Close the service (and its stream) after this class, while the shared broker still runs.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WaitlistServiceTest {

  static final String PREFIX = SharedKafka.topicPrefix(WaitlistServiceTest.class);
  static final TopicNaming NAMING = new TopicNaming(PREFIX);
  static final String REGISTRY = "mem://" + PREFIX;
  static final AvroSerdes SERDES = new AvroSerdes(Map.of("schema.registry.url", REGISTRY));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
    registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
    registry.add("contactability.kafka.topic-prefix", () -> PREFIX);
    registry.add("contactability.kafka.schema-registry-url", () -> REGISTRY);
    registry.add("waitlist.streams.application-id", () -> PREFIX + "waitlist");
    registry.add("waitlist.streams.state-dir", () -> "target/spring-state/" + UUID.randomUUID());
    registry.add("waitlist.streams.tick", () -> "200ms");
    registry.add("contactability.hospitals.HCH.name", () -> "Hospital Clínico Herminda Martín");
    registry.add("waitlist.hospitals.HCH.offers.strategy", () -> "PARALLEL");
  }

  /** The platform shares one adjustable clock among all services; so does this test. */
  @TestConfiguration
  static class PlatformClock {
    @Bean
    AdjustableClock clock() {
      return AdjustableClock.on(Clock.systemUTC());
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  AdjustableClock clock;

  @Autowired
  org.contactability.common.kafka.StreamsApplication streams;

  WebTestClient http() {
    // Campaigns are an operator's; who else may call is the end-to-end EndpointAccessTest's.
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(20))
        .defaultHeader("Authorization", TestTokens.bearer("operator")).build();
  }

  @BeforeAll
  static void waitingList() throws Exception {
    SharedKafka.createTopics(Topics.allWithDeadLetters().stream()
        .map(topic -> TopicProvisioner.newTopic(topic, NAMING, (short) 1)).toList());
    Instant now = Instant.now();
    SourcePosition source = SourcePosition.newBuilder().setConnector("postgresql").setDatabase("his").setTable("t")
        .setCommitTime(now).setCapturedAt(now).build();
    try (var patients = producer(Topics.HIS_PATIENTS); var waitlist = producer(Topics.HIS_WAITLIST)) {
      for (int i = 1; i <= 3; i++) {
        patients.send(new ProducerRecord<>(NAMING.name(Topics.HIS_PATIENTS), "p" + i, PatientChange.newBuilder()
            .setOp(ChangeOperation.SNAPSHOT).setSource(source).setAfter(PatientRow.newBuilder().setId("p" + i)
                .setGivenNames("Rosa").setPaternalSurname("Díaz").setMobilePhone("+5697000000" + i).build())
            .build())).get();
        waitlist.send(new ProducerRecord<>(NAMING.name(Topics.HIS_WAITLIST), "w" + i, WaitlistEntryChange.newBuilder()
            .setOp(ChangeOperation.SNAPSHOT).setSource(source).setAfter(WaitlistEntryRow.newBuilder().setId("w" + i)
                .setPatientId("p" + i).setHospitalCode("HCH").setSpecialty("Dermatología")
                .setEnteredOn(LocalDate.parse("2025-03-01")).setStatus(WaitlistStatus.WAITING).build())
            .build())).get();
      }
    }
  }

  static <V extends SpecificRecord> KafkaProducer<String, V> producer(TopicSpec<V> topic) {
    return SharedKafka.producer(new StringSerializer(), SERDES.forValues(topic).serializer());
  }

  @Test
  void health_reflects_the_running_stream() {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http().get().uri("/actuator/health").exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP")
        .jsonPath("$.components.waitlistStreams.status").isEqualTo("UP"));
  }

  @Test
  void an_invalid_campaign_request_is_refused_with_the_reason() {
    http().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"hospitalCode\": \"HCH\", \"answerWindowDays\": 0}").exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.error").value(e -> assertThat(e.toString())
            .contains("answerWindowDays"));
    http().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.error").value(e -> assertThat(e.toString())
            .contains("hospitalCode"));
    http().get().uri("/api/campaigns/{id}", "no-such-campaign").exchange().expectStatus().isNotFound();
  }

  @Test
  void a_purge_campaign_started_over_http_asks_the_waiting_list_and_reports_its_counts() {
    await().atMost(Duration.ofSeconds(60)).until(() -> streams.state().isRunningOrRebalancing());
    Map<?, ?> started = http().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"hospitalCode\": \"HCH\", \"specialty\": \"Dermatología\", \"answerWindowDays\": 5,"
            + " \"requestedBy\": \"ops\"}")
        .exchange().expectStatus().isAccepted().expectHeader().exists("Location")
        .expectBody(Map.class).returnResult().getResponseBody();
    String id = (String) started.get("campaignId");

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http().get().uri("/api/campaigns/{id}", id).exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.status").isEqualTo("AWAITING_ANSWERS")
        .jsonPath("$.total").isEqualTo(3)
        .jsonPath("$.asked").isEqualTo(3)
        .jsonPath("$.awaitingAnswer").isEqualTo(3)
        .jsonPath("$.answerWindowDays").isEqualTo(5));

    var questions = TopicProbe.on(NAMING.name(Topics.CONTACT_REQUESTS), new StringDeserializer(),
        SERDES.forValues(Topics.CONTACT_REQUESTS).deserializer())
        .readUntil("three purge questions", seen -> seen.stream()
            .filter(r -> id.equals(r.value().getCorrelation().getCampaignId())).count() == 3);
    ContactRequest question = questions.stream().filter(r -> id.equals(r.value().getCorrelation().getCampaignId()))
        .findFirst().orElseThrow().value();
    assertThat(question.getPurpose()).isEqualTo(ContactPurpose.STILL_NEEDED_QUESTION);
    assertThat(question.getDetails().getHospitalName()).isEqualTo("Hospital Clínico Herminda Martín");
  }

  @Test
  void advancing_the_shared_clock_expires_offers_at_the_next_tick_and_the_hospital_override_applies() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> streams.state().isRunningOrRebalancing());
    LocalDateTime local = LocalDateTime.now(clock.withZone(ZONE)).plusDays(3).withNano(0);
    cancel(appointment("clock-1", local));
    var offers = TopicProbe.on(NAMING.name(Topics.WAITLIST_OFFERS), new StringDeserializer(),
        SERDES.forValues(Topics.WAITLIST_OFFERS).deserializer());
    offers.readUntil("three parallel offers (HCH overrides the sequential default)", seen -> seen.stream()
        .filter(r -> "clock-1".equals(r.key()) && r.value().getType() == OfferEventType.OFFERED).count() == 3);

    clock.advance(Duration.ofHours(2));

    var events = offers.within(Duration.ofSeconds(10)).readUntil("the offers lapsed and the slot released",
        seen -> seen.stream().anyMatch(r -> "clock-1".equals(r.key()) && r.value().getType() == OfferEventType.RELEASED));
    assertThat(events.stream().filter(r -> "clock-1".equals(r.key())).map(r -> r.value().getType()))
        .containsExactly(OfferEventType.SLOT_OPENED, OfferEventType.OFFERED, OfferEventType.OFFERED,
            OfferEventType.OFFERED, OfferEventType.EXPIRED, OfferEventType.EXPIRED, OfferEventType.EXPIRED,
            OfferEventType.RELEASED);
  }

  static final ZoneId ZONE = ZoneId.of("America/Santiago");

  static Appointment appointment(String id, LocalDateTime local) {
    return Appointment.newBuilder().setAppointmentId(id)
        .setHospital(Hospital.newBuilder().setCode("HCH").setName("HCH").setZone(ZONE.getId()).build())
        .setSite(Site.newBuilder().setId("s1").setName("CAE").build())
        .setPatient(Patient.newBuilder().setId("p9").setGivenNames("Eva").setFullName("Eva Ríos").build())
        .setProfessional(Professional.newBuilder().setId("d1").setFullName("Pedro Soto").build())
        .setSpecialty("Dermatología").setType(AppointmentType.CONTROL).setStatus(AppointmentStatus.CANCELLED_BY_PATIENT)
        .setStartsAt(local.atZone(ZONE).toInstant()).setStartsAtLocal(local).setDurationMinutes(20).build();
  }

  static void cancel(Appointment appointment) throws Exception {
    try (var decisions = producer(Topics.APPOINTMENT_DECISIONS)) {
      decisions.send(new ProducerRecord<>(NAMING.name(Topics.APPOINTMENT_DECISIONS), appointment.getAppointmentId(),
          AppointmentDecision.newBuilder().setDecisionId(UUID.randomUUID().toString())
              .setAppointmentId(appointment.getAppointmentId()).setType(DecisionType.CANCELLED_BY_PATIENT)
              .setDecidedAt(Instant.now()).setDecidedBy("response-service").setAppointment(appointment).build())).get();
    }
  }

  @Test
  void a_slot_nobody_can_take_is_released_and_operators_see_it_as_an_event_and_a_metric() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> streams.state().isRunningOrRebalancing());
    double releasedBefore = releasedCount();
    LocalDateTime local = LocalDateTime.now(clock.withZone(ZONE)).plusHours(6).withNano(0);
    cancel(appointment("too-soon-1", local));

    var released = TopicProbe.on(NAMING.name(Topics.WAITLIST_OFFERS), new StringDeserializer(),
        SERDES.forValues(Topics.WAITLIST_OFFERS).deserializer()).readFirstMatching("the slot released",
            r -> "too-soon-1".equals(r.key()) && r.value().getType() == OfferEventType.RELEASED);
    assertThat(released.value().getReason()).contains("less than 24 h");

    assertThat(releasedCount()).isEqualTo(releasedBefore + 1);
  }

  @Test
  void unreadable_bytes_on_a_topic_read_into_a_global_store_are_dead_lettered_and_the_stream_goes_on()
      throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> streams.state().isRunningOrRebalancing());
    Map<String, Long> garbage = new java.util.LinkedHashMap<>();
    try (KafkaProducer<String, byte[]> raw = SharedKafka.producer(new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (TopicSpec<?> topic : java.util.List.of(Topics.HIS_WAITLIST, Topics.HIS_PATIENTS,
          Topics.WAITLIST_CAMPAIGN_PROGRESS)) {
        garbage.put(topic.name(), raw.send(new ProducerRecord<>(NAMING.name(topic), 0, "garbage",
            "not avro <b>😀</b>".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get().offset());
      }
    }

    garbage.forEach((topic, offset) -> {
      var letter = TopicProbe.on(PREFIX + topic + ".dlq", new StringDeserializer(),
          SERDES.forValues(org.contactability.contracts.ops.DeadLetter.class).deserializer())
          .readFirstMatching("the dead letter of the garbage on " + topic,
              r -> offset.equals(r.value().getOffset()) && "waitlist-service".equals(r.value().getService()));
      assertThat(letter.value().getPartition()).isZero();
      assertThat(letter.value().getReason()).contains("magic byte");
    });
    LocalDateTime local = LocalDateTime.now(clock.withZone(ZONE)).plusHours(6).withNano(0);
    cancel(appointment("after-garbage-1", local));
    TopicProbe.on(NAMING.name(Topics.WAITLIST_OFFERS), new StringDeserializer(),
        SERDES.forValues(Topics.WAITLIST_OFFERS).deserializer()).readFirstMatching("a slot freed afterwards released",
            r -> "after-garbage-1".equals(r.key()) && r.value().getType() == OfferEventType.RELEASED);
    assertThat(streams.state().isRunningOrRebalancing()).isTrue();
  }

  /** What an operator's dashboard reads: the RELEASED count of the hospital (0 before the first). */
  double releasedCount() {
    var result = http().get()
        .uri("/actuator/metrics/contactability.waitlist.slot.events?tag=type:RELEASED&tag=hospital:HCH")
        .exchange().returnResult(Map.class);
    if (result.getStatus().value() == 404) {
      return 0;
    }
    Map<?, ?> body = result.getResponseBody().blockFirst();
    return ((Number) ((Map<?, ?>) ((java.util.List<?>) body.get("measurements")).get(0)).get("value")).doubleValue();
  }
}
