package org.contactability.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.scheduler.domain.Profiles;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.contactability.schemas.registry.SchemaRegistryHttpServer;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TestTokens;
import org.contactability.testkit.TopicProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real scheduler-service application on the real broker, killed with SIGKILL while it emits
 * a few thousand due reminders, then restarted on the same state directory: every reminder is on
 * {@code contact.requests} exactly once for a read-committed consumer, none lost, none twice.
 */
class SchedulerCrashRecoveryTest {

  private static final int APPOINTMENTS = 3000;
  private static final String PREFIX = SharedKafka.topicPrefix(SchedulerCrashRecoveryTest.class);
  private static final TopicNaming NAMING = new TopicNaming(PREFIX);
  private static final String APPLICATION_ID = PREFIX + "scheduler";

  private static SchemaRegistryHttpServer registry;
  private static AvroSerdes serdes;
  private static Path work;
  private final List<Process> children = new ArrayList<>();

  @BeforeAll
  static void infrastructure() throws IOException {
    registry = SchemaRegistryHttpServer.start(new InMemorySchemaRegistry("crash-test"), "127.0.0.1", 0);
    serdes = new AvroSerdes(Map.of("schema.registry.url", registry.url()));
    SharedKafka.createTopics(Topics.allWithDeadLetters().stream()
        .map(topic -> TopicProvisioner.newTopic(topic, NAMING, (short) 1)).toList());
    work = Files.createDirectories(Path.of("target", "crash-test-" + UUID.randomUUID()).toAbsolutePath());
  }

  @AfterAll
  static void closeRegistry() {
    registry.close();
  }

  @Test
  void a_crash_while_sending_due_reminders_neither_loses_nor_duplicates_a_request() throws Exception {
    ZoneLocal target = new ZoneLocal(LocalDate.now(Profiles.SANTIAGO).plusDays(7).atTime(LocalTime.NOON));
    Duration offset = Duration.between(Instant.now(), target.instant());
    produceViews(target);
    produceGarbageRow();

    Process first = start(Duration.ZERO, "first");
    awaitCaughtUp(Duration.ofSeconds(120));
    try (Writer commands = new OutputStreamWriter(first.getOutputStream(), StandardCharsets.UTF_8)) {
      commands.write("advance " + offset + "\n");
      commands.flush();
      TopicProbe.on(NAMING.name(Topics.CONTACT_REQUESTS), new StringDeserializer(),
              serdes.forValues(Topics.CONTACT_REQUESTS).deserializer())
          .includingUncommitted().within(Duration.ofSeconds(60)).readAtLeast(100);
      // Under exactly-once no running task may keep a checkpoint file: killed, the next start would trust it and keep
      // in its stores whatever an aborted transaction had left there (KAFKA-20685, the cluster's lost reminders).
      assertThat(checkpointFiles()).as("checkpoint files of running tasks").isEmpty();
      first.destroyForcibly().waitFor();
    }
    int committedAtCrash = committedRequests(Duration.ofSeconds(5)).size();
    assertThat(committedAtCrash).as("the crash came in the middle of the sending").isLessThan(APPOINTMENTS);
    System.out.printf("Killed the scheduler with %d of %d reminders committed%n", committedAtCrash, APPOINTMENTS);

    start(offset, "second");

    List<ConsumerRecord<String, ContactRequest>> requests = TopicProbe.on(NAMING.name(Topics.CONTACT_REQUESTS),
            new StringDeserializer(), serdes.forValues(Topics.CONTACT_REQUESTS).deserializer())
        .within(Duration.ofSeconds(180))
        .readUntil("every reminder", seen -> seen.stream().map(r -> r.value().getRequestId()).distinct().count()
            >= APPOINTMENTS);
    // Give a duplicate the time to show up, if there were one.
    List<ConsumerRecord<String, ContactRequest>> settled = committedRequests(Duration.ofSeconds(3));
    Set<String> ids = settled.stream().map(r -> r.value().getRequestId()).collect(Collectors.toSet());
    assertThat(requests).hasSizeGreaterThanOrEqualTo(APPOINTMENTS);
    assertThat(ids).hasSize(APPOINTMENTS).allMatch(id -> id.matches("B\\d+:reminder:1:WHATSAPP"));
    assertThat(settled).as("no request twice").hasSize(APPOINTMENTS);

    String health = health("second");
    assertThat(health).contains("\"status\":\"UP\"").contains("RUNNING");

    DeadLetter letter = TopicProbe.on(NAMING.deadLetterName(Topics.HIS_APPOINTMENTS), new StringDeserializer(),
        serdes.forValues(DeadLetter.class).deserializer()).readAtLeast(1).get(0).value();
    assertThat(letter.getKey()).isEqualTo("garbage");
    assertThat(letter.getService()).isEqualTo("scheduler-service");
  }

  @org.junit.jupiter.api.AfterEach
  void killChildren() throws InterruptedException {
    for (Process child : children) {
      child.destroyForcibly().waitFor();
    }
  }

  private record ZoneLocal(LocalDateTime local) {
    Instant instant() {
      return local.atZone(Profiles.SANTIAGO).toInstant();
    }
  }

  /** Chillán appointments whose WhatsApp reminders (4 days before) all fall due in the hour before the target. */
  private static void produceViews(ZoneLocal target) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    Instant now = Instant.now();
    LocalDateTime firstStart = target.local().minusHours(1).plusDays(4);
    try (KafkaProducer<String, Appointment> producer = SharedKafka.producer(new StringSerializer(),
        serdes.forValues(Topics.APPOINTMENTS).serializer())) {
      for (int i = 0; i < APPOINTMENTS; i++) {
        String id = "B" + i;
        sent.add(producer.send(new ProducerRecord<>(NAMING.name(Topics.APPOINTMENTS), id,
            ChillanViews.booked(id, i, firstStart.plusSeconds(i), now))));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : sent) {
        ack.get(30, TimeUnit.SECONDS); // the test's own input must all be there, or nothing it checks means anything
      }
    }
  }

  private static void produceGarbageRow() {
    try (KafkaProducer<String, byte[]> producer = SharedKafka.producer(new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(NAMING.name(Topics.HIS_APPOINTMENTS), "garbage", new byte[] {1, 2, 3}));
      producer.flush();
    }
  }

  private Process start(Duration clockOffset, String name) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + work, "-cp", System.getProperty("java.class.path"),
        SchedulerChildProcess.class.getName(), clockOffset.toString(),
        "--server.port=0",
        "--" + TestTokens.PROPERTY + "=" + TestTokens.publicKeyLocation(),
        "--spring.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
        "--contactability.kafka.schema-registry-url=" + registry.url(),
        "--contactability.kafka.topic-prefix=" + PREFIX,
        "--scheduler.streams.application-id=" + APPLICATION_ID,
        "--scheduler.streams.state-dir=" + work.resolve("state"),
        // Slow sending down (50 per tick) so that the kill lands in the middle of it.
        "--scheduler.plans.tick=200ms",
        "--scheduler.plans.batch-size=50",
        "--scheduler.plans.punctuation-budget=1ms"));
    Process child = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile())
        .start();
    children.add(child);
    return child;
  }

  /** The checkpoint files in the task directories of the application's state directory. */
  private static List<Path> checkpointFiles() throws IOException {
    Path tasks = work.resolve("state").resolve(APPLICATION_ID);
    try (var files = Files.walk(tasks)) {
      return files.filter(file -> file.getFileName().toString().equals(".checkpoint"))
          .filter(file -> file.getParent().getFileName().toString().matches("\\d+_\\d+")).toList();
    }
  }

  /** The child's actuator health, on the port its log announces. */
  private static String health(String name) throws Exception {
    Path log = work.resolve(name + ".log");
    Pattern started = Pattern.compile("Netty started on port (\\d+)");
    String port = Awaitility.await("the HTTP port in " + log).atMost(Duration.ofSeconds(60))
        .until(() -> started.matcher(Files.readString(log)).results().map(m -> m.group(1)).findFirst().orElse(null),
            found -> found != null);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/actuator/health")).header("Authorization", TestTokens.bearer("viewer"))
        .build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** Waits until the application has read every view, i.e. every plan is stored. */
  private static void awaitCaughtUp(Duration timeout) {
    Awaitility.await("the scheduler read every view (log: " + work.resolve("first.log") + ")")
        .atMost(timeout).pollInterval(Duration.ofMillis(200))
        .until(SchedulerCrashRecoveryTest::caughtUp);
  }

  private static boolean caughtUp() throws Exception {
    Admin admin = SharedKafka.admin();
    String topic = NAMING.name(Topics.APPOINTMENTS);
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
        .partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < Topics.APPOINTMENTS.partitions(); p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(e -> e.getValue().offset() == 0
        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
  }

  private static List<ConsumerRecord<String, ContactRequest>> committedRequests(Duration quietFor) {
    List<ConsumerRecord<String, ContactRequest>> all = new ArrayList<>();
    long[] lastGrowth = {System.nanoTime()};
    int[] lastSize = {-1};
    TopicProbe.on(NAMING.name(Topics.CONTACT_REQUESTS), new StringDeserializer(),
            serdes.forValues(Topics.CONTACT_REQUESTS).deserializer())
        .within(quietFor.plusSeconds(30))
        .readUntil("no new record for " + quietFor, seen -> {
          if (seen.size() != lastSize[0]) {
            lastSize[0] = seen.size();
            lastGrowth[0] = System.nanoTime();
            all.clear();
            all.addAll(seen);
          }
          return System.nanoTime() - lastGrowth[0] > quietFor.toNanos();
        });
    return all;
  }
}
