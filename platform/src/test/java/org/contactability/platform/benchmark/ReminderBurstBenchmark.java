package org.contactability.platform.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.contactability.common.Rut;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.notifier.adapters.sandbox.SandboxJournal;
import org.contactability.notifier.adapters.sandbox.SandboxMessage;
import org.contactability.platform.EmbeddedPlatform;
import org.contactability.platform.PlatformOptions;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A reminder burst end to end on the embedded platform: N appointments at Chillán (WhatsApp reminder 96 h before,
 * no booking notice) whose reminders all fall due within the same minute, booked through the HIS and captured like
 * any other; once the scheduler holds every plan, the platform clock jumps past that minute, and the benchmark
 * times the jump to the last reminder request on {@code contact.requests} (the scheduler's catch-up) and to the
 * last reminder the sandbox accepted (its journal's {@code receivedAt}). Every reminder is read back from the
 * sandbox, once each. Before that jump, a first one sends a smaller burst booked two hours earlier
 * ({@code -Dbenchmark.warmUpReminders}, 20,000; 0 for none), so that the measured burst runs on compiled code.
 *
 * <p>Run: {@code ./mvnw -B -pl platform -am verify -Pbenchmark -Dtest=ReminderBurstBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dbenchmark.reminders=100000} sets N, and any
 * {@code scheduler.*} or {@code notifier.*} setting given with {@code -D} reaches the services. The table goes to
 * standard output and {@code platform/target/benchmark/reminder-burst.md}.
 */
@Tag("benchmark")
class ReminderBurstBenchmark {

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  /** Appointments per professional: one every 6 s of the same minute, so that no professional has two at once. */
  private static final int PER_PROFESSIONAL = 10;
  private static final int ROWS_PER_TRANSACTION = 1_000;
  private static final Duration PATIENCE = Duration.parse(System.getProperty("benchmark.patience", "PT15M"));

  @Test
  void a_burst_of_reminders_reaches_the_sandbox_and_is_timed() throws Exception {
    int reminders = Integer.getInteger("benchmark.reminders", 100_000);
    // A smaller burst two hours earlier first: the JIT compiles the notifier's path during it, as it has long done in
    // a platform that has been up for a while (docs/benchmarks.md, speed9).
    int warmUp = Integer.getInteger("benchmark.warmUpReminders", 20_000);
    Path data = Path.of("target", "reminder-burst-" + UUID.randomUUID()).toAbsolutePath();
    List<String> report = new ArrayList<>();
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformOptions.ephemeral(data, true, true, false),
        Clock.systemUTC())) {
      Clock clock = platform.clockStore().clock();
      DataSource database = platform.postgres().dataSource();
      ReferenceHis his = new ReferenceHis(database, clock);
      // Appointments five days ahead at 10:00, so the reminders (96 h before) fall due tomorrow at 10:00.
      LocalDate today = LocalDate.ofInstant(clock.instant(), SANTIAGO);
      LocalDateTime start = today.plusDays(5).atTime(10, 0);
      ZonedDateTime jumpTo = today.plusDays(1).atTime(10, 1, 30).atZone(SANTIAGO);
      long setUp = System.nanoTime();
      try (BurstObserver observer = BurstObserver.start(platform.endpoints().kafkaBootstrap(),
          platform.endpoints().schemaRegistry(), clock)) {
        long site = his.addSite(new NewSite("HCHM", "CAE benchmark", "Francisco Ramírez 10", "Chillán"));
        Set<String> warmUpAppointments = book(database, clock, site, start.minusHours(2), reminders, warmUp);
        Set<String> appointments = book(database, clock, site, start, 0, reminders);
        Set<String> all = new HashSet<>(appointments);
        all.addAll(warmUpAppointments);
        awaitPlans(platform.endpoints().kafkaBootstrap(), observer, all);
        Path journal = data.resolve("sandbox").resolve("journal.jsonl");
        long warmUpSeconds = 0;
        if (warmUp > 0) {
          long warmUpStart = System.nanoTime();
          platform.clockStore().advance(Duration.between(clock.instant(), jumpTo.minusHours(2).toInstant()));
          awaitSandbox(journal, warmUp, observer);
          warmUpSeconds = Duration.ofNanos(System.nanoTime() - warmUpStart).toSeconds();
        }
        String loadBefore = LoadAverage.now();
        GcPauses gcBefore = GcPauses.now();
        ThreadCpu cpuBefore = ThreadCpu.now();
        long loadedIn = Duration.ofNanos(System.nanoTime() - setUp).toSeconds();
        platform.clockStore().advance(Duration.between(clock.instant(), jumpTo.toInstant()));
        long jumpedAt = clock.millis();
        awaitSandbox(journal, warmUp + reminders, observer);
        String loadAfter = LoadAverage.now();
        String collections = GcPauses.now().since(gcBefore);
        String threads = ThreadCpu.now().since(cpuBefore, (clock.millis() - jumpedAt) / 1e3, 12);
        Map<String, Long> requested = observer.reminders(appointments);
        Map<String, Instant> received = new HashMap<>();
        List<SandboxMessage> messages = SandboxJournal.read(journal);
        for (SandboxMessage message : messages) {
          if (requested.containsKey(message.requestId())) {
            assertThat(received.put(message.requestId(), message.receivedAt()))
                .as("the sandbox took request %s twice", message.requestId()).isNull();
          }
        }
        assertThat(requested).hasSize(reminders);
        assertThat(received).hasSize(reminders);
        long lastRequest = requested.values().stream().mapToLong(Long::longValue).max().orElseThrow() - jumpedAt;
        long[] accepted = received.values().stream().mapToLong(at -> at.toEpochMilli() - jumpedAt).sorted()
            .toArray();
        long last = accepted[accepted.length - 1];
        report.add("| reminders | requests per tick | load average before → after | set-up (book, capture, plan) |"
            + " jump → last request | jump → half accepted | jump → last accepted | accepted per second |");
        report.add("|---:|---:|---|---:|---:|---:|---:|---:|");
        report.add(String.format("| %,d | %s | %s → %s | %d s | %.1f s | %.1f s | **%.1f s** | %,d |", reminders,
            System.getProperty("scheduler.plans.requests-per-tick", "250 (default)"), loadBefore, loadAfter,
            loadedIn, lastRequest / 1000.0, accepted[accepted.length / 2] / 1000.0, last / 1000.0,
            Math.round(reminders * 1000.0 / Math.max(1, last))));
        report.add("");
        report.add("sandbox messages in the journal: " + messages.size() + " (reminders of the measured burst among"
            + " them: " + received.size() + ")");
        report.add(String.format("warm-up before the measured jump: %,d reminders due two hours earlier, all accepted"
            + " %d s after their own jump", warmUp, warmUpSeconds));
        report.add("garbage collection from the jump to the last accepted (the whole JVM stops for each): "
            + collections);
        report.add("the JVM's threads from the jump to the last accepted, in cores used: " + threads);
      }
    }
    report.forEach(System.out::println);
    Path out = Path.of("target", "benchmark", "reminder-burst.md");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
  }

  /**
   * Books {@code count} appointments at Chillán in transactions of {@link #ROWS_PER_TRANSACTION} rows, each
   * patient (numbered from {@code first}) with a phone of their own and no e-mail; returns their ids.
   */
  private static Set<String> book(DataSource database, Clock clock, long site, LocalDateTime start, int first,
      int count) throws Exception {
    int professionals = (count + PER_PROFESSIONAL - 1) / PER_PROFESSIONAL;
    Timestamp now = Timestamp.from(clock.instant());
    Set<String> appointments = new HashSet<>(count * 2);
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      long[] professionalIds = insert(connection, professionals,
          "INSERT INTO his.profesional (titulo, nombres, apellido_paterno, especialidad) VALUES (?, ?, ?, ?)",
          (statement, n) -> {
            statement.setString(1, "Dr.");
            statement.setString(2, "Profesional");
            statement.setString(3, "Número" + (first + n));
            statement.setString(4, "Medicina Interna");
          });
      long[] patientIds = insert(connection, count,
          "INSERT INTO his.paciente (rut, nombres, apellido_paterno, telefono_movil, creado_en)"
              + " VALUES (?, ?, ?, ?, ?)",
          (statement, n) -> {
            statement.setString(1, Rut.of(40_000_000 + first + n).normalized());
            statement.setString(2, "Paciente");
            statement.setString(3, "Número" + (first + n));
            statement.setString(4, String.format("+56997%06d", first + n));
            statement.setTimestamp(5, now);
          });
      long[] ids = insert(connection, count,
          "INSERT INTO his.cita (paciente_id, profesional_id, sede_id, especialidad, fecha_hora, duracion_minutos,"
              + " tipo, estado, creada_en) VALUES (?, ?, ?, 'Medicina Interna', ?, 20, 'CONTROL', 'AGENDADA', ?)",
          (statement, n) -> {
            statement.setLong(1, patientIds[n]);
            statement.setLong(2, professionalIds[n / PER_PROFESSIONAL]);
            statement.setLong(3, site);
            statement.setObject(4, start.plusSeconds(6L * (n % PER_PROFESSIONAL)));
            statement.setTimestamp(5, now);
          });
      for (long id : ids) {
        appointments.add(Long.toString(id));
      }
    }
    return appointments;
  }

  private interface Row {
    void bind(PreparedStatement statement, int n) throws Exception;
  }

  /** Inserts {@code count} rows, committing every {@link #ROWS_PER_TRANSACTION}; returns their ids in order. */
  private static long[] insert(Connection connection, int count, String sql, Row row) throws Exception {
    long[] ids = new long[count];
    try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      for (int from = 0; from < count; from += ROWS_PER_TRANSACTION) {
        int to = Math.min(count, from + ROWS_PER_TRANSACTION);
        for (int n = from; n < to; n++) {
          row.bind(statement, n);
          statement.addBatch();
        }
        statement.executeBatch();
        try (ResultSet keys = statement.getGeneratedKeys()) {
          for (int n = from; keys.next(); n++) {
            ids[n] = keys.getLong(1);
          }
        }
        connection.commit();
      }
    }
    return ids;
  }

  /**
   * Until every appointment's view is on {@code appointments} and the scheduler's consumer groups have read
   * everything (at most a transaction marker left per partition), so that every plan is stored before the jump.
   */
  private static void awaitPlans(String bootstrap, BurstObserver observer, Set<String> appointments)
      throws Exception {
    long giveUp = System.nanoTime() + PATIENCE.toNanos();
    while (observer.views(appointments) < appointments.size()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("only " + observer.views(appointments) + " of " + appointments.size()
            + " appointment views within " + PATIENCE);
      }
      Thread.sleep(500);
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int settled = 0;
      while (settled < 3) {
        if (System.nanoTime() > giveUp) {
          throw new AssertionError("the scheduler did not catch up within " + PATIENCE);
        }
        Thread.sleep(1_000);
        settled = schedulerLag(admin) <= 0 ? settled + 1 : 0;
      }
    }
  }

  /** Records the scheduler's groups have not read, beyond one transaction marker per partition. */
  private static long schedulerLag(Admin admin) throws Exception {
    long lag = 0;
    for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
      if (!group.groupId().startsWith("scheduler")) {
        continue;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
          .partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
          .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      for (var entry : committed.entrySet()) {
        lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset() - 1);
      }
    }
    return lag;
  }

  /** Until the sandbox's journal holds {@code count} messages. */
  private static void awaitSandbox(Path journal, int count, BurstObserver observer) throws Exception {
    long giveUp = System.nanoTime() + PATIENCE.toNanos();
    JournalLines lines = new JournalLines(journal);
    while (lines.count() < count) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("the sandbox took " + lines.count() + " of " + count + " reminders within "
            + PATIENCE + "; requests seen " + observer.requestCount());
      }
      Thread.sleep(250);
    }
  }

  /**
   * Follows {@code appointments} (which views are there) and {@code contact.requests} (when each WhatsApp
   * reminder was first visible, platform clock) with a {@code read_committed} consumer from the topics' ends.
   */
  private static final class BurstObserver extends TopicFollower {

    private static final String VIEWS = Topics.APPOINTMENTS.name();
    private static final String REQUESTS = Topics.CONTACT_REQUESTS.name();

    private final Deserializer<ContactRequest> requests;
    private final Set<String> views = ConcurrentHashMap.newKeySet();
    private final Map<String, String> appointmentOfRequest = new ConcurrentHashMap<>();
    private final Map<String, Long> requestSeen = new ConcurrentHashMap<>();

    private BurstObserver(String bootstrapServers, String registryUrl, Clock clock) {
      super(bootstrapServers, clock, "burst-observer", List.of(VIEWS, REQUESTS));
      this.requests = new AvroSerdes(Map.of("schema.registry.url", registryUrl)).forValues(Topics.CONTACT_REQUESTS)
          .deserializer();
    }

    static BurstObserver start(String bootstrapServers, String registryUrl, Clock clock) {
      BurstObserver observer = new BurstObserver(bootstrapServers, registryUrl, clock);
      observer.startReading();
      return observer;
    }

    long views(Set<String> appointments) {
      return views.stream().filter(appointments::contains).count();
    }

    int requestCount() {
      return requestSeen.size();
    }

    /** Request id → when first seen, for the WhatsApp reminders of {@code appointments}. */
    Map<String, Long> reminders(Set<String> appointments) {
      return requestSeen.entrySet().stream().filter(e -> appointments.contains(appointmentOfRequest.get(e.getKey())))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    void note(ConsumerRecord<String, byte[]> record, long now) {
      if (record.value() == null) {
        return;
      }
      if (record.topic().equals(VIEWS)) {
        views.add(record.key());
        return;
      }
      ContactRequest request = requests.deserialize(record.topic(), record.value());
      if (request.getChannel() == Channel.WHATSAPP && "reminder".equals(request.getTemplate())
          && request.getCorrelation() != null) {
        appointmentOfRequest.putIfAbsent(request.getRequestId(), request.getCorrelation().getAppointmentId());
        requestSeen.putIfAbsent(request.getRequestId(), now);
      }
    }
  }
}
