package org.contactability.hisconnector.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.SiteChange;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.hisconnector.HisConnectorApplication;
import org.contactability.hisconnector.adapters.debezium.CaptureEngine;
import org.contactability.hisconnector.adapters.health.CaptureHealthIndicator;
import org.contactability.hisconnector.adapters.leadership.CaptureLeadership;
import org.contactability.hisconnector.domain.leadership.Leadership.Role;
import org.contactability.hisconnector.support.CuttableLink;
import org.contactability.hisconnector.support.HisTestBed;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Two his-connector instances on one slot: one captures, the other stands by healthy; when the
 * active one dies while rows are written, the standby takes over from the stored position and
 * every row arrives as one change. The instance that dies reaches PostgreSQL through a link the
 * test cuts: every one of its connections is reset and none comes back, which is what PostgreSQL
 * sees of a killed process or a lost network, while its JVM threads keep running as a cut-off
 * process's would (they must stop capturing by themselves).
 */
class HotStandbyTest {

  private static final Logger log = LoggerFactory.getLogger(HotStandbyTest.class);
  private static final Clock clock = Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC);
  private static final int ROWS_AFTER_TAKEOVER = 100;

  private final HisTestBed bed = HisTestBed.create(HotStandbyTest.class);
  private final ReferenceHis his = bed.his(clock);
  private final CuttableLink doomedLink = CuttableLink.to(bed.database().host(), bed.database().port());
  private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

  @AfterEach
  void stopInstances() {
    instances.forEach(ConfigurableApplicationContext::close);
    doomedLink.close();
  }

  @Test
  void whenTheActiveInstanceDiesMidStreamTheStandbyTakesOverAndEveryRowArrivesOnce() throws Exception {
    HisTestBed.People people = HisTestBed.addPeople(his, 14_000_000);
    ConfigurableApplicationContext first = start("first", doomedLink.host(), doomedLink.port());
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(health(first).getDetails())
        .containsEntry("engine", "STREAMING").containsEntry("slotActive", true));
    ConfigurableApplicationContext second = start("second", bed.database().host(), bed.database().port());
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(health(second).getDetails())
        .as("the second instance stands by").containsEntry("roleReason", "another instance holds the slot's lock"));

    Health standby = health(second);
    assertThat(standby.getStatus()).as("a standby is healthy: %s", standby).isEqualTo(Status.UP);
    assertThat(standby.getDetails()).containsEntry("role", "standby").containsEntry("instance", "second")
        .containsEntry("engine", "STOPPED");
    assertThat(health(first).getDetails()).containsEntry("role", "active").containsEntry("instance", "first");
    assertThat(leaderGauge(second)).isZero();
    assertThat(leaderGauge(first)).isEqualTo(1.0);

    Set<String> inserted = ConcurrentHashMap.newKeySet();
    AtomicBoolean enough = new AtomicBoolean();
    CompletableFuture<Void> clerk = CompletableFuture.runAsync(() -> {
      LocalDateTime slot = LocalDateTime.of(2025, 6, 2, 8, 0);
      for (int i = 0; !enough.get(); i++) {
        inserted.add(Long.toString(bed.insertAppointment(people, slot.plusMinutes(20L * i))));
        pause(10);
      }
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> inserted.size() >= 100);
    long killedAt = System.nanoTime();
    doomedLink.cut();
    int writtenBeforeKill = inserted.size();

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> second.getBean(CaptureEngine.class).handledRecords() > 0);
    long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    int writtenAtTakeover = inserted.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> inserted.size() >= writtenAtTakeover + ROWS_AFTER_TAKEOVER);
    enough.set(true);
    clerk.get();
    log.info("Takeover after the kill: {} ms to the new leader's first captured change ({} rows written before"
        + " the kill, {} by the takeover, {} in all)", takeoverMillis, writtenBeforeKill, writtenAtTakeover,
        inserted.size());

    assertThat(first.getBean(CaptureLeadership.class).role()).as("the cut-off instance stopped capturing")
        .isEqualTo(Role.STANDBY);
    assertThat(first.getBean(CaptureEngine.class).isRunning()).isFalse();
    Health taken = health(second);
    assertThat(taken.getStatus()).isEqualTo(Status.UP);
    assertThat(taken.getDetails()).containsEntry("role", "active").containsEntry("slotActive", true);
    assertThat(leaderGauge(second)).isEqualTo(1.0);

    Set<String> inHis = appointmentIdsInHis();
    assertThat(inHis).as("the HIS holds what the clerk wrote").isEqualTo(inserted);
    List<ConsumerRecord<String, AppointmentChange>> changes = bed.probe(Topics.HIS_APPOINTMENTS)
        .within(Duration.ofSeconds(90))
        .readUntil("every appointment in the HIS", records -> records.stream()
            .map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(inHis));
    Map<String, Set<Long>> changesPerRow = changes.stream()
        .filter(r -> r.value() != null)
        .collect(Collectors.groupingBy(ConsumerRecord::key,
            Collectors.mapping(r -> r.value().getSource().getLsn(), Collectors.toSet())));
    assertThat(changesPerRow.keySet()).containsExactlyInAnyOrderElementsOf(inHis);
    assertThat(changesPerRow.values()).as("each row captured as one change").allMatch(lsns -> lsns.size() == 1);
    assertThat(changes).as("only row creations, no new snapshot")
        .allMatch(r -> r.value().getOp() == ChangeOperation.CREATE);
    Map<String, AppointmentChange> firstCopy = new LinkedHashMap<>();
    int repeated = 0;
    for (ConsumerRecord<String, AppointmentChange> change : changes) {
      AppointmentChange earlier = firstCopy.putIfAbsent(change.key(), change.value());
      if (earlier != null) {
        repeated++;
        assertThat(change.value().getAfter()).as("a replayed change is the same change")
            .isEqualTo(earlier.getAfter());
      }
    }
    log.info("{} changes published again after the takeover (the offsets the killed instance had not committed)",
        repeated);
    List<ConsumerRecord<String, SiteChange>> sites = bed.probe(Topics.HIS_SITES).readAtLeast(1);
    assertThat(sites).as("the site read by the first instance's snapshot, not snapshotted again").hasSize(1);
    assertThat(takeoverMillis).as("takeover time").isLessThan(Duration.ofSeconds(60).toMillis());
  }

  private ConfigurableApplicationContext start(String name, String databaseHost, int databasePort) {
    Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
    DynamicPropertyRegistry registry = properties::put;
    bed.register(registry);
    registry.add("contactability.his-connector.database.host", () -> databaseHost);
    registry.add("contactability.his-connector.database.port", () -> databasePort);
    registry.add("contactability.his-connector.capture.leadership.instance-name", () -> name);
    List<String> arguments = new ArrayList<>();
    properties.forEach((key, value) -> arguments.add("--" + key + "=" + value.get()));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(HisConnectorApplication.class)
        .run(arguments.toArray(String[]::new));
    instances.add(0, context);
    return context;
  }

  private static Health health(ConfigurableApplicationContext instance) {
    return instance.getBean(CaptureHealthIndicator.class).health();
  }

  private static double leaderGauge(ConfigurableApplicationContext instance) {
    return instance.getBean(MeterRegistry.class).get("contactability.capture.leader").gauge().value();
  }

  private Set<String> appointmentIdsInHis() throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection connection = bed.dataSource().getConnection(); Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT id FROM his.cita")) {
      while (rows.next()) {
        ids.add(Long.toString(rows.getLong(1)));
      }
    }
    return ids;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
