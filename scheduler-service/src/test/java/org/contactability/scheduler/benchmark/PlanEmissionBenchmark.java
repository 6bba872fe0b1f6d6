package org.contactability.scheduler.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.contactability.common.kafka.BoundedRocksDbMemory;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.StreamsDeadLetters;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.scheduler.adapters.kafka.AppointmentViews;
import org.contactability.scheduler.adapters.kafka.ContactRequests;
import org.contactability.scheduler.adapters.kafka.JoinedAppointment;
import org.contactability.scheduler.adapters.kafka.SchedulerMetrics;
import org.contactability.scheduler.adapters.kafka.PlanSettings;
import org.contactability.scheduler.adapters.kafka.SchedulerTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.contactability.scheduler.domain.ContactPlan;
import org.contactability.scheduler.domain.ContactPlanner;
import org.contactability.scheduler.domain.PlanOutcome;
import org.contactability.scheduler.domain.PolicyCatalog;
import org.contactability.scheduler.domain.Profiles;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.SharedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * N contact plans whose reminders all fall due in the same minute; the clock then jumps past that
 * minute and we measure the time until every contact request is on Kafka (read back committed),
 * and the JVM's peak heap meanwhile. The same job is then done with db-scheduler on PostgreSQL:
 * one task per plan, each producing the same record. Not part of the default test run:
 * {@code ./mvnw -B -pl scheduler-service -am test -Pbenchmark -Dtest=PlanEmissionBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Sizes: {@code -Dbenchmark.sizes=100000,300000,1000000}; ours alone: {@code -Dbenchmark.contenders=ours}.
 */
@Tag("benchmark")
class PlanEmissionBenchmark {

  private static final String DEFAULT_SIZES = "100000,300000,1000000";
  private static final int DB_SCHEDULER_THREADS = 20;
  private static final int STREAM_THREADS = 2;

  private final AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mem://benchmark-" + UUID.randomUUID()));
  private final PolicyCatalog catalog = Profiles.catalog();
  private final List<String> results = new ArrayList<>();

  /** @param rss the process's resident memory when every request was read (heap, RocksDB, broker, PostgreSQL client) */
  record Result(String contender, int plans, Duration elapsed, long peakHeap, long baselineHeap, long rss) {
    double perSecond() {
      return plans / (elapsed.toNanos() / 1e9);
    }
  }

  @Test
  void one_million_reminders_due_in_the_same_minute() throws Exception {
    List<Integer> sizes = java.util.Arrays.stream(System.getProperty("benchmark.sizes", DEFAULT_SIZES).split(","))
        .map(String::trim).map(Integer::parseInt).toList();
    results.add("| plans | contender | time to emit all | requests/s | peak heap (MiB) | heap before (MiB)"
        + " | RSS at the end (MiB) |");
    results.add("|---:|---|---:|---:|---:|---:|---:|");
    boolean withDbScheduler = !"ours".equals(System.getProperty("benchmark.contenders"));
    for (int size : sizes) {
      Result ours = kafkaStreams(size);
      report(ours);
      if (withDbScheduler) {
        Result theirs = dbScheduler(size);
        report(theirs);
        results.add(String.format("| %,d | ratio | %.1f× faster | | | | |", size,
            theirs.elapsed().toNanos() / (double) ours.elapsed().toNanos()));
      }
      print();
    }
    Path out = Path.of("target", "benchmark-results.md");
    Files.writeString(out, String.join("\n", results) + "\n");
    print();
  }

  private void report(Result r) {
    results.add(String.format("| %,d | %s | %.1f s | %,.0f | %d | %d | %d |", r.plans(), r.contender(),
        r.elapsed().toMillis() / 1000.0, r.perSecond(), r.peakHeap() >> 20, r.baselineHeap() >> 20, r.rss() >> 20));
  }

  private void print() {
    System.out.println(String.join("\n", results));
  }

  // ------------------------------------------------------------------ ours: Kafka Streams

  private Result kafkaStreams(int size) throws Exception {
    String prefix = SharedKafka.topicPrefix(PlanEmissionBenchmark.class);
    TopicNaming naming = new TopicNaming(prefix);
    SharedKafka.createTopics(Topics.allWithDeadLetters().stream()
        .map(topic -> TopicProvisioner.newTopic(topic, naming, (short) 1)).toList());
    AdjustableClock clock = AdjustableClock.on(Clock.systemUTC());
    LocalDateTime minute = dueMinute();
    produceViews(naming, size, minute, clock.instant());

    Properties props = new Properties();
    props.putAll(serdes.config());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "scheduler");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(Path.of("target", "benchmark-state",
        prefix)).toAbsolutePath().toString());
    DeadLetters letters = new DeadLetters("scheduler-service", clock, naming, new SimpleMeterRegistry());
    props.putAll(StreamsDeadLetters.builder(letters, serdes.forValues(DeadLetter.class).serializer()).build()
        .settings());
    props.putAll(SchedulerTopology.streamsDefaults());
    // As the service runs it; -Dbenchmark.commitIntervalMs=100 for Kafka Streams' own exactly-once default.
    Integer commitInterval = Integer.getInteger("benchmark.commitIntervalMs");
    if (commitInterval != null) {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval);
    }
    // As the service runs it (SchedulerConfiguration); -Dbenchmark.rocksdb=unbounded for RocksDB's own defaults.
    boolean bounded = !"unbounded".equals(System.getProperty("benchmark.rocksdb"));
    if (bounded) {
      props.putAll(BoundedRocksDbMemory.streamsDefaults());
    }
    SchedulerTopology topology = new SchedulerTopology(naming, serdes, catalog, clock, new AnswerTokens(),
        new PlanSettings("scheduler-service", Duration.ofMillis(200), 2000, Duration.ofMillis(500), Integer.MAX_VALUE),
        new SchedulerMetrics(new SimpleMeterRegistry()), letters);
    try (KafkaStreams streams = new KafkaStreams(topology.build(), props)) {
      streams.start();
      awaitPlansStored(naming.name(Topics.APPOINTMENTS), prefix + "scheduler", size);

      Result result = measure("Kafka Streams (this service" + (bounded ? ")" : ", RocksDB unbounded)"), size, naming.name(Topics.CONTACT_REQUESTS),
          () -> clock.advance(Duration.between(clock.instant(), instant(minute.plusMinutes(1)))));
      streams.close(Duration.ofSeconds(60));
      return result;
    }
  }

  /** VmRSS of this process (Linux), 0 where /proc is not there. */
  private static long residentBytes() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(0L);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** A minute ten days ahead, at noon in Santiago (outside Chillán's quiet hours). */
  private static LocalDateTime dueMinute() {
    return LocalDate.now(Profiles.SANTIAGO).plusDays(10).atTime(LocalTime.NOON);
  }

  private static Instant instant(LocalDateTime local) {
    return local.atZone(Profiles.SANTIAGO).toInstant();
  }

  /** Chillán views whose WhatsApp reminder (4 days before) falls due inside {@code minute}. */
  private Appointment view(int i, LocalDateTime minute, Instant bookedAt, AppointmentViews views) {
    String id = "B" + i;
    LocalDateTime start = minute.plusDays(4).plusNanos((i % 60_000) * 1_000_000L);
    return views.view(new JoinedAppointment(
        new JoinedAppointment.Appointment(id, "P" + i, "D1", "S1", "Medicina Interna", start, 20,
            AppointmentType.CONTROL, AppointmentStatus.BOOKED, null, bookedAt, bookedAt, "cita", null, null),
        new JoinedAppointment.Site("S1", "HCHM", "Centro de Especialidades", "Av. Francisco Ramírez 10", "Chillán",
            bookedAt),
        new JoinedAppointment.Patient("P" + i, null, "Juan Dionisio", "Soto", "Cabrera", "+569" + (10_000_000 + i),
            null, null, bookedAt, null, null),
        new JoinedAppointment.Professional("D1", "Dra.", "Juanita", "Pérez", "Mellado", bookedAt))).orElseThrow();
  }

  private void produceViews(TopicNaming naming, int size, LocalDateTime minute, Instant bookedAt) {
    AppointmentViews views = new AppointmentViews(catalog);
    try (KafkaProducer<String, Appointment> producer = SharedKafka.producer(new StringSerializer(),
        serdes.forValues(Topics.APPOINTMENTS).serializer(), Map.of(ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
      AtomicLong failed = new AtomicLong();
      for (int i = 0; i < size; i++) {
        producer.send(new ProducerRecord<>(naming.name(Topics.APPOINTMENTS), "B" + i, view(i, minute, bookedAt, views)),
            (metadata, error) -> {
              if (error != null) {
                failed.incrementAndGet();
              }
            });
      }
      producer.flush();
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " of " + size + " views could not be written");
      }
    }
  }

  private static void awaitPlansStored(String topic, String groupId, int size) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < Topics.APPOINTMENTS.partitions(); p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    var ends = SharedKafka.admin().listOffsets(latest).all().get();
    Awaitility.await("the " + size + " plans are stored").atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          Map<TopicPartition, OffsetAndMetadata> committed = SharedKafka.admin().listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata().get();
          return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
              ? committed.get(e.getKey()).offset() >= e.getValue().offset() : e.getValue().offset() == 0);
        });
  }

  // ------------------------------------------------------------------ theirs: db-scheduler on PostgreSQL

  private Result dbScheduler(int size) throws Exception {
    String prefix = SharedKafka.topicPrefix(PlanEmissionBenchmark.class);
    TopicNaming naming = new TopicNaming(prefix);
    SharedKafka.createTopics(List.of(TopicProvisioner.newTopic(Topics.CONTACT_REQUESTS, naming, (short) 1)));
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(SharedPostgres.newDatabase().dataSource());
    pool.setMaximumPoolSize(DB_SCHEDULER_THREADS + 4);
    HikariDataSource dataSource = new HikariDataSource(pool);
    createTable(dataSource);
    AdjustableClock clock = AdjustableClock.on(Clock.systemUTC());
    LocalDateTime minute = dueMinute();
    insertTasks(dataSource, size, minute, clock.instant());

    String topic = naming.name(Topics.CONTACT_REQUESTS);
    org.apache.kafka.common.serialization.Serializer<ContactRequest> requestSerializer =
        serdes.forValues(Topics.CONTACT_REQUESTS).serializer();
    Deserializer<Appointment> viewDeserializer = serdes.forValues(Topics.APPOINTMENTS).deserializer();
    ContactPlanner planner = new ContactPlanner(catalog);
    ContactRequests requests = new ContactRequests(clock, new AnswerTokens(), "scheduler-service");
    try (KafkaProducer<String, ContactRequest> producer = SharedKafka.producer(new StringSerializer(),
        requestSerializer, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
      OneTimeTask<byte[]> reminder = Tasks.oneTime("reminder", byte[].class).execute((instance, context) -> {
        // The job: the plan's due reminder of this appointment, as the same record, acknowledged before done.
        Appointment view = viewDeserializer.deserialize(topic, instance.getData());
        ContactPlan plan = planner.onView(null, AppointmentViews.facts(view), view.getBookedAt()).plan();
        for (PlanOutcome outcome : planner.onDue(plan, clock.instant()).outcomes()) {
          if (outcome instanceof PlanOutcome.Send send) {
            try {
              producer.send(new ProducerRecord<>(topic, view.getAppointmentId(), requests.request(send))).get();
            } catch (Exception e) {
              throw new IllegalStateException("send failed", e);
            }
          }
        }
      });
      Scheduler scheduler = Scheduler.create(dataSource, reminder)
          .threads(DB_SCHEDULER_THREADS)
          .pollUsingLockAndFetch(0.5, 4.0)
          .pollingInterval(Duration.ofSeconds(1))
          .serializer(new Identity())
          .clock(clock::instant)
          .build();
      try {
        scheduler.start();
        return measure("db-scheduler 16.7.1 on PostgreSQL 18 (" + DB_SCHEDULER_THREADS + " threads, lock-and-fetch)",
            size, topic, () -> clock.advance(Duration.between(clock.instant(), instant(minute.plusMinutes(1)))));
      } finally {
        scheduler.stop();
        dataSource.close();
      }
    }
  }

  /** Task data is already bytes (the Avro view). */
  static final class Identity implements com.github.kagkarlsson.scheduler.serializer.Serializer {
    @Override
    public byte[] serialize(Object data) {
      return (byte[]) data;
    }

    @Override
    public <T> T deserialize(Class<T> type, byte[] bytes) {
      return type.cast(bytes);
    }
  }

  private static void createTable(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("""
          create table scheduled_tasks (
            task_name text not null,
            task_instance text not null,
            task_data bytea,
            execution_time timestamp with time zone not null,
            picked boolean not null,
            picked_by text,
            last_success timestamp with time zone,
            last_failure timestamp with time zone,
            consecutive_failures int,
            last_heartbeat timestamp with time zone,
            version bigint not null,
            priority smallint,
            primary key (task_name, task_instance))""");
      statement.execute("create index execution_time_idx on scheduled_tasks (execution_time)");
      statement.execute("create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
      statement.execute("create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");
    }
  }

  private void insertTasks(DataSource dataSource, int size, LocalDateTime minute, Instant bookedAt) throws Exception {
    AppointmentViews views = new AppointmentViews(catalog);
    org.apache.kafka.common.serialization.Serializer<Appointment> serializer =
        serdes.forValues(Topics.APPOINTMENTS).serializer();
    try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
        "insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)"
            + " values ('reminder', ?, ?, ?, false, 1)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < size; i++) {
        Appointment view = view(i, minute, bookedAt, views);
        insert.setString(1, "B" + i);
        insert.setBytes(2, serializer.serialize("benchmark", view));
        insert.setTimestamp(3, Timestamp.from(instant(minute).plusMillis(i % 60_000)));
        insert.addBatch();
        if (i % 5000 == 4999) {
          insert.executeBatch();
          connection.commit();
        }
      }
      insert.executeBatch();
      connection.commit();
      try (Statement statement = connection.createStatement()) {
        statement.execute("analyze scheduled_tasks");
      }
      connection.commit();
    }
  }

  // ------------------------------------------------------------------ measuring

  private Result measure(String contender, int size, String topic, Runnable jump) throws Exception {
    System.gc();
    long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(baseline);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max), 0, 20, TimeUnit.MILLISECONDS);

    Map<String, Object> config = SharedKafka.clientProperties();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long start = System.nanoTime();
      jump.run();
      long seen = 0;
      long deadline = start + Duration.ofMinutes(60).toNanos();
      while (seen < size && System.nanoTime() < deadline) {
        seen += consumer.poll(Duration.ofMillis(100)).count();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      sampler.shutdownNow();
      if (seen < size) {
        throw new IllegalStateException(contender + ": only " + seen + " of " + size + " requests within an hour");
      }
      return new Result(contender, size, elapsed, peak.get(), baseline, residentBytes());
    }
  }
}
