package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.contactability.platform.cluster.ClusterLayout;
import org.contactability.platform.cluster.Descriptors;
import org.contactability.platform.cluster.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster of {@code bin/cluster} (three brokers, two instances of each service, every process with compose's
 * environment) loses one process after another with {@code kill -9}: the capturing his-connector just before a booking
 * burst (its standby captures the burst), others during the booking burst, a reminder burst (the clock moved) and an
 * answer burst; none is restarted: the survivors carry on. Counted from the outside: the journal of the provider
 * stand-in both notifiers send to and settle against (what the provider received) and the HIS (its rows, the
 * writeback's records and every write the HIS took). Each appointment gets exactly one booking notice, one reminder and one
 * answer to its confirmation, and one write in the HIS. Each kill's takeover time is measured (kill to the burst
 * moving again) with what the console showed meanwhile (its health and the consumer lag it reads).
 *
 * <p>{@code -Dcluster.appointments=} (default 20) per burst. The chaos run, a benchmark outside the default run:
 * {@code -Dcluster.kills=30 -Dcluster.appointments=500} kills that many random brokers and instances (one at a time,
 * each started again once its burst moved on) over as many rounds of the three bursts as it takes, each round judged
 * as above; {@code -Dcluster.seed=} replays the victims.
 */
class ClusterFailoverTest {

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final int APPOINTMENTS = Integer.getInteger("cluster.appointments", 20);
  private static final Duration PATIENCE = Duration.ofMinutes(4).plusSeconds(APPOINTMENTS);
  /** 0: the short run's fixed plan; more: the chaos run, that many random kills over rounds of three bursts. */
  private static final int CHAOS_KILLS = Integer.getInteger("cluster.kills", 0);
  private static final long SEED = Long.getLong("cluster.seed", new java.util.Random().nextLong());
  /** The chaos run starts no new round after this many minutes (0: none), so that it fits a time slot. */
  private static final int CHAOS_MINUTES = Integer.getInteger("cluster.minutes", 0);
  /**
   * The short run paces its bursts so that each of its fixed kills falls inside one however fast the machine: the clerks
   * book one appointment each half second, and the appointments start a second apart, so that their reminders fall due
   * a second apart. The chaos run books and reminds all at once (a kill a burst would not outlive goes to the next one).
   */
  private static final Duration BOOKING_PAUSE = CHAOS_KILLS == 0 ? Duration.ofMillis(500) : Duration.ZERO;
  private static final int START_SPACING_SECONDS = CHAOS_KILLS == 0 ? 1 : 0;

  private static LocalCluster cluster;
  private static ClusterLayout layout;
  private static ReferenceHis his;
  private static DataSource hisData;
  private static final List<String> takeovers = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final java.util.Random random = new java.util.Random(SEED);

  @BeforeAll
  static void start() {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Descriptors descriptors = Descriptors.read(root);
    layout = ClusterLayout.of(descriptors, Path.of("target", "cluster-" + UUID.randomUUID()).toAbsolutePath(),
        freePortOffset(descriptors), 2);
    cluster = LocalCluster.start(root, layout, descriptors, true);
    say("cluster up in " + cluster.startupDuration().toMillis() + " ms (port offset " + layout.portOffset() + ")");
    hisData = new PostgresDatabase("localhost", layout.postgresPort(), "his", "his", "his").dataSource();
    his = new ReferenceHis(hisData, WallClock.utc());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void kills_of_instances_and_a_broker_during_the_bursts_lose_nothing_and_send_nothing_twice() throws Exception {
    HisWrites hisWrites = HisWrites.record(hisData, "cluster_audit");
    long site = his.addSite(new NewSite("HLS", "CDT cluster", "Av. Balmaceda 916", "La Serena"));
    if (CHAOS_KILLS == 0) {
      // The short run: one of each kind of process, never restarted; the survivors carry every burst. A send in doubt
      // at the killed notifier is settled by the other against the stand-in both share, as a hospital's share Twilio.
      round(0, site, hisWrites, new Plan(List.of(List.of("notifier-service-1", "kafka-2"),
          List.of("scheduler-service-1"), List.of("response-service-1")), 0, true));
      assertThat(takeovers).hasSize(5);
    } else {
      say("chaos: seed " + SEED + " (-Dcluster.seed=" + SEED + " replays the victims), " + CHAOS_KILLS + " kills, bursts of "
          + APPOINTMENTS);
      long began = System.nanoTime();
      for (int round = 0; takeovers.size() < CHAOS_KILLS; round++) {
        if (CHAOS_MINUTES > 0 && System.nanoTime() - began > Duration.ofMinutes(CHAOS_MINUTES).toNanos()) {
          say("chaos: the " + CHAOS_MINUTES + " minutes are over after " + round + " rounds and " + takeovers.size()
              + " of " + CHAOS_KILLS + " kills; no new round");
          break;
        }
        int left = CHAOS_KILLS - takeovers.size();
        round(round, site, hisWrites, new Plan(null, Math.min(left, Math.max(1, left / 3 + (left % 3 > 0 ? 1 : 0))), false));
      }
    }
    say("takeovers " + takeovers);
  }

  /**
   * Which processes die during each burst: a fixed list per burst (booking, reminder, answers), or in chaos a number
   * per burst of random victims, each started again once the burst has moved on without it; and whether the capturing
   * his-connector dies just before the clerks book, so that the standby captures the whole booking burst.
   */
  private record Plan(List<List<String>> victims, int randomPerBurst, boolean killCapture) {
  }

  /** One booking, reminder and answer burst of new appointments, with the plan's kills, and the counts from outside. */
  private void round(int round, long site, HisWrites hisWrites, Plan plan) throws Exception {
    // Tomorrow at 11:00 in Santiago: outside the quiet hours whatever the hour of the run.
    Instant now = cluster.clock().instant();
    LocalDate day = LocalDate.ofInstant(now, SANTIAGO).plusDays(1);
    cluster.advanceClock(Duration.between(now, day.atTime(11, 0).atZone(SANTIAGO).toInstant()));
    LocalDateTime start = day.plusDays(3).atTime(10, 0);
    Map<String, Long> appointmentByPhone = new TreeMap<>();
    long[] patients = new long[APPOINTMENTS];
    long[] doctors = new long[APPOINTMENTS];
    for (int i = 0; i < APPOINTMENTS; i++) {
      int n = round * APPOINTMENTS + i;
      patients[i] = his.addPatient(new NewPatient(Rut.of(31_000_000 + n), "Paciente", "Prueba", "Nodo", null,
          phone(n), null));
      doctors[i] = his.addProfessional(new NewProfessional(null, "Dr.", "Médico", "Nodo", Integer.toString(n),
          "Cardiología"));
    }
    if (plan.killCapture()) {
      killCapturingHisConnector();
    }
    Set<String> phones = new TreeSet<>();
    for (int i = 0; i < APPOINTMENTS; i++) {
      phones.add(phone(round * APPOINTMENTS + i));
    }
    holdAnswersOfNotifierVictims(plan, 0, phones);
    CompletableFuture<Void> clerks = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < APPOINTMENTS; i++) {
        long appointment = his.book(new NewAppointment(patients[i], doctors[i], site, "Cardiología",
            start.plusSeconds((long) i * START_SPACING_SECONDS), 20, TipoPrestacion.CONTROL, null));
        synchronized (appointmentByPhone) {
          appointmentByPhone.put(phone(round * APPOINTMENTS + i), appointment);
        }
        PlatformProcess.sleep(BOOKING_PAUSE);
      }
    });
    killDuring("booking-notice", plan, 0, () -> count("booking-notice", phones));
    clerks.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    awaitEveryOnce("booking-notice", phones);

    // Half a second after the first reminder fell due; with the starts spaced, the others fall due one by one after it.
    Instant clock = cluster.clock().instant();
    holdAnswersOfNotifierVictims(plan, 1, phones);
    cluster.advanceClock(Duration.between(clock, start.minusHours(15).atZone(SANTIAGO).toInstant()
        .plus(START_SPACING_SECONDS == 0 ? Duration.ofSeconds(30) : Duration.ofMillis(500))));
    killDuring("reminder", plan, 1, () -> count("reminder", phones));
    awaitEveryOnce("reminder", phones);

    int[] answered = {0};
    holdAnswersOfNotifierVictims(plan, 2, phones);
    Thread tapping = new Thread(() -> answerEveryReminder(phones, answered), "patients");
    tapping.start();
    killDuring("answers", plan, 2, () -> answered[0]);
    tapping.join(PATIENCE.toMillis());
    assertThat(answered[0]).as("every answer taken by a webhook").isEqualTo(APPOINTMENTS);
    awaitConfirmedInHis(appointmentByPhone.values());
    awaitEveryOnce("confirmation-answer", phones);

    List<SandboxMessage> journal = journal();
    say("round " + round + " complete: the stand-in holds " + journal.size() + " messages, " + takeovers.size() + " kills so far");
    for (String template : List.of("booking-notice", "reminder", "confirmation-answer")) {
      HisWrites.assertOncePerPhone(journal.stream().filter(m -> phones.contains(m.to())).toList(), template, phones,
          "takeovers " + takeovers);
    }
    assertThat(journal.stream().collect(Collectors.groupingBy(SandboxMessage::requestId, Collectors.counting())))
        .as("one message per request at the provider").allSatisfy((request, n) -> assertThat(n).isEqualTo(1L));
    assertConsoleShowsWhatEachPhoneReceived(phones, journal);
    Map<Long, List<String>> commands = hisWrites.commandsPerAppointment();
    Map<Long, Long> writes = hisWrites.perAppointment();
    for (long appointment : appointmentByPhone.values()) {
      assertThat(commands.get(appointment)).as("decisions written back for appointment " + appointment)
          .containsExactly("SetAppointmentStatus:APPLIED");
      assertThat(writes.get(appointment)).as("writes the HIS took for appointment " + appointment).isEqualTo(1L);
      assertThat(his.findAppointment(appointment).orElseThrow().status()).isEqualTo(EstadoCita.CONFIRMADA);
    }
  }

  /**
   * Once the burst has moved a quarter of the way, kills the plan's victims of burst {@code burst} with {@code kill -9},
   * one after the other, each once the burst has moved since the previous kill; records how long it took to move again
   * (the takeover) and what the console showed meanwhile. In chaos each victim is started again after its takeover, and
   * a kill the burst would not outlive (it is complete) is left to the next burst. A fixed plan whose first victim is a
   * notifier kills it as soon as it holds a send in doubt (its answers held since the burst began), not after a
   * quarter: its share of the burst waits behind that send, so the quarter might never come from the other alone.
   */
  private void killDuring(String burst, Plan plan, int index, IntSupplier progress) throws Exception {
    List<String> victims = plan.victims() != null ? plan.victims().get(index) : null;
    if (victims == null || victims.isEmpty() || !victims.get(0).startsWith("notifier-service-")) {
      awaitProgress(burst, progress, Math.max(1, APPOINTMENTS / 4));
    }
    int kills = victims != null ? victims.size() : plan.randomPerBurst();
    for (int k = 0; k < kills; k++) {
      int before = progress.getAsInt();
      if (victims == null && before >= APPOINTMENTS) {
        say("the " + burst + " burst ended before kill " + (k + 1) + " of " + kills + "; it moves to the next burst");
        return;
      }
      String victim = victims != null ? victims.get(k) : randomVictim();
      if (victim.startsWith("notifier-service-")) {
        // A fixed plan's notifier has held its answers since the burst began; a random one from now on, so that a
        // notifier with nothing left to send in this burst is killed without a send in doubt.
        boolean inDoubt = victims != null ? awaitHeldSend(victim, PATIENCE) : awaitHeldSend(holdAnswersOf(victim, null),
            Duration.ofMinutes(1));
        assertThat(inDoubt || victims == null).as(victim + " had a send in doubt when it was killed").isTrue();
        before = progress.getAsInt();
      }
      long killed = System.nanoTime();
      cluster.process(victim).kill();
      String console = consoleView();
      awaitProgress(burst, progress, before + 1);
      Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
      String line = victim + " during " + burst + " at " + before + "/" + APPOINTMENTS + ": moving again after "
          + takeover.toMillis() + " ms; console then: " + console;
      takeovers.add(line);
      say(line);
      assertThat(before).as("the kill of " + victim + " fell inside the " + burst + " burst").isLessThan(APPOINTMENTS);
      if (victims == null) {
        long restarting = System.nanoTime();
        cluster.restart(victim);
        say(victim + " started again, ready after " + Duration.ofNanos(System.nanoTime() - restarting).toMillis() + " ms");
      }
    }
  }

  /**
   * Before burst {@code index} begins, holds the answers to each notifier the fixed plan kills during it for the burst's
   * {@code phones} (see {@link #holdAnswersOf}), so that the notifier's first send of the burst is in doubt whenever it
   * comes. Held only at the kill, a fast burst could be over before the notifier sent again (CI once saw that); held
   * for every phone, the notifier would stop at a message still flowing from before the burst.
   */
  private void holdAnswersOfNotifierVictims(Plan plan, int index, Set<String> phones) throws Exception {
    if (plan.victims() != null) {
      for (String victim : plan.victims().get(index)) {
        if (victim.startsWith("notifier-service-")) {
          for (String phone : phones) {
            holdAnswersOf(victim, phone);
          }
        }
      }
    }
  }

  /**
   * Makes the stand-in's answers to notifier {@code name} never arrive (a sandbox timeout fault, through its
   * {@code /api/sandbox/faults}): each send it makes from then on reaches the stand-in and waits. Killed then, it
   * leaves sends in doubt, which the other notifier settles by asking the stand-in: found there, not sent again (a
   * stand-in of its own would not hold them, and they would go twice). Only the sends to {@code phone} when given.
   * Returns {@code name}.
   */
  private String holdAnswersOf(String name, String phone) throws Exception {
    String fault = "{\"kind\":\"timeout\",\"delayMs\":300000"
        + (phone == null ? "" : ",\"to\":\"" + phone + "\"") + "}";
    HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(faultsOf(name)))
        .header("Authorization", "Bearer " + token("admin-script:admin-secret"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(fault)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(added.statusCode()).as("the fault " + name + " was told: " + added.body()).isEqualTo(201);
    return name;
  }

  private String faultsOf(String notifier) {
    int instance = Integer.parseInt(notifier.substring(notifier.lastIndexOf('-') + 1));
    return layout.url("notifier-service", instance) + "/api/sandbox/faults";
  }

  /** Whether a send of notifier {@code name} met its held answers within {@code patience}. */
  private boolean awaitHeldSend(String name, Duration patience) throws Exception {
    String faults = faultsOf(name);
    String admin = token("admin-script:admin-secret");
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(faults))
          .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
      long hits = 0;
      for (JsonNode fault : json.readTree(listed.body())) {
        hits += fault.path("hits").asLong();
      }
      if (hits > 0) {
        // The send that met the fault is at the stand-in a moment later: then it waits for an answer that never comes.
        PlatformProcess.sleep(Duration.ofSeconds(1));
        say(name + " holds a send the stand-in took, unanswered");
        return true;
      }
      PlatformProcess.sleep(Duration.ofMillis(100));
    }
    say(name + " sent nothing in " + patience.toSeconds() + " s: killed without a send in doubt");
    return false;
  }

  /** Any broker or any instance of a service that has another (the console runs alone). */
  private String randomVictim() {
    List<String> candidates = new ArrayList<>();
    for (int node = 1; node <= ClusterLayout.BROKERS; node++) {
      candidates.add("kafka-" + node);
    }
    layout.allInstances().stream().filter(instance -> layout.instancesOf(instance.service()) > 1)
        .forEach(instance -> candidates.add(instance.name()));
    return candidates.get(random.nextInt(candidates.size()));
  }

  private void awaitProgress(String burst, IntSupplier progress, int atLeast) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (progress.getAsInt() < Math.min(atLeast, APPOINTMENTS)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the " + burst + " burst stopped at " + progress.getAsInt() + "; takeovers " + takeovers);
      }
      PlatformProcess.sleep(Duration.ofMillis(100));
    }
  }

  /**
   * Kills the his-connector instance that captures (the one holding the slot's advisory lock, as PostgreSQL sees it)
   * and records how long until another instance holds the lock: the standby's takeover.
   */
  private void killCapturingHisConnector() throws SQLException {
    String active = awaitCapturingHisConnector(null);
    long killed = System.nanoTime();
    cluster.process(active).kill();
    String console = consoleView();
    String successor = awaitCapturingHisConnector(active);
    String line = active + " (capturing) before the booking burst: " + successor + " holds the capture after "
        + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms; console then: " + console;
    takeovers.add(line);
    say(line);
  }

  /** The his-connector instance, other than {@code not}, whose database session holds an advisory lock. */
  private String awaitCapturingHisConnector(String not) throws SQLException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      try (var connection = hisData.getConnection(); var statement = connection.createStatement();
          var holders = statement.executeQuery("SELECT a.application_name FROM pg_locks l"
              + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted")) {
        while (holders.next()) {
          String holder = holders.getString(1);
          for (ClusterLayout.Instance instance : layout.allInstances()) {
            String name = instance.name();
            if (name.startsWith("his-connector-") && !name.equals(not) && holder != null
                && holder.startsWith("his-connector ") && holder.endsWith("-" + cluster.process(name).pid())) {
              return name;
            }
          }
        }
      }
      PlatformProcess.sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("no his-connector instance" + (not == null ? "" : " but " + not) + " holds the capture");
  }

  /**
   * The console's patient-phone page ({@code /api/sandbox/messages}, as an operator) shows each phone every message the
   * stand-in holds for it, whichever notifier sent it. The console reads it through the first notifier (compose's one
   * address; Kubernetes puts a Service before both): that one is started again first if it was killed.
   */
  private void assertConsoleShowsWhatEachPhoneReceived(Set<String> phones, List<SandboxMessage> journal) throws Exception {
    if (!cluster.process("notifier-service-1").isAlive()) {
      cluster.restart("notifier-service-1");
    }
    String operator = token("operator-script:operator-secret");
    for (String phone : phones) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(layout.url(ClusterLayout.CONSOLE, 1)
          + "/api/sandbox/messages?to=" + java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8)))
          .header("Authorization", "Bearer " + operator).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as("the console's page for a phone: " + page.body()).isEqualTo(200);
      List<String> shown = new ArrayList<>();
      json.readTree(page.body()).forEach(message -> shown.add(message.path("requestId").asText()));
      assertThat(shown).as("what the console shows a phone").containsExactlyInAnyOrderElementsOf(
          journal.stream().filter(m -> m.to().equals(phone)).map(SandboxMessage::requestId).toList());
    }
    say("the console's patient-phone page shows each of the " + phones.size() + " phones what the stand-in holds for it");
  }

  /** The console's health and the groups it reports lag for, right after a kill. */
  private String consoleView() {
    try {
      String health = http.send(HttpRequest.newBuilder(URI.create(layout.url(ClusterLayout.CONSOLE, 1)
          + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      String lag = http.send(HttpRequest.newBuilder(URI.create(layout.url(ClusterLayout.CONSOLE, 1) + "/api/lag"))
          .header("Authorization", "Bearer " + token()).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      var groups = json.readTree(lag).path("groups");
      List<String> lagging = new ArrayList<>();
      groups.forEach(group -> lagging.add(group.path("group").asText() + "=" + group.path("lag").asText()));
      return "health " + json.readTree(health).path("status").asText() + ", lag " + lagging;
    } catch (Exception e) {
      return "unreachable (" + e + ")";
    }
  }

  /** Every patient taps "Confirmo", posted to the first response-service that takes it, signed as Twilio signs. */
  private void answerEveryReminder(Set<String> phones, int[] answered) {
    Map<String, SandboxMessage> latest = new TreeMap<>();
    journal().stream().filter(m -> "reminder".equals(m.template()) && phones.contains(m.to()))
        .forEach(m -> latest.put(m.to(), m));
    for (SandboxMessage reminder : latest.values()) {
      Map<String, String> tap = TwilioTaps.confirm(reminder);
      postUntilTaken(tap);
      answered[0]++;
      PlatformProcess.sleep(Duration.ofMillis(250));
    }
  }

  private void postUntilTaken(Map<String, String> parameters) {
    // Signed over the public address (the first instance's, as a load balancer would present both).
    String signedUrl = layout.url("response-service", 1) + "/twilio/inbound";
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (int instance = 1; instance <= 2; instance++) {
        try {
          HttpRequest tap = TwilioTaps.post(layout.url("response-service", instance) + "/twilio/inbound", signedUrl,
              parameters);
          if (http.send(tap, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // that instance is down: the other one
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      PlatformProcess.sleep(Duration.ofMillis(500));
    }
    throw new AssertionError("no webhook took an answer");
  }

  /** What the provider stand-in both notifiers send to received. */
  private static List<SandboxMessage> journal() {
    return SandboxJournal.read(layout.sandboxJournal());
  }

  private static int count(String template, Set<String> phones) {
    return (int) journal().stream().filter(m -> template.equals(m.template()) && phones.contains(m.to()))
        .map(SandboxMessage::to).distinct().count();
  }

  private void awaitEveryOnce(String template, Set<String> phones) {
    try {
      awaitProgress(template, () -> count(template, phones), APPOINTMENTS);
    } catch (AssertionError stalled) {
      // Which phones the provider never saw: what to look for in the services' and brokers' logs.
      Set<String> missing = new TreeSet<>(phones);
      journal().stream().filter(m -> template.equals(m.template())).forEach(m -> missing.remove(m.to()));
      throw new AssertionError(stalled.getMessage() + "; no " + template + " for " + missing, stalled);
    }
    PlatformProcess.sleep(Duration.ofSeconds(10));
    HisWrites.assertOncePerPhone(journal().stream().filter(m -> phones.contains(m.to())).toList(), template, phones,
        "takeovers " + takeovers);
    say("every " + template + " reached the provider once");
  }

  private String token() throws Exception {
    return token("viewer-script:viewer-secret");
  }

  private String token(String client) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(layout.issuer() + "/oauth2/token"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            client.getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    return json.readTree(answer.body()).path("access_token").asText();
  }

  private static void awaitConfirmedInHis(java.util.Collection<Long> appointments) throws SQLException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (appointments.stream().anyMatch(id -> his.findAppointment(id).orElseThrow().status() != EstadoCita.CONFIRMADA)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not every confirmation was written back; takeovers " + takeovers);
      }
      PlatformProcess.sleep(Duration.ofMillis(500));
    }
  }

  private static String phone(int patient) {
    return String.format("+56997%06d", patient);
  }

  private static void say(String line) {
    System.out.println("ClusterFailoverTest: " + line);
  }

  /**
   * A shift of every port of the cluster under which none is taken (other builds share the machine), keeping every
   * port (the highest is PostgreSQL's, 15432 shifted) below Linux's ephemeral range (from 32768): a process started
   * again after a kill must find its port free, and any client's outgoing connection may take a port in that range.
   */
  private static int freePortOffset(Descriptors descriptors) {
    for (int offset = 2_000 + new java.util.Random().nextInt(300) * 50; offset <= 17_300; offset += 50) {
      ClusterLayout candidate = ClusterLayout.of(descriptors, Path.of("unused"), offset, 2);
      List<Integer> ports = new ArrayList<>(List.of(candidate.registryPort(), candidate.identityPort(),
          candidate.postgresPort(), candidate.sandboxPort()));
      for (int node = 1; node <= ClusterLayout.BROKERS; node++) {
        ports.add(candidate.brokerPort(node));
        ports.add(candidate.controllerPort(node));
      }
      candidate.allInstances().forEach(instance -> ports.add(candidate.port(instance.service(), instance.number())));
      if (ports.stream().allMatch(ClusterFailoverTest::free)) {
        return offset;
      }
    }
    throw new IllegalStateException("no free block of ports for the cluster");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
