package org.contactability.waitlist.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.contactability.waitlist.adapters.kafka.Records.appointment;
import static org.contactability.waitlist.adapters.kafka.Records.decision;
import static org.contactability.waitlist.adapters.kafka.Records.entry;
import static org.contactability.waitlist.adapters.kafka.Records.entryChange;
import static org.contactability.waitlist.adapters.kafka.Records.offerAnswer;
import static org.contactability.waitlist.adapters.kafka.Records.patient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.StreamsDeadLetters;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.contracts.waitlist.OfferEventType;
import org.contactability.contracts.waitlist.SlotOfferEvent;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TopicProbe;
import org.contactability.waitlist.application.CampaignSettings;
import org.contactability.waitlist.domain.campaign.Pacer;
import org.contactability.waitlist.domain.offer.OfferStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Exactly one winner on the real broker: two instances of the service (same application id, own
 * state directories) share the work, and acceptances of the same slots are produced at the same
 * moment from two threads onto different partitions of patient.responses. Each slot must have
 * one ACCEPTED, one LATE_ACCEPTANCE and one BookAppointment. The waiting list is written before
 * the instances start, so both build their global stores through Kafka Streams' restore path.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimultaneousAcceptanceTest {

  static final String PREFIX = SharedKafka.topicPrefix(SimultaneousAcceptanceTest.class);
  static final TopicNaming NAMING = new TopicNaming(PREFIX);
  static final AvroSerdes SERDES = new AvroSerdes(Map.of("schema.registry.url", "mem://" + PREFIX));
  static final int SLOTS = 6;
  static final List<KafkaStreams> INSTANCES = new ArrayList<>();

  @BeforeAll
  static void startTwoInstances() throws Exception {
    SharedKafka.createTopics(Topics.allWithDeadLetters().stream()
        .map(topic -> TopicProvisioner.newTopic(topic, NAMING, (short) 1)).toList());
    Instant now = Instant.now();
    try (var patients = producer(Topics.HIS_PATIENTS); var waitlist = producer(Topics.HIS_WAITLIST)) {
      for (String id : List.of("a", "b")) {
        patients.send(new ProducerRecord<>(NAMING.name(Topics.HIS_PATIENTS), "p-" + id,
            patient("p-" + id, "+5691234567" + (id.equals("a") ? 1 : 2), null, now))).get();
        waitlist.send(new ProducerRecord<>(NAMING.name(Topics.HIS_WAITLIST), "e-" + id,
            entryChange(entry("e-" + id, "p-" + id, "Cardiología").build(), now))).get();
      }
    }
    AdjustableClock clock = AdjustableClock.on(Clock.systemUTC());
    String applicationId = PREFIX + "waitlist";
    for (int n = 1; n <= 2; n++) {
      INSTANCES.add(instance(applicationId, n, clock));
    }
    INSTANCES.forEach(KafkaStreams::start);
    await().atMost(Duration.ofSeconds(90)).until(() -> INSTANCES.stream()
        .allMatch(i -> i.state() == KafkaStreams.State.RUNNING && !i.metadataForLocalThreads()
            .stream().allMatch(t -> t.activeTasks().isEmpty())));
  }

  /** Instance {@code n} names itself {@code localhost:n}, so that the owner of a key can be asked for. */
  static KafkaStreams instance(String applicationId, int n, Clock clock) {
    String name = "instance-" + n;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TopologySettings settings = new TopologySettings(clock, new FixedPolicies(OfferStrategy.PARALLEL, 2),
        new CampaignSettings(new Pacer(5, 10), FixedPolicies.CHANNELS, Duration.ofDays(90)),
        Duration.ofMillis(200), 6, new AnswerTokens(), meters);
    Properties config = new Properties();
    config.putAll(SharedKafka.clientProperties());
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    config.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-" + name);
    config.put(StreamsConfig.STATE_DIR_CONFIG,
        Path.of("target", "broker-state", UUID.randomUUID().toString(), name).toAbsolutePath().toString());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + n);
    config.putAll(StreamsDeadLetters.builder(new DeadLetters("waitlist-service", clock, NAMING, meters),
            SERDES.forValues(DeadLetter.class).serializer())
        .repartitions(WaitlistTopology.REPARTITIONS)
        .globalStores(WaitlistTopology.GLOBAL_SOURCES,
            SharedKafka.producer(new ByteArraySerializer(), new ByteArraySerializer()))
        .build().settings());
    return new KafkaStreams(new WaitlistTopology(settings, NAMING, SERDES).build(), config);
  }

  @AfterAll
  static void stop() {
    INSTANCES.forEach(SimultaneousAcceptanceTest::leave);
  }

  /** Stops an instance as the service does, leaving the group so that the other takes its slots at once. */
  static void leave(KafkaStreams instance) {
    instance.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
  }

  static <V extends SpecificRecord> KafkaProducer<String, V> producer(TopicSpec<V> topic) {
    return SharedKafka.producer(new StringSerializer(), SERDES.forValues(topic).serializer());
  }

  @Test
  @Order(1)
  void acceptances_of_the_same_slots_at_the_same_moment_on_two_instances_make_exactly_one_winner_each()
      throws Exception {
    LocalDateTime local = LocalDateTime.now(Records.SANTIAGO).plusDays(3).withNano(0);
    try (var decisions = producer(Topics.APPOINTMENT_DECISIONS)) {
      for (int i = 0; i < SLOTS; i++) {
        String slot = "race-" + i;
        decisions.send(new ProducerRecord<>(NAMING.name(Topics.APPOINTMENT_DECISIONS), slot,
            decision(DecisionType.CANCELLED_BY_PATIENT, appointment(slot, "p-freed", "Cardiología", local),
                Instant.now()))).get();
      }
    }
    var offers = TopicProbe.on(NAMING.name(Topics.WAITLIST_OFFERS), new StringDeserializer(),
        SERDES.forValues(Topics.WAITLIST_OFFERS).deserializer()).within(Duration.ofSeconds(60));
    Map<String, String> offerIds = offers.readUntil("two offers per slot",
        seen -> count(seen, OfferEventType.OFFERED) == 2 * SLOTS).stream()
        .filter(r -> r.value().getType() == OfferEventType.OFFERED)
        .collect(Collectors.toMap(r -> r.value().getSlotId() + "/" + r.value().getWaitlistEntryId(),
            r -> r.value().getOfferId()));

    // Two threads, two producers, released together; e-a's answers on a partition of patient.responses
    // read by instance one, e-b's on one read by instance two.
    Map<String, Integer> partitions = Map.of("a", responsePartitionOf(INSTANCES.get(0)),
        "b", responsePartitionOf(INSTANCES.get(1)));
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    List<Future<?>> sends = new ArrayList<>();
    for (String candidate : List.of("a", "b")) {
      int partition = partitions.get(candidate);
      sends.add(threads.submit(() -> {
        try (var responses = producer(Topics.PATIENT_RESPONSES)) {
          go.await();
          for (int i = 0; i < SLOTS; i++) {
            String offerId = offerIds.get("race-" + i + "/e-" + candidate);
            responses.send(new ProducerRecord<>(NAMING.name(Topics.PATIENT_RESPONSES), partition, "e-" + candidate,
                offerAnswer(offerId, "e-" + candidate, Intent.ACCEPT_OFFER, Instant.now())));
          }
          responses.flush();
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> send : sends) {
      send.get();
    }
    threads.shutdown();

    List<ConsumerRecord<String, SlotOfferEvent>> events = offers.readUntil("an acceptance and a late one per slot",
        seen -> count(seen, OfferEventType.ACCEPTED) >= SLOTS && count(seen, OfferEventType.LATE_ACCEPTANCE) >= SLOTS);
    Map<String, List<OfferEventType>> bySlot = events.stream().collect(Collectors.groupingBy(r -> r.value().getSlotId(),
        Collectors.mapping(r -> r.value().getType(), Collectors.toList())));
    for (int i = 0; i < SLOTS; i++) {
      List<OfferEventType> slot = bySlot.get("race-" + i);
      assertThat(slot).as("slot race-" + i).filteredOn(t -> t == OfferEventType.ACCEPTED).hasSize(1);
      assertThat(slot).as("slot race-" + i).filteredOn(t -> t == OfferEventType.LATE_ACCEPTANCE).hasSize(1);
    }

    List<ConsumerRecord<String, HisCommand>> bookings = TopicProbe.on(NAMING.name(Topics.HIS_COMMANDS),
        new StringDeserializer(), SERDES.forValues(Topics.HIS_COMMANDS).deserializer()).within(Duration.ofSeconds(3))
        .readAll();
    assertThat(bookings).as("one BookAppointment per slot, never two")
        .extracting(r -> r.value().getCommandId().replaceFirst("#\\d+$", ""))
        .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, SLOTS)
            .mapToObj(i -> "book:race-" + i).toList());
    assertThat(INSTANCES).as("both instances were working").allSatisfy(i -> assertThat(
        i.metadataForLocalThreads()).anySatisfy(t -> assertThat(t.activeTasks()).isNotEmpty()));
  }

  @Test
  @Order(2)
  void unreadable_bytes_are_dead_lettered_with_the_reason_and_the_stream_keeps_flowing() throws Exception {
    try (var raw = SharedKafka.producer(new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(NAMING.name(Topics.PATIENT_RESPONSES), "junk", new byte[] {7, 7, 7})).get();
    }
    ConsumerRecord<String, DeadLetter> letter = TopicProbe.on(NAMING.deadLetterName(Topics.PATIENT_RESPONSES),
        new StringDeserializer(), SERDES.forValues(DeadLetter.class).deserializer()).within(Duration.ofSeconds(60))
        .readFirstMatching("the junk record", r -> "junk".equals(r.key()));

    assertThat(letter.value().getReason()).contains("magic byte");
    assertThat(letter.value().getPayload().array()).containsExactly(7, 7, 7);
    assertThat(letter.value().getTopic()).isEqualTo(NAMING.name(Topics.PATIENT_RESPONSES));
    assertThat(INSTANCES).allSatisfy(i -> assertThat(i.state()).isEqualTo(KafkaStreams.State.RUNNING));
  }

  @Test
  @Order(3)
  void when_the_instance_owning_a_slot_stops_the_other_carries_on_from_its_committed_state() throws Exception {
    LocalDateTime local = LocalDateTime.now(Records.SANTIAGO).plusDays(3).withNano(0);
    String slot = "failover-1";
    cancelSlot(slot, local);
    var offers = TopicProbe.on(NAMING.name(Topics.WAITLIST_OFFERS), new StringDeserializer(),
        SERDES.forValues(Topics.WAITLIST_OFFERS).deserializer()).within(Duration.ofSeconds(90));
    List<ConsumerRecord<String, SlotOfferEvent>> opened = offers.readUntil("two offers of " + slot, seen -> seen.stream()
        .filter(r -> slot.equals(r.key()) && r.value().getType() == OfferEventType.OFFERED).count() == 2);
    String offerOfB = opened.stream().filter(r -> slot.equals(r.key()) && "e-b".equals(r.value().getWaitlistEntryId()))
        .findFirst().orElseThrow().value().getOfferId();

    int owner = INSTANCES.get(0).queryMetadataForKey(WaitlistStores.SLOTS, slot, new StringSerializer())
        .activeHost().port();
    KafkaStreams stopped = INSTANCES.get(owner - 1);
    KafkaStreams survivor = INSTANCES.get(2 - owner);
    leave(stopped);
    await().atMost(Duration.ofSeconds(90)).until(() -> survivor.state() == KafkaStreams.State.RUNNING
        && survivor.queryMetadataForKey(WaitlistStores.SLOTS, slot, new StringSerializer()).activeHost()
            .port() == 3 - owner);

    cancelSlot(slot, local);
    try (var responses = producer(Topics.PATIENT_RESPONSES)) {
      responses.send(new ProducerRecord<>(NAMING.name(Topics.PATIENT_RESPONSES), "e-b",
          offerAnswer(offerOfB, "e-b", Intent.ACCEPT_OFFER, Instant.now()))).get();
    }

    List<ConsumerRecord<String, SlotOfferEvent>> events = offers.readUntil("the acceptance after the failover",
        seen -> seen.stream().anyMatch(r -> slot.equals(r.key()) && r.value().getType() == OfferEventType.ACCEPTED));
    assertThat(events.stream().filter(r -> slot.equals(r.key())).map(r -> r.value().getType()))
        .as("the repeated cancellation found the slot's state on the surviving instance")
        .containsExactly(OfferEventType.SLOT_OPENED, OfferEventType.OFFERED, OfferEventType.OFFERED,
            OfferEventType.ACCEPTED);
    assertThat(events.stream().filter(r -> slot.equals(r.key()) && r.value().getType() == OfferEventType.ACCEPTED)
        .findFirst().orElseThrow().value().getOfferId()).isEqualTo(offerOfB);
  }

  private static void cancelSlot(String slot, LocalDateTime local) throws Exception {
    try (var decisions = producer(Topics.APPOINTMENT_DECISIONS)) {
      decisions.send(new ProducerRecord<>(NAMING.name(Topics.APPOINTMENT_DECISIONS), slot,
          decision(DecisionType.CANCELLED_BY_PATIENT, appointment(slot, "p-freed", "Cardiología", local),
              Instant.now()))).get();
    }
  }

  /** A partition of patient.responses this instance consumes now. */
  private static int responsePartitionOf(KafkaStreams instance) {
    String topic = NAMING.name(Topics.PATIENT_RESPONSES);
    return instance.metadataForLocalThreads().stream()
        .flatMap(thread -> thread.activeTasks().stream())
        .flatMap(task -> task.topicPartitions().stream())
        .filter(partition -> partition.topic().equals(topic))
        .map(org.apache.kafka.common.TopicPartition::partition)
        .findFirst()
        .orElseThrow(() -> new AssertionError("instance reads no partition of " + topic + " to race on"));
  }

  private static long count(List<ConsumerRecord<String, SlotOfferEvent>> seen, OfferEventType type) {
    return seen.stream().filter(r -> r.value().getType() == type).count();
  }
}
