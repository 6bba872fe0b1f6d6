package org.contactability.hisconnector.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.common.Rut;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.testing.ClearCipher;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.hisconnector.adapters.debezium.CaptureEngine;
import org.contactability.hisconnector.adapters.debezium.ChangeRecords;
import org.contactability.hisconnector.adapters.debezium.DebeziumSettings;
import org.contactability.hisconnector.adapters.debezium.PublishingHandler;
import org.contactability.hisconnector.adapters.kafka.KafkaChangeSink;
import org.contactability.hisconnector.application.ChangeCapture;
import org.contactability.hisconnector.domain.mapping.CanonicalRows;
import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.hisconnector.domain.mapping.HisMapping;
import org.contactability.hisconnector.support.HisTestBed;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the capture: 100,000 appointments committed to the reference HIS, then read by
 * the same Debezium engine twice over, once with a handler that does nothing and once with the
 * connector's own handler (mapping, Avro, Kafka with acks=all, offsets only after the broker
 * acknowledged). Each pass reads the backlog from its own replication slot, so all read exactly
 * the same WAL. Two unmeasured warm-up passes (one of each) come first, so that the JIT and the
 * page cache favour neither; the measured pairs then alternate their order (raw, ours, ours, raw,
 * raw, ours), so that a drift of the machine's load favours neither. Besides rates, each pass
 * reports the JVM's CPU time and GC pauses (the broker runs in this JVM too), which vary less with
 * the load of a shared machine than rates do.
 *
 * <p>The cost of sealing ({@link #sealingPatientRows}): patients committed to the HIS, read the same way by the
 * connector's handler with patient data in clear, sealed under new patients' keys (a data key made, wrapped and
 * written to privacy.keys per patient: a patient's first row), and sealed under keys already made (their later
 * changes).
 *
 * <p>Not part of the default build (it takes minutes); run it with
 * {@code ./mvnw -B -pl his-connector -am test -Dtest=CaptureBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbenchmark=true} ({@code -Dbenchmark.rows}, {@code -Dbenchmark.patients}, {@code -Dbenchmark.pairs}: 100,000,
 * 20,000 and 3; {@code -Dtest=CaptureBenchmark#sealingPatientRows} for the sealing only). Results go to standard
 * output and {@code his-connector/target/benchmark/capture.md} and {@code sealing.md}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class CaptureBenchmark {

  private static final int ROWS = Integer.getInteger("benchmark.rows", 100_000);
  private static final int PATIENTS = Integer.getInteger("benchmark.patients", 20_000);
  private static final List<HisEntity> APPOINTMENT_TABLES = List.of(HisEntity.APPOINTMENTS, HisEntity.WAITLIST);
  private static final int PAIRS = Integer.getInteger("benchmark.pairs", 3);
  private static final int PROFESSIONALS = 50;
  private static final HisMapping MAPPING = HisMapping.reference();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final HisTestBed bed = HisTestBed.create(CaptureBenchmark.class);
  private final TopicNaming naming = bed.naming();
  private long patient;
  private long site;

  @Test
  void capturePublishesAtLeastEightyPercentOfTheRawEngineRate() throws Exception {
    new TopicProvisioner(SharedKafka.admin(), naming, (short) 1).provisionCatalogue();
    List<Long> professionals = setUpHis();

    List<String> passes = passes();
    for (String pass : passes) {
      createSlot(pass, APPOINTMENT_TABLES);
    }
    long insertStarted = System.nanoTime();
    insertAppointments(professionals);
    Duration insertTook = Duration.ofNanos(System.nanoTime() - insertStarted);

    double loadBefore = loadAverage();
    Map<String, Pass> results = new LinkedHashMap<>();
    String batching;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (String pass : passes) {
        results.put(pass, pass.startsWith("raw") ? raw(pass) : ours(pass, producer, new ClearCipher(), ROWS,
            APPOINTMENT_TABLES));
      }
      batching = batching(producer);
    }
    long connectorPasses = passes.stream().filter(pass -> pass.startsWith("ours")).count();
    assertThat(published(Topics.HIS_APPOINTMENTS)).as("events on Kafka after the connector passes")
        .isEqualTo(connectorPasses * ROWS);

    List<Pass> raws = measured(results, "raw");
    List<Pass> ours = measured(results, "ours");
    double ratio = rate(ours) / rate(raws);
    String report = report(insertTook, results, ratio, loadBefore) + batching;
    System.out.println(report);
    Path file = Path.of("target", "benchmark", "capture.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report);
    assertThat(ratio).as("our rate as a ratio of the raw engine's").isGreaterThanOrEqualTo(0.8);
  }

  /**
   * Patient rows read by the connector's handler three ways: in clear ({@link ClearCipher}); sealed under new keys
   * (a fresh key ring on a privacy.keys of its own per pass, so that each row makes, wraps and writes its patient's
   * data key, flushed before the batch's rows, as at a patient's first capture); and sealed under keys already made
   * (one ring whose keys the warm-up pass made, as for a known patient's later changes). A warm-up of each, then
   * {@code PAIRS} rounds whose order rotates. Reported, not asserted: there is no target for this cost.
   */
  @Test
  void sealingPatientRows() throws Exception {
    new TopicProvisioner(SharedKafka.admin(), naming, (short) 1).provisionCatalogue();
    List<String> passes = new ArrayList<>(List.of("clear-warmup", "new-warmup", "known-warmup"));
    for (int round = 1; round <= PAIRS; round++) {
      List<String> kinds = new ArrayList<>(List.of("clear", "new", "known"));
      Collections.rotate(kinds, round - 1);
      for (String kind : kinds) {
        passes.add(kind + "-" + round);
      }
    }
    for (String pass : passes) {
      createSlot(pass, List.of(HisEntity.PATIENTS));
    }
    long insertStarted = System.nanoTime();
    insertPatients();
    Duration insertTook = Duration.ofNanos(System.nanoTime() - insertStarted);

    double loadBefore = loadAverage();
    Map<String, Pass> results = new LinkedHashMap<>();
    Map<String, Integer> keysMade = new LinkedHashMap<>();
    try (KafkaProducer<String, byte[]> producer = producer();
        TestCiphers.Attached known = keyRing("known")) {
      for (String pass : passes) {
        if (pass.startsWith("new")) {
          try (TestCiphers.Attached fresh = keyRing(pass)) {
            results.put(pass, ours(pass, producer, fresh.cipher(), PATIENTS, List.of(HisEntity.PATIENTS)));
            keysMade.put(pass, fresh.ring().size());
          }
        } else {
          PatientDataCipher cipher = pass.startsWith("clear") ? new ClearCipher() : known.cipher();
          results.put(pass, ours(pass, producer, cipher, PATIENTS, List.of(HisEntity.PATIENTS)));
        }
      }
    }
    assertThat(published(Topics.HIS_PATIENTS)).as("patient events on Kafka").isEqualTo((long) passes.size() * PATIENTS);
    assertThat(keysMade.values()).as("a data key per patient in each new-key pass")
        .allSatisfy(keys -> assertThat(keys).isGreaterThanOrEqualTo(PATIENTS));

    StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
        "%,d patients inserted in %.1f s.%n%n", PATIENTS, insertTook.toMillis() / 1000.0));
    report.append(passTable(results));
    List<Pass> clear = measured(results, "clear");
    for (String kind : List.of("new", "known")) {
      List<Pass> sealed = measured(results, kind);
      report.append(String.format(Locale.ROOT, "%nSealed under %s keys: %,.0f rows/s against %,.0f in clear (ratio %.2f;"
          + " steady %,.0f against %,.0f: %.2f); CPU per row: whole JVM %.1f µs against %.1f µs, in the handler %.2f"
          + " µs against %.2f µs.%n", kind, rate(sealed), rate(clear),
          rate(sealed) / rate(clear), steadyRate(sealed), steadyRate(clear), steadyRate(sealed) / steadyRate(clear),
          cpuPerRow(sealed, Pass::cpu), cpuPerRow(clear, Pass::cpu), cpuPerRow(sealed, Pass::handlerCpu),
          cpuPerRow(clear, Pass::handlerCpu)));
    }
    report.append(String.format(Locale.ROOT, "Data keys made per new-key pass: %s.%n", keysMade));
    report.append(String.format(Locale.ROOT, "Load average: %.1f before the passes, %.1f after, on %d cores.%n",
        loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors()));
    System.out.println(report);
    Path file = Path.of("target", "benchmark", "sealing.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report.toString());
  }

  /** A key ring on a privacy.keys of its own ({@code name}), with a KEK file of its own. */
  private TestCiphers.Attached keyRing(String name) {
    TopicNaming keys = new TopicNaming(naming.prefix() + name + ".");
    new TopicProvisioner(SharedKafka.admin(), keys, (short) 1).provision(List.<TopicSpec<?>>of(Topics.PRIVACY_KEYS));
    return TestCiphers.onBroker(SharedKafka.bootstrapServers(), bed.registryUrl(), keys, TestCiphers.freshKek());
  }

  /**
   * A warm-up of each kind, then {@code PAIRS} measured pairs in alternating order (raw, ours,
   * ours, raw, raw, ours, ...), so that a drift of the machine's load or of the JIT favours
   * neither.
   */
  private static List<String> passes() {
    List<String> passes = new ArrayList<>(List.of("raw-warmup", "ours-warmup"));
    for (int pair = 1; pair <= PAIRS; pair++) {
      String raw = "raw-" + pair;
      String ours = "ours-" + pair;
      passes.addAll(pair % 2 == 1 ? List.of(raw, ours) : List.of(ours, raw));
    }
    return passes;
  }

  private static List<Pass> measured(Map<String, Pass> results, String kind) {
    List<Pass> passes = new ArrayList<>();
    for (int pair = 1; pair <= PAIRS; pair++) {
      passes.add(results.get(kind + "-" + pair));
    }
    return passes;
  }

  private static double rate(Pass pass) {
    return pass.rows() / (pass.streaming().toNanos() / 1e9);
  }

  /** Rows per second of passes together, from the first record handled to the last. */
  private static double rate(List<Pass> passes) {
    long nanos = passes.stream().mapToLong(pass -> pass.streaming().toNanos()).sum();
    return passes.stream().mapToLong(Pass::rows).sum() / (nanos / 1e9);
  }

  private Pass raw(String pass) throws InterruptedException {
    Progress progress = new Progress();
    CaptureEngine.Handler noOp = (records, committer) -> {
      progress.batchStarted();
      for (var record : records) {
        committer.markProcessed(record);
      }
      committer.markBatchFinished();
      progress.batchDone(records.size());
    };
    return run(pass, noOp, progress, ROWS, APPOINTMENT_TABLES);
  }

  /** The connector's handler, sealing patient data with {@code cipher}, over {@code rows} rows of {@code tables}. */
  private Pass ours(String pass, KafkaProducer<String, byte[]> producer, PatientDataCipher cipher, int rows,
      List<HisEntity> tables) throws InterruptedException {
    ChangeCapture capture = new ChangeCapture(new CanonicalRows(MAPPING),
        new KafkaChangeSink(producer, bed.serdes(), naming),
        new DeadLetters("his-connector", Clock.systemUTC(), naming, new SimpleMeterRegistry()), cipher,
        new SimpleMeterRegistry());
    PublishingHandler handler = new PublishingHandler(new ChangeRecords(MAPPING, Clock.systemUTC()), capture);
    Progress progress = new Progress();
    CaptureEngine.Handler counting = (records, committer) -> {
      progress.batchStarted();
      handler.handleBatch(records, committer);
      // handleBatch returns once the broker acknowledged the batch.
      progress.batchDone(records.size());
    };
    return run(pass, counting, progress, rows, tables);
  }

  private Pass run(String pass, CaptureEngine.Handler handler, Progress progress, int rows, List<HisEntity> tables)
      throws InterruptedException {
    CaptureEngine engine = engine(pass, "no_data", handler, tables);
    long started = System.nanoTime();
    engine.start();
    long deadline = started + Duration.ofMinutes(10).toNanos();
    while (progress.rows() < rows && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    long done = System.nanoTime();
    long cpuDone = processCpuNanos();
    long gcDone = gcMillis();
    engine.stop();
    assertThat(progress.rows()).as(pass + " rows").isEqualTo(rows);
    return progress.pass(Duration.ofNanos(done - started), done, cpuDone, gcDone);
  }

  /** Starts an engine once so that its slot exists (at the current end of the WAL) before the rows are written. */
  private void createSlot(String pass, List<HisEntity> tables) throws InterruptedException {
    CaptureEngine engine = engine(pass, "no_data", (records, committer) -> {
      for (var record : records) {
        committer.markProcessed(record);
      }
      committer.markBatchFinished();
    }, tables);
    engine.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (engine.state() != CaptureEngine.State.STREAMING && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    engine.stop();
  }

  private CaptureEngine engine(String pass, String snapshotMode, CaptureEngine.Handler handler,
      List<HisEntity> tables) {
    String name = "bench-" + pass;
    DebeziumSettings settings = new DebeziumSettings(DebeziumSettings.POSTGRES, name,
        new DebeziumSettings.DatabaseAddress(bed.database().host(), bed.database().port(), bed.database().name(),
            bed.database().user(), bed.database().password()),
        bed.slotName() + "_" + pass.replace('-', '_'), "bench", "filtered", snapshotMode,
        tables, naming.name(Topics.HIS_CONNECTOR_OFFSETS),
        Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), (short) 1, 1000, 0, Map.of());
    return new CaptureEngine(name, settings.properties(MAPPING), handler,
        IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(2)));
  }

  private List<Long> setUpHis() {
    ReferenceHis his = bed.his(Clock.systemUTC());
    List<Long> professionals = new ArrayList<>();
    HisTestBed.People people = HisTestBed.addPeople(his, 14_000_000);
    professionals.add(people.professionalId());
    for (int i = 1; i < PROFESSIONALS; i++) {
      professionals.add(his.addProfessional(new NewProfessional(
          null, "Dr.", "Profesional " + i, "Apellido", null, "Medicina Interna")));
    }
    patient = people.patientId();
    site = people.siteId();
    return professionals;
  }

  /** {@code PATIENTS} patients in transactions of 1,000, each with a RUT, names, birth date, mobile and e-mail. */
  private void insertPatients() throws Exception {
    try (Connection connection = bed.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO his.paciente (rut, nombres,"
            + " apellido_paterno, apellido_materno, fecha_nacimiento, telefono_movil, email, creado_en)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, now())")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < PATIENTS; i++) {
        insert.setString(1, Rut.of(20_000_000 + i).normalized());
        insert.setString(2, "María José " + i);
        insert.setString(3, "González");
        insert.setString(4, "Muñoz");
        insert.setObject(5, LocalDate.of(1940, 1, 1).plusDays(i % 25_000));
        insert.setString(6, String.format(Locale.ROOT, "+569%08d", 10_000_000 + i));
        insert.setString(7, "paciente" + i + "@example.com");
        insert.addBatch();
        if ((i + 1) % 1000 == 0) {
          insert.executeBatch();
          connection.commit();
        }
      }
      insert.executeBatch();
      connection.commit();
    }
  }

  /** 100 transactions of 1,000 rows, as a bulk load would commit them. */
  private void insertAppointments(List<Long> professionals) throws Exception {
    LocalDateTime start = LocalDateTime.of(2026, 1, 5, 8, 0);
    try (Connection connection = bed.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO his.cita (paciente_id, profesional_id,"
            + " sede_id, especialidad, fecha_hora, tipo) VALUES (?, ?, ?, 'Medicina Interna', ?, ?)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < ROWS; i++) {
        insert.setLong(1, patient);
        insert.setLong(2, professionals.get(i % professionals.size()));
        insert.setLong(3, site);
        insert.setObject(4, start.plusMinutes(20L * (i / professionals.size())));
        insert.setString(5, i % 3 == 0 ? "CONTROL" : "CONSULTA_NUEVA");
        insert.addBatch();
        if ((i + 1) % 1000 == 0) {
          insert.executeBatch();
          connection.commit();
        }
      }
      insert.executeBatch();
      connection.commit();
    }
  }

  /** The connector's capture producer, with its own settings. */
  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(KafkaChangeSink.producerSettings(SharedKafka.clientProperties()), new StringSerializer(),
        new ByteArraySerializer());
  }

  /** How the producer batched, over all connector passes. */
  private static String batching(KafkaProducer<String, byte[]> producer) {
    Map<String, Double> metrics = new HashMap<>();
    producer.metrics().forEach((name, metric) -> {
      if (name.group().equals("producer-metrics") && metric.metricValue() instanceof Double value) {
        metrics.put(name.name(), value);
      }
    });
    return String.format(Locale.ROOT, "Producer: %.0f records per request, batches of %,.0f bytes on average"
        + " (compressed to %.0f%%).%n", metrics.get("records-per-request-avg"), metrics.get("batch-size-avg"),
        100 * metrics.get("compression-rate-avg"));
  }

  private long published(TopicSpec<?> spec) {
    String topic = naming.name(spec);
    try (KafkaConsumer<String, ?> consumer = new KafkaConsumer<>(SharedKafka.clientProperties(),
        new StringDeserializer(), bed.serdes().forValues(spec).deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static String report(Duration insertTook, Map<String, Pass> results, double ratio, double loadBefore) {
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "%,d appointments inserted in %.1f s (%d transactions).%n%n", ROWS,
        insertTook.toMillis() / 1000.0, (ROWS + 999) / 1000));
    report.append(passTable(results));
    List<Pass> raws = measured(results, "raw");
    List<Pass> ours = measured(results, "ours");
    List<Double> pairRatios = new ArrayList<>();
    List<Double> steadyPairRatios = new ArrayList<>();
    for (int pair = 0; pair < PAIRS; pair++) {
      pairRatios.add(rate(ours.get(pair)) / rate(raws.get(pair)));
      steadyPairRatios.add(ours.get(pair).steadyRate() / raws.get(pair).steadyRate());
    }
    report.append(String.format(Locale.ROOT, "%nMeasured passes together: raw engine (no-op handler) %,.0f rows/s,"
        + " his-connector (map, Avro, Kafka acks=all) %,.0f rows/s, ratio %.2f (asserted >= 0.8).%n", rate(raws),
        rate(ours), ratio));
    report.append(String.format(Locale.ROOT, "Ratio of each pair, first to last: %s, median %.2f;"
        + " steady: %s, median %.2f (together %.2f).%n", formatted(pairRatios), median(pairRatios),
        formatted(steadyPairRatios), median(steadyPairRatios), steadyRate(ours) / steadyRate(raws)));
    report.append(String.format(Locale.ROOT, "CPU per row: whole JVM raw %.1f µs, his-connector %.1f µs;"
        + " in the handler raw %.2f µs, his-connector %.2f µs.%n", cpuPerRow(raws, Pass::cpu), cpuPerRow(ours, Pass::cpu),
        cpuPerRow(raws, Pass::handlerCpu), cpuPerRow(ours, Pass::handlerCpu)));
    report.append(String.format(Locale.ROOT, "Load average: %.1f before the passes, %.1f after, on %d cores.%n",
        loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors()));
    return report.toString();
  }

  private static String passTable(Map<String, Pass> results) {
    StringBuilder table = new StringBuilder("| pass | engine start to last row | first to last row | rows/s (first to"
        + " last) | rows/s (steady) | batches | in the handler (its CPU) | JVM CPU | GC pauses |\n");
    table.append("|---|---|---|---|---|---|---|---|---|\n");
    results.forEach((pass, result) -> table.append(String.format(Locale.ROOT,
        "| %s | %.2f s | %.2f s | %,.0f | %,.0f | %d | %.2f s (%.2f s) | %.2f s | %.2f s |%n", pass,
        seconds(result.total()), seconds(result.streaming()), rate(result), result.steadyRate(), result.batches(),
        seconds(result.handlerTime()), seconds(result.handlerCpu()), seconds(result.cpu()), seconds(result.gc()))));
    return table.toString();
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static double steadyRate(List<Pass> passes) {
    return passes.stream().mapToLong(Pass::steadyRows).sum()
        / (passes.stream().mapToLong(pass -> pass.steady().toNanos()).sum() / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static List<String> formatted(List<Double> ratios) {
    return ratios.stream().map(ratio -> String.format(Locale.ROOT, "%.2f", ratio)).toList();
  }

  private static double cpuPerRow(List<Pass> passes, Function<Pass, Duration> cpu) {
    return passes.stream().mapToLong(pass -> cpu.apply(pass).toNanos()).sum() / 1e3
        / passes.stream().mapToLong(Pass::rows).sum();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  /**
   * What a handler did in one pass: when the first batch reached it (with the JVM's CPU and GC time
   * then) and when each batch was done (for the raw handler: marked processed; for ours:
   * acknowledged by the broker, then marked processed). Written by the engine's thread.
   */
  private static final class Progress {

    private final List<long[]> done = new CopyOnWriteArrayList<>();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong handlerCpu = new AtomicLong();
    private final AtomicLong handlerTime = new AtomicLong();
    private long batchCpu;
    private long batchAt;
    private volatile long firstAt;
    private long cpuAtFirst;
    private long gcAtFirst;

    void batchStarted() {
      batchCpu = THREADS.getCurrentThreadCpuTime();
      batchAt = System.nanoTime();
      if (firstAt == 0) {
        cpuAtFirst = processCpuNanos();
        gcAtFirst = gcMillis();
        firstAt = System.nanoTime();
      }
    }

    void batchDone(int size) {
      handlerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - batchCpu);
      long now = System.nanoTime();
      handlerTime.addAndGet(now - batchAt);
      done.add(new long[] {now, size});
      rows.addAndGet(size);
    }

    long rows() {
      return rows.get();
    }

    /**
     * The steady part of the pass runs from the end of the first batch to the end of the last but
     * one: the engine hands over a batch when it holds {@code max.batch.size} records or when
     * {@code poll.interval.ms} (500 ms) has passed, so the last, partial batch waits out that
     * interval whatever the handler does, which would add the same idle time to both kinds of pass.
     */
    Pass pass(Duration total, long lastAt, long cpuAtLast, long gcAtLast) {
      long[] first = done.get(0);
      long[] lastButOne = done.get(Math.max(0, done.size() - 2));
      long steadyRows = done.subList(1, Math.max(1, done.size() - 1)).stream().mapToLong(batch -> batch[1]).sum();
      return new Pass(rows.get(), total, Duration.ofNanos(lastAt - firstAt), Duration.ofNanos(cpuAtLast - cpuAtFirst),
          Duration.ofMillis(gcAtLast - gcAtFirst), Duration.ofNanos(handlerCpu.get()),
          Duration.ofNanos(handlerTime.get()), done.size(), steadyRows,
          Duration.ofNanos(lastButOne[0] - first[0]));
    }
  }

  /**
   * @param rows      rows handled
   * @param total     engine start to last row
   * @param streaming first record handled to last row
   * @param cpu       CPU time of the whole JVM (engine, handler, broker, GC) from first record to last
   * @param gc        time the JVM spent collecting garbage in that span
   * @param handlerCpu CPU time of the engine's thread inside the handler
   * @param handlerTime time the engine's thread spent inside the handler (CPU and waiting for the broker)
   * @param batches   Debezium batches handed to the handler
   * @param steadyRows rows of the batches between the first and the last
   * @param steady    from the end of the first batch to the end of the last but one
   */
  private record Pass(long rows, Duration total, Duration streaming, Duration cpu, Duration gc, Duration handlerCpu,
      Duration handlerTime, int batches, long steadyRows, Duration steady) {

    double steadyRate() {
      return steadyRows / (steady.toNanos() / 1e9);
    }
  }
}
