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
import java.time.LocalDateTime;
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
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.privacy.testing.ClearCipher;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.contracts.his.AppointmentChange;
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
 * <p>Not part of the default build (it takes minutes); run it with
 * {@code ./mvnw -B -pl his-connector -am test -Dtest=CaptureBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbenchmark=true} ({@code -Dbenchmark.rows}, {@code -Dbenchmark.pairs}: 100,000 and 3). Results go to standard output and {@code his-connector/target/benchmark/capture.md}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class CaptureBenchmark {

  private static final int ROWS = Integer.getInteger("benchmark.rows", 100_000);
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
      createSlot(pass);
    }
    long insertStarted = System.nanoTime();
    insertAppointments(professionals);
    Duration insertTook = Duration.ofNanos(System.nanoTime() - insertStarted);

    double loadBefore = loadAverage();
    Map<String, Pass> results = new LinkedHashMap<>();
    String batching;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (String pass : passes) {
        results.put(pass, pass.startsWith("raw") ? raw(pass) : ours(pass, producer));
      }
      batching = batching(producer);
    }
    long connectorPasses = passes.stream().filter(pass -> pass.startsWith("ours")).count();
    assertThat(publishedAppointments()).as("events on Kafka after the connector passes")
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
    return ROWS / (pass.streaming().toNanos() / 1e9);
  }

  /** Rows per second of passes together, from the first record handled to the last. */
  private static double rate(List<Pass> passes) {
    long nanos = passes.stream().mapToLong(pass -> pass.streaming().toNanos()).sum();
    return (double) passes.size() * ROWS / (nanos / 1e9);
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
    return run(pass, noOp, progress);
  }

  private Pass ours(String pass, KafkaProducer<String, byte[]> producer) throws InterruptedException {
    CanonicalRows rows = new CanonicalRows(MAPPING);
    ChangeCapture capture = new ChangeCapture(rows, new KafkaChangeSink(producer, bed.serdes(), naming),
        new DeadLetters("his-connector", Clock.systemUTC(), naming, new SimpleMeterRegistry()), new ClearCipher(),
        new SimpleMeterRegistry());
    PublishingHandler handler = new PublishingHandler(new ChangeRecords(MAPPING, Clock.systemUTC()), capture);
    Progress progress = new Progress();
    CaptureEngine.Handler counting = (records, committer) -> {
      progress.batchStarted();
      handler.handleBatch(records, committer);
      // handleBatch returns once the broker acknowledged the batch.
      progress.batchDone(records.size());
    };
    return run(pass, counting, progress);
  }

  private Pass run(String pass, CaptureEngine.Handler handler, Progress progress) throws InterruptedException {
    CaptureEngine engine = engine(pass, "no_data", handler);
    long started = System.nanoTime();
    engine.start();
    long deadline = started + Duration.ofMinutes(10).toNanos();
    while (progress.rows() < ROWS && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    long done = System.nanoTime();
    long cpuDone = processCpuNanos();
    long gcDone = gcMillis();
    engine.stop();
    assertThat(progress.rows()).as(pass + " rows").isEqualTo(ROWS);
    return progress.pass(Duration.ofNanos(done - started), done, cpuDone, gcDone);
  }

  /** Starts an engine once so that its slot exists (at the current end of the WAL) before the rows are written. */
  private void createSlot(String pass) throws InterruptedException {
    CaptureEngine engine = engine(pass, "no_data", (records, committer) -> {
      for (var record : records) {
        committer.markProcessed(record);
      }
      committer.markBatchFinished();
    });
    engine.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (engine.state() != CaptureEngine.State.STREAMING && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    engine.stop();
  }

  private CaptureEngine engine(String pass, String snapshotMode, CaptureEngine.Handler handler) {
    String name = "bench-" + pass;
    DebeziumSettings settings = new DebeziumSettings(DebeziumSettings.POSTGRES, name,
        new DebeziumSettings.DatabaseAddress(bed.database().host(), bed.database().port(), bed.database().name(),
            bed.database().user(), bed.database().password()),
        bed.slotName() + "_" + pass.replace('-', '_'), "bench", "filtered", snapshotMode,
        List.of(HisEntity.APPOINTMENTS, HisEntity.WAITLIST), naming.name(Topics.HIS_CONNECTOR_OFFSETS),
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

  private long publishedAppointments() {
    String topic = naming.name(Topics.HIS_APPOINTMENTS);
    try (KafkaConsumer<String, AppointmentChange> consumer = new KafkaConsumer<>(SharedKafka.clientProperties(),
        new StringDeserializer(), bed.serdes().forValues(Topics.HIS_APPOINTMENTS).deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static String report(Duration insertTook, Map<String, Pass> results, double ratio, double loadBefore) {
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "%,d appointments inserted in %.1f s (%d transactions).%n%n", ROWS,
        insertTook.toMillis() / 1000.0, (ROWS + 999) / 1000));
    report.append("| pass | engine start to last row | first to last row | rows/s (first to last) | rows/s (steady)"
        + " | batches | in the handler (its CPU) | JVM CPU | GC pauses |\n");
    report.append("|---|---|---|---|---|---|---|---|---|\n");
    results.forEach((pass, result) -> report.append(String.format(Locale.ROOT,
        "| %s | %.2f s | %.2f s | %,.0f | %,.0f | %d | %.2f s (%.2f s) | %.2f s | %.2f s |%n", pass,
        seconds(result.total()), seconds(result.streaming()), rate(result), result.steadyRate(), result.batches(),
        seconds(result.handlerTime()), seconds(result.handlerCpu()), seconds(result.cpu()), seconds(result.gc()))));
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
    return passes.stream().mapToLong(pass -> cpu.apply(pass).toNanos()).sum() / 1e3 / passes.size() / ROWS;
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
      return new Pass(total, Duration.ofNanos(lastAt - firstAt), Duration.ofNanos(cpuAtLast - cpuAtFirst),
          Duration.ofMillis(gcAtLast - gcAtFirst), Duration.ofNanos(handlerCpu.get()),
          Duration.ofNanos(handlerTime.get()), done.size(), steadyRows,
          Duration.ofNanos(lastButOne[0] - first[0]));
    }
  }

  /**
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
  private record Pass(Duration total, Duration streaming, Duration cpu, Duration gc, Duration handlerCpu,
      Duration handlerTime, int batches, long steadyRows, Duration steady) {

    double steadyRate() {
      return steadyRows / (steady.toNanos() / 1e9);
    }
  }
}
