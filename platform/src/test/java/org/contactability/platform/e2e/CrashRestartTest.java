package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contactability.common.Rut;
import org.contactability.common.time.WallClock;
import org.contactability.embedded.PostgresDatabase;
import org.contactability.his.reference.EstadoCita;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.contactability.notifier.adapters.sandbox.SandboxJournal;
import org.contactability.notifier.adapters.sandbox.SandboxMessage;
import org.contactability.platform.PlatformOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform is killed with {@code kill -9} at random moments during a booking burst, a reminder burst and
 * an answer burst, and started again on the same data directory each time. Counted from the outside: the
 * sandbox's journal (what the provider received) and the HIS (its rows, and every write the HIS took,
 * recorded by a trigger the test puts on {@code his.cita}). Each appointment gets exactly one booking notice,
 * one reminder and one answer to its confirmation; each answer makes one decision and one writeback.
 *
 * <p>The bursts are slowed so that the kills fall inside them, with sends in flight: the sandbox answers every
 * WhatsApp call {@link #SEND_DELAY} late (its own {@code delay} fault), and the patients tap one answer per
 * {@link #TAP_PACE}. Each burst's kill points are drawn up front, as counts of its progress. The fault is given as
 * configuration ({@code notifier.sandbox.faults[0].*}), not through {@code /api/sandbox/faults}: faults added at
 * run time live in the notifier's memory, and one added again once the restarted platform is healthy comes too
 * late, because the notifier sends the rest of a burst of 20 while the platform is still starting.
 *
 * <p>{@code -Dcrash.appointments=} (default 20), {@code -Dcrash.kills=} (default 3, spread over the three
 * bursts), {@code -Dcrash.seed=} (default: a new one, printed) replays the random kill points.
 */
class CrashRestartTest {

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final int APPOINTMENTS = Integer.getInteger("crash.appointments", 20);
  private static final int KILLS = Integer.getInteger("crash.kills", 3);
  private static final long SEED = Long.getLong("crash.seed", new Random().nextLong());
  /** Time for the last messages of a burst of {@link #APPOINTMENTS} after the last restart. */
  private static final Duration DELIVERY_PATIENCE = Duration.ofMinutes(3).plusSeconds(APPOINTMENTS);
  /** How long to watch for a late copy after a burst seems complete. */
  private static final Duration SETTLE = Duration.ofSeconds(10);
  /**
   * How late the sandbox answers each WhatsApp call during the bursts. The notifier sends WhatsApp on
   * {@link #WHATSAPP_THREADS} threads, so a burst of n messages lasts about n / 8 rounds of this delay while the
   * platform is up: 20 appointments about 6 s (3 rounds), 200 about 56 s (4 batches of 50, 7 rounds each). The
   * restarts barely eat into it: nothing is sent while the platform is down, and the delay holds from the first
   * moment of each start (the notifier sends, slowed, before the whole platform is healthy), so the kill points
   * (drawn up front, below) fall while the burst goes, however many kills a burst has and however long their
   * restarts take. Within any window shorter than the delay each thread finishes at
   * most one message, which bounds how far a burst moves between the test seeing a kill point and the kill.
   */
  private static final Duration SEND_DELAY = Duration.ofSeconds(2);
  /**
   * The sends in flight at once, set as {@code notifier.channels.whatsapp.threads}: WhatsApp through Twilio's 8, not
   * the sandbox's own 32, with which a burst of 20 would go in one round and no kill could fall inside it.
   */
  private static final int WHATSAPP_THREADS = 8;
  /** The patients answer at the pace the replies go out, so the answer burst moves as the others do. */
  private static final Duration TAP_PACE = SEND_DELAY.dividedBy(WHATSAPP_THREADS);
  /**
   * The most a burst moves between the last look that found its kill point not reached and the kill (polling,
   * reading the journal and the random wait, all within {@link #SEND_DELAY}): at most one message per sending
   * thread, or one tap per {@link #TAP_PACE}. Kill points stay this far below the burst's end, so every kill falls
   * inside its burst by construction, not by luck.
   */
  private static final int MOST_MOVED_BEFORE_A_KILL = WHATSAPP_THREADS;

  private static PlatformProcess platform;
  private static ReferenceHis his;
  private static DataSource hisData;
  private static final List<Duration> restarts = new ArrayList<>();
  private static final List<String> kills = new ArrayList<>();
  private final Random random = new Random(SEED);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private String token;

  @BeforeAll
  static void start() {
    platform = PlatformProcess.on(Path.of("target", "crash-" + UUID.randomUUID()).toAbsolutePath())
        .withSystemProperty("notifier.sandbox.faults[0].kind", "DELAY")
        .withSystemProperty("notifier.sandbox.faults[0].channel", "whatsapp")
        .withSystemProperty("notifier.sandbox.faults[0].delay", SEND_DELAY.toMillis() + "ms")
        .withSystemProperty("notifier.channels.whatsapp.threads", Integer.toString(WHATSAPP_THREADS));
    say("seed " + SEED + " (-Dcrash.seed=" + SEED + " replays it), " + APPOINTMENTS + " appointments, " + KILLS
        + " kills");
    Duration first = platform.startAndAwaitHealthy();
    say("first start healthy in " + first.toMillis() + " ms");
    hisData = new PostgresDatabase("localhost", platform.postgresPort(), PlatformOptions.HIS_DATABASE,
        PlatformOptions.HIS_USER, PlatformOptions.HIS_PASSWORD).dataSource();
    his = new ReferenceHis(hisData, WallClock.utc());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void kills_during_booking_reminder_and_answer_bursts_lose_nothing_and_send_nothing_twice() throws Exception {
    HisWrites hisWrites = HisWrites.record(hisData, "crash_audit");
    LocalDate day = moveClockToNextDayAt(LocalTime.of(11, 0));
    long site = his.addSite(new NewSite("HLS", "CDT crash", "Av. Balmaceda 916", "La Serena"));
    Map<String, Long> appointmentByPhone = new TreeMap<>();
    LocalDateTime start = day.plusDays(3).atTime(10, 0);
    int killsPerBurst = KILLS / 3;

    long[] patients = new long[APPOINTMENTS];
    long[] doctors = new long[APPOINTMENTS];
    for (int i = 0; i < APPOINTMENTS; i++) {
      patients[i] = his.addPatient(new NewPatient(Rut.of(30_000_000 + i), "Paciente", "Prueba", "Caída", null,
          phone(i), null));
      doctors[i] = his.addProfessional(new NewProfessional(null, "Dr.", "Médico", "Número", Integer.toString(i),
          "Cardiología"));
    }
    // The bookings last: the burst of notices starts with them, and the kills fall while it goes.
    for (int i = 0; i < APPOINTMENTS; i++) {
      appointmentByPhone.put(phone(i), his.book(new NewAppointment(patients[i], doctors[i], site, "Cardiología",
          start, 20, TipoPrestacion.CONTROL, null)));
    }
    killDuring("booking-notice", killsPerBurst + (KILLS % 3 > 0 ? 1 : 0), () -> count("booking-notice"));
    awaitEveryOnce("booking-notice", appointmentByPhone.keySet());

    advanceClockTo(start.minusHours(15).plusSeconds(30).atZone(SANTIAGO).toInstant());
    killDuring("reminder", killsPerBurst + (KILLS % 3 > 1 ? 1 : 0), () -> count("reminder"));
    awaitEveryOnce("reminder", appointmentByPhone.keySet());

    AtomicInteger answered = new AtomicInteger();
    Thread tapping = new Thread(() -> answerEveryReminder(answered), "patients");
    tapping.start();
    killDuring("answers", killsPerBurst, answered::get);
    tapping.join(DELIVERY_PATIENCE.toMillis());
    assertThat(answered.get()).as("every answer taken by the webhook").isEqualTo(APPOINTMENTS);
    // The last kill is behind: the provider answers at once again before the final counts.
    HttpResponse<String> removed = callConsole("DELETE", "api/sandbox/faults", HttpRequest.BodyPublishers.noBody());
    assertThat(removed.statusCode()).as("the delay removed: " + removed.body()).isEqualTo(204);
    awaitHis(appointmentByPhone.size());
    awaitEveryOnce("confirmation-answer", appointmentByPhone.keySet());

    List<SandboxMessage> journal = SandboxJournal.read(platform.journal());
    say(kills.size() + " kills " + kills + "; restarts healthy in "
        + restarts.stream().map(d -> d.toMillis() / 100 / 10.0 + " s").toList() + "; journal " + journal.size()
        + " messages (seed " + SEED + ")");
    for (String template : List.of("booking-notice", "reminder", "confirmation-answer")) {
      HisWrites.assertOncePerPhone(journal, template, appointmentByPhone.keySet(), "seed " + SEED);
    }
    assertThat(journal.stream().collect(Collectors.groupingBy(SandboxMessage::requestId, Collectors.counting())))
        .as("one message per request at the provider").allSatisfy((request, n) -> assertThat(n).isEqualTo(1L));
    assertThat(journal).as("nothing fell back to another channel").allMatch(m -> m.channel().equals("whatsapp"));

    Map<Long, List<String>> commands = hisWrites.commandsPerAppointment();
    Map<Long, Long> writes = hisWrites.perAppointment();
    for (long appointment : appointmentByPhone.values()) {
      assertThat(commands.get(appointment)).as("decisions written back for appointment " + appointment
          + " (seed " + SEED + ")").containsExactly("SetAppointmentStatus:APPLIED");
      assertThat(writes.get(appointment)).as("writes the HIS took for appointment " + appointment).isEqualTo(1L);
      assertThat(his.findAppointment(appointment).orElseThrow().status()).isEqualTo(EstadoCita.CONFIRMADA);
    }
    assertThat(kills).hasSize(KILLS);
  }

  /**
   * Kills the platform {@code times} times while a burst runs, at kill points drawn up front: distinct random
   * counts of what {@code progress} counts, from 1 to {@link #MOST_MOVED_BEFORE_A_KILL} below
   * {@link #APPOINTMENTS}, in order; each kill waits for its point, then up to a quarter of {@link #SEND_DELAY}
   * more (a random moment of the sends in flight). The platform is started again on the same data. A point already
   * passed after a restart is killed at once; every other kill must fall inside the burst.
   */
  private void killDuring(String burst, int times, IntSupplier progress) throws Exception {
    int highest = APPOINTMENTS - MOST_MOVED_BEFORE_A_KILL;
    assertThat(highest).as("kill points of the " + burst + " burst").isGreaterThanOrEqualTo(times);
    int[] points = random.ints(1, highest + 1).distinct().limit(times).sorted().toArray();
    for (int point : points) {
      // Passed by the previous kill's last moves or during the restart (the notifier sends, slowed, before the
      // whole platform is healthy, which the test does not pace); the first point of a burst follows no restart.
      boolean alreadyPassed = point != points[0] && progress.getAsInt() >= point;
      long jitter = random.nextLong(SEND_DELAY.toMillis() / 4);
      long deadline = System.nanoTime() + DELIVERY_PATIENCE.toNanos();
      while (progress.getAsInt() < point && System.nanoTime() < deadline) {
        PlatformProcess.sleep(Duration.ofMillis(50));
      }
      PlatformProcess.sleep(Duration.ofMillis(jitter));
      long killed = System.nanoTime();
      platform.kill();
      int done = progress.getAsInt();
      String moment = burst + " at " + done + "/" + APPOINTMENTS + " (point " + point
          + (alreadyPassed ? ", already passed" : "") + ")";
      kills.add(moment);
      platform.startAndAwaitHealthy();
      Duration restart = Duration.ofNanos(System.nanoTime() - killed);
      restarts.add(restart);
      token = null;
      say("killed during " + moment + ", healthy again in " + restart.toMillis() + " ms, progress then "
          + progress.getAsInt());
      if (!alreadyPassed) {
        assertThat(done).as("the kill during " + moment + " fell inside its burst").isLessThan(APPOINTMENTS);
      }
    }
  }

  /**
   * Every patient taps "Confirmo" on their reminder, posted as Twilio posts it: signed, and posted again with
   * the same MessageSid until the webhook answers 200 (the platform may be down); one in five is delivered
   * twice, as Twilio does when an answer is late. One patient taps per {@link #TAP_PACE}.
   */
  private void answerEveryReminder(AtomicInteger answered) {
    Random redelivery = new Random(SEED + 1);
    for (SandboxMessage reminder : latestPerPhone("reminder")) {
      Map<String, String> tap = TwilioTaps.confirm(reminder);
      postUntilTaken(tap);
      if (redelivery.nextInt(5) == 0) {
        postUntilTaken(tap);
      }
      answered.incrementAndGet();
      PlatformProcess.sleep(TAP_PACE);
    }
  }

  private void postUntilTaken(Map<String, String> parameters) {
    String url = "http://localhost:" + platform.responsePort() + "/twilio/inbound";
    HttpRequest tap = TwilioTaps.post(url, url, parameters);
    long deadline = System.nanoTime() + DELIVERY_PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(tap, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // the platform is down or restarting: Twilio tries again later
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      PlatformProcess.sleep(Duration.ofMillis(500));
    }
    throw new AssertionError("the webhook never took an answer");
  }

  private int count(String template) {
    return (int) SandboxJournal.read(platform.journal()).stream().filter(m -> template.equals(m.template()))
        .map(SandboxMessage::to).distinct().count();
  }

  /**
   * Waits until every phone received {@code template}, watches a little longer for a late copy, and checks
   * that each received it exactly once: a burst is judged as soon as it is over, so a long run that is
   * stopped midway still tells about the bursts it completed.
   */
  private void awaitEveryOnce(String template, Set<String> phones) {
    long deadline = System.nanoTime() + DELIVERY_PATIENCE.toNanos();
    while (count(template) < APPOINTMENTS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + count(template) + " of " + APPOINTMENTS + " " + template
            + " reached the provider within " + DELIVERY_PATIENCE + " (seed " + SEED + ", kills " + kills + ")");
      }
      PlatformProcess.sleep(Duration.ofMillis(500));
    }
    PlatformProcess.sleep(SETTLE);
    HisWrites.assertOncePerPhone(SandboxJournal.read(platform.journal()), template, phones, "seed " + SEED);
    say("every " + template + " reached the provider once, after kills " + kills);
  }

  private static String phone(int patient) {
    return String.format("+56996%06d", patient);
  }

  /** Prints a line of the run, and keeps it in {@code crash-test.log} in the data directory while the run goes on. */
  private static void say(String line) {
    System.out.println("CrashRestartTest: " + line);
    try {
      Files.createDirectories(platform.data());
      Files.writeString(platform.data().resolve("crash-test.log"), line + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("could not keep the line in crash-test.log: " + e);
    }
  }

  private void awaitHis(int appointments) throws SQLException {
    long deadline = System.nanoTime() + DELIVERY_PATIENCE.toNanos();
    while (confirmedInHis() < appointments) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + confirmedInHis() + " of " + appointments + " confirmations written back"
            + " (seed " + SEED + ")");
      }
      PlatformProcess.sleep(Duration.ofMillis(500));
    }
  }

  private List<SandboxMessage> latestPerPhone(String template) {
    Map<String, SandboxMessage> latest = new HashMap<>();
    SandboxJournal.read(platform.journal()).stream().filter(m -> template.equals(m.template()))
        .forEach(m -> latest.put(m.to(), m));
    return latest.values().stream().sorted(Comparator.comparing(SandboxMessage::to)).toList();
  }

  private static int confirmedInHis() throws SQLException {
    try (Connection connection = hisData.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM his.cita WHERE estado = 'CONFIRMADA'")) {
      row.next();
      return row.getInt(1);
    }
  }

  /** Moves the platform's clock to the next day at {@code time} in Santiago; that day. */
  private LocalDate moveClockToNextDayAt(LocalTime time) throws Exception {
    Instant now = Instant.parse(console("GET", "api/clock").path("now").asText());
    LocalDate day = LocalDate.ofInstant(now, SANTIAGO).plusDays(1);
    advanceClockTo(day.atTime(time).atZone(SANTIAGO).toInstant());
    return day;
  }

  private void advanceClockTo(Instant instant) throws Exception {
    Instant now = Instant.parse(console("GET", "api/clock").path("now").asText());
    console("POST", "api/clock/advance?by=" + URLEncoder.encode(Duration.between(now, instant).toString(),
        StandardCharsets.UTF_8));
  }

  private JsonNode console(String method, String path) throws Exception {
    HttpResponse<String> answer = callConsole(method, path, HttpRequest.BodyPublishers.noBody());
    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(200);
    return json.readTree(answer.body());
  }

  private HttpResponse<String> callConsole(String method, String path, HttpRequest.BodyPublisher body)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(platform.console() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + administratorToken()).header("Content-Type", "application/json")
        .method(method, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The administrator script's token from the embedded identity provider (its key is new at every start). */
  private String administratorToken() throws Exception {
    if (token == null) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(platform.identityProvider()
              + "/oauth2/token"))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              "admin-script:admin-secret".getBytes(StandardCharsets.UTF_8)))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("token: " + answer.body()).isEqualTo(200);
      token = json.readTree(answer.body()).path("access_token").asText();
    }
    return token;
  }
}
