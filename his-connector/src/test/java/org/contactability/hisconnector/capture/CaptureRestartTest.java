package org.contactability.hisconnector.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.hisconnector.adapters.debezium.CaptureEngine;
import org.contactability.hisconnector.support.HisTestBed;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Offsets live in Kafka: a connector stopped mid-stream resumes exactly where it stopped. */
@SpringBootTest
@DirtiesContext
class CaptureRestartTest {

  private static final HisTestBed bed = HisTestBed.create(CaptureRestartTest.class);
  private static final Clock clock = Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC);
  private static final ReferenceHis his = bed.his(clock);
  private static final int ROWS = 400;

  @Autowired
  private CaptureEngine engine;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    bed.register(registry);
  }

  @Test
  void aConnectorStoppedWhileRowsKeepComingDeliversEveryRowOnceAfterItStartsAgain() throws Exception {
    HisTestBed.People people = HisTestBed.addPeople(his, 13_000_000);
    await().atMost(Duration.ofSeconds(60)).until(() -> engine.state() == CaptureEngine.State.STREAMING);
    awaitStoredStreamPosition();
    Set<String> inserted = ConcurrentHashMap.newKeySet();
    AtomicBoolean halfway = new AtomicBoolean();

    CompletableFuture<Void> clerk = CompletableFuture.runAsync(() -> {
      LocalDateTime slot = LocalDateTime.of(2025, 6, 2, 8, 0);
      for (int i = 0; i < ROWS; i++) {
        inserted.add(Long.toString(bed.insertAppointment(people, slot.plusMinutes(20L * i))));
        if (i == ROWS / 4) {
          halfway.set(true);
        }
      }
    });
    await().atMost(Duration.ofSeconds(30)).untilTrue(halfway);
    engine.stop();
    int writtenWhileStopped = inserted.size();
    Thread.sleep(500);
    engine.start();
    clerk.get();
    assertThat(inserted.size()).as("rows written while the connector was down").isGreaterThan(writtenWhileStopped);

    List<ConsumerRecord<String, AppointmentChange>> created = bed.probe(Topics.HIS_APPOINTMENTS)
        .within(Duration.ofSeconds(90))
        .readUntil("all " + ROWS + " inserted appointments", records -> records.stream()
            .map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(inserted));
    Map<String, Long> perKey = created.stream()
        .filter(r -> r.value() != null && r.value().getOp() == ChangeOperation.CREATE)
        .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));

    assertThat(perKey.keySet()).containsExactlyInAnyOrderElementsOf(inserted);
    assertThat(perKey.values()).as("no row twice").allMatch(count -> count == 1);
    Map<Integer, List<Long>> lsnsPerPartition = created.stream().filter(r -> r.value() != null)
        .collect(Collectors.groupingBy(ConsumerRecord::partition,
            Collectors.mapping(r -> r.value().getSource().getLsn(), Collectors.toList())));
    assertThat(lsnsPerPartition.values()).as("commit order kept in each partition").allSatisfy(
        lsns -> assertThat(lsns).isSorted());
  }

  /**
   * The engine says STREAMING as soon as its task polls, before its initial snapshot has read the tables. Stopped
   * before it has stored a position of the stream, it finds the snapshot's offsets ({@code snapshot=INITIAL}) and
   * takes the snapshot again: the rows written meanwhile then come as SNAPSHOT reads, not as creates. This test is
   * about resuming a stream, so it starts writing once a position of the stream (an offset without the snapshot's
   * marker; the heartbeat stores one on a quiet HIS) is in the offsets topic.
   */
  private static void awaitStoredStreamPosition() {
    try (KafkaConsumer<String, String> offsets = SharedKafka.consumer("offsets-" + UUID.randomUUID(),
        new StringDeserializer(), new StringDeserializer())) {
      offsets.subscribe(List.of(bed.naming().name(Topics.HIS_CONNECTOR_OFFSETS)));
      AtomicBoolean streamPosition = new AtomicBoolean();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        offsets.poll(Duration.ofMillis(200)).forEach(record -> {
          if (record.value() != null && !record.value().contains("\"snapshot\"")) {
            streamPosition.set(true);
          }
        });
        return streamPosition.get();
      });
    }
  }
}
