package org.contactability.platform.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.contactability.common.Rut;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.contactability.notifier.adapters.sandbox.SandboxJournal;
import org.contactability.notifier.adapters.sandbox.SandboxMessage;
import org.contactability.platform.EmbeddedPlatform;
import org.contactability.platform.PlatformOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Booking notice latency end to end on the embedded platform: bookings committed into {@code his.cita} for La
 * Serena at a steady rate, every WhatsApp booking notice read back from the sandbox's journal, and the time from
 * the row's {@code creada_en} to the sandbox's {@code receivedAt}, with the time each stage's record became
 * visible to a {@code read_committed} reader in between (change event, appointment view, contact request; the
 * QUEUED status after the sandbox took it). Every time is read from the platform's clock.
 *
 * <p>Run: {@code ./mvnw -B -pl platform -am verify -Pbenchmark -Dtest=BookingLatencyBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dbenchmark.runs=2x40,100x6000} sets the runs (rate per
 * second × bookings). The table goes to standard output and {@code platform/target/benchmark/booking-latency.md}.
 */
@Tag("benchmark")
class BookingLatencyBenchmark {

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final int PROFESSIONALS = 200;
  private static final Duration PATIENCE = Duration.parse(System.getProperty("benchmark.patience", "PT5M"));

  private record RunSpec(int perSecond, int bookings) {

    static List<RunSpec> parse(String text) {
      return Arrays.stream(text.split(",")).map(String::trim).map(run -> {
        String[] parts = run.split("x");
        return new RunSpec(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
      }).toList();
    }
  }

  @Test
  void booking_notices_reach_the_sandbox_and_each_stage_is_timed() throws Exception {
    List<RunSpec> runs = RunSpec.parse(System.getProperty("benchmark.runs", "2x40,100x6000"));
    RunSpec warmUp = new RunSpec(20, Integer.getInteger("benchmark.warmUp", 200));
    Path data = Path.of("target", "booking-latency-" + UUID.randomUUID()).toAbsolutePath();
    List<String> report = new ArrayList<>();
    List<String> perRun = new ArrayList<>();
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformOptions.ephemeral(data, true, true, false),
        Clock.systemUTC())) {
      Clock clock = platform.clockStore().clock();
      moveToDaytime(platform);
      DataSource database = OneConnection.of(platform.postgres().dataSource());
      ReferenceHis his = new ReferenceHis(database, clock);
      int patients = warmUp.bookings() + runs.stream().mapToInt(RunSpec::bookings).sum();
      Hospital hospital = new Hospital(his, database, clock, patients);
      try (StageObserver stages = StageObserver.start(platform.endpoints().kafkaBootstrap(),
          platform.endpoints().schemaRegistry(), clock)) {
        measure(his, hospital, stages, data, warmUp);
        report.add("| booking rate | bookings | load average before → after | commit → sandbox p50 | p99 | max |"
            + " stage | p50 | p99 | max |");
        report.add("|---|---|---|---|---|---|---|---|---|---|");
        for (RunSpec run : runs) {
          String loadBefore = LoadAverage.now();
          GcPauses gcBefore = GcPauses.now();
          ThreadCpu cpuBefore = ThreadCpu.now();
          long startedAt = System.nanoTime();
          Result result = measure(his, hospital, stages, data, run);
          report.addAll(result.rows(run, loadBefore, LoadAverage.now()));
          perRun.add(String.format("- garbage collection during %d/s (the whole JVM stops for each): %s",
              run.perSecond(), GcPauses.now().since(gcBefore)));
          perRun.add(String.format("- the JVM's threads during %d/s, in cores used: %s", run.perSecond(),
              ThreadCpu.now().since(cpuBefore, (System.nanoTime() - startedAt) / 1e9, 10)));
        }
      }
    }
    report.add("");
    report.addAll(perRun);
    report.forEach(System.out::println);
    Path out = Path.of("target", "benchmark", "booking-latency.md");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
    assertThat(report).hasSize(3 + runs.size() * (Result.STAGES.size() + 2));
  }

  /** Books {@code run.bookings()} appointments at {@code run.perSecond()} and waits for every notice. */
  private static Result measure(ReferenceHis his, Hospital hospital, StageObserver stages, Path data, RunSpec run)
      throws Exception {
    Path journal = data.resolve("sandbox").resolve("journal.jsonl");
    JournalLines lines = new JournalLines(journal);
    long before = lines.count();
    List<Long> appointments = new ArrayList<>(run.bookings());
    long interval = 1_000_000_000L / run.perSecond();
    long start = System.nanoTime();
    for (int i = 0; i < run.bookings(); i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      appointments.add(his.book(hospital.nextBooking()));
    }
    Map<String, Instant> received = new HashMap<>();
    long giveUp = System.nanoTime() + PATIENCE.toNanos();
    while (!appointments.stream().allMatch(id -> stages.requestOf(id) != null
        && received.containsKey(stages.requestOf(id)) && stages.queued(stages.requestOf(id)) != null)) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("not every booking notice reached the sandbox within " + PATIENCE + " ("
            + appointments.size() + " booked): " + stages.progress(appointments, received.keySet()));
      }
      Thread.sleep(200);
      // The whole journal is read only once it has a line for each booking: until then it cannot hold them all.
      if (lines.count() - before >= appointments.size()) {
        for (SandboxMessage message : SandboxJournal.read(journal)) {
          received.put(message.requestId(), message.receivedAt());
        }
      }
    }
    Map<Long, Instant> committed = hospital.bookedAt(appointments);
    Result result = new Result(new LinkedHashMap<>());
    for (long id : appointments) {
      String key = Long.toString(id);
      String request = stages.requestOf(id);
      long commit = committed.get(id).toEpochMilli();
      long change = stages.seen(StageObserver.CHANGES, key);
      long view = stages.seen(StageObserver.VIEWS, key);
      long requested = stages.seen(StageObserver.REQUESTS, key);
      long accepted = received.get(request).toEpochMilli();
      result.add("HIS commit → change event", change - commit);
      result.add("change event → appointment view", view - change);
      result.add("appointment view → contact request", requested - view);
      result.add("contact request → sandbox received", accepted - requested);
      result.add("sandbox received → QUEUED status visible", stages.queued(request) - accepted);
      result.add("**HIS commit → sandbox received**", accepted - commit);
    }
    return result;
  }

  /** Outside La Serena's quiet hours (21:00–08:00), so that the notices go at once. */
  private static void moveToDaytime(EmbeddedPlatform platform) {
    ZonedDateTime local = platform.clockStore().clock().instant().atZone(SANTIAGO);
    if (local.getHour() >= 9 && local.getHour() < 17) {
      return;
    }
    ZonedDateTime target = local.toLocalDate().atTime(LocalTime.of(9, 0)).atZone(SANTIAGO);
    if (!target.isAfter(local)) {
      target = target.plusDays(1);
    }
    platform.clockStore().advance(Duration.between(local, target));
  }

  /** La Serena's site, professionals and one patient (with a phone of their own) per booking, made up front. */
  private static final class Hospital {

    private final DataSource dataSource;
    private final long site;
    private final long[] professionals = new long[PROFESSIONALS];
    private final long[] patients;
    private final LocalDateTime firstSlot;
    private int booked;

    Hospital(ReferenceHis his, DataSource dataSource, Clock clock, int patientCount) {
      this.dataSource = dataSource;
      this.site = his.addSite(new NewSite("HLS", "CDT benchmark", "Av. Balmaceda 916", "La Serena"));
      for (int i = 0; i < PROFESSIONALS; i++) {
        professionals[i] = his.addProfessional(new NewProfessional(null, "Dr.", "Profesional", "Número" + i,
            "Prueba", "Cardiología"));
      }
      // Far enough ahead that no reminder falls due while the benchmark runs: only booking notices go.
      this.firstSlot = LocalDate.ofInstant(clock.instant(), SANTIAGO).plusDays(30).atTime(8, 0);
      this.patients = new long[patientCount];
      for (int n = 0; n < patientCount; n++) {
        patients[n] = his.addPatient(new NewPatient(Rut.of(30_000_000 + n), "Paciente", "Prueba", "Número" + n,
            null, String.format("+56996%06d", n), null));
      }
    }

    /** The next patient's booking, each in a slot of its own. */
    NewAppointment nextBooking() {
      int n = booked++;
      long patient = patients[n];
      LocalDateTime slot = firstSlot.plusMinutes(20L * (n / PROFESSIONALS));
      return new NewAppointment(patient, professionals[n % PROFESSIONALS], site, "Cardiología", slot, 20,
          TipoPrestacion.CONTROL, null);
    }

    /** {@code creada_en} of each appointment, as the HIS committed it. */
    Map<Long, Instant> bookedAt(List<Long> appointments) throws Exception {
      Map<Long, Instant> bookedAt = new HashMap<>();
      try (Connection connection = dataSource.getConnection();
          PreparedStatement select = connection.prepareStatement(
              "SELECT id, creada_en FROM his.cita WHERE id = ANY (?)")) {
        select.setArray(1, connection.createArrayOf("bigint", appointments.toArray()));
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            bookedAt.put(rows.getLong(1), rows.getTimestamp(2).toInstant());
          }
        }
      }
      return bookedAt;
    }
  }

  /** Latencies (ms) per stage, in the order the stages were first added. */
  private record Result(Map<String, List<Long>> byStage) {

    static final List<String> STAGES = List.of("HIS commit → change event", "change event → appointment view",
        "appointment view → contact request", "contact request → sandbox received",
        "sandbox received → QUEUED status visible", "**HIS commit → sandbox received**");

    void add(String stage, long millis) {
      byStage.computeIfAbsent(stage, s -> new ArrayList<>()).add(millis);
    }

    List<String> rows(RunSpec run, String loadBefore, String loadAfter) {
      List<Long> total = byStage.get(STAGES.get(STAGES.size() - 1));
      List<String> rows = new ArrayList<>();
      for (String stage : STAGES) {
        List<Long> values = byStage.get(stage);
        String head = rows.isEmpty()
            ? String.format("| %d /s | %,d | %s → %s | %d ms | %d ms | %d ms |", run.perSecond(), run.bookings(),
                loadBefore, loadAfter, percentile(total, 50), percentile(total, 99), percentile(total, 100))
            : "| | | | | | |";
        rows.add(String.format("%s %s | %d ms | %d ms | %d ms |", head, stage, percentile(values, 50),
            percentile(values, 99), percentile(values, 100)));
      }
      return rows;
    }

    static long percentile(List<Long> values, int p) {
      long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
      int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /**
   * One connection, opened once and kept: the platform's data source logs in anew (a SCRAM exchange and a new
   * server process) for every transaction, which a HIS's own pool would not do and which would pace the bookings.
   */
  private static final class OneConnection {

    static DataSource of(DataSource source) throws Exception {
      Connection connection = source.getConnection();
      Connection kept = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> method.getName().equals("close") ? null
              : invoke(connection, method, args));
      return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
          (proxy, method, args) -> method.getName().equals("getConnection") ? kept : invoke(source, method, args));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
