package org.contactability.hisconnector.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.core.IntervalFunction;
import org.apache.kafka.connect.data.Struct;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.hisconnector.adapters.debezium.CaptureEngine;
import org.contactability.hisconnector.adapters.debezium.DebeziumSettings;
import org.contactability.hisconnector.domain.mapping.HisMapping;
import org.contactability.hisconnector.support.HisTestBed;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's supervisor: an engine that stops on an error is started again and resumes from its offsets; a stop lets
 * the batch in hand finish. Both tests share one database, slot and offsets, each counting only its own sites.
 */
class CaptureEngineTest {

  private static final HisTestBed bed = HisTestBed.create(CaptureEngineTest.class);
  private CaptureEngine engine;

  @BeforeAll
  static void offsetsTopic() {
    SharedKafka.createTopics(List.of(TopicProvisioner.newTopic(Topics.HIS_CONNECTOR_OFFSETS, bed.naming(), (short) 1)));
  }

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.stop();
    }
  }

  @Test
  void aBatchThatFailsStopsTheEngineWhichIsRestartedAndGetsTheUnhandledChangesAgain() throws Exception {
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicBoolean failNext = new AtomicBoolean(true);
    CaptureEngine.Handler failingOnce = (records, committer) -> {
      for (var record : records) {
        if (record.record().value() instanceof Struct value && value.schema().field("after") != null) {
          if (failNext.getAndSet(false)) {
            throw new IllegalStateException("broker unreachable (simulated)");
          }
          handled.add(value.getStruct("after").get("nombre").toString());
        }
        committer.markProcessed(record);
      }
      committer.markBatchFinished();
    };
    engine = engine(failingOnce);

    engine.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> engine.state() == CaptureEngine.State.STREAMING);
    ReferenceHis his = bed.his(Clock.systemUTC());
    his.addSite(new NewSite("HCHM", "Sede uno", null, null));

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(engine.restarts()).isEqualTo(1);
      assertThat(handled).containsExactly("Sede uno");
      assertThat(engine.state()).isEqualTo(CaptureEngine.State.STREAMING);
    });
    assertThat(engine.lastFailure()).isNull();
    his.addSite(new NewSite("HCHM", "Sede dos", null, null));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(handled).containsExactly("Sede uno", "Sede dos"));
  }

  /**
   * Debezium's close interrupts the thread that runs the handler and then commits the positions marked so far. A batch
   * whose changes were already published when the interrupt came was never marked, so it was published again after the
   * next start (CaptureRestartTest's "no row twice" under load). Here the handler publishes, then waits as a producer's
   * flush does, then marks: a stop in that wait must let it finish, and the next start must not hand the batch again.
   */
  @Test
  void aStopWaitsForTheBatchInHandWhichIsCommittedAndNotHandedAgainAfterTheNextStart() throws Exception {
    List<String> published = new CopyOnWriteArrayList<>();
    List<String> interrupted = new CopyOnWriteArrayList<>();
    CountDownLatch inFlush = new CountDownLatch(1);
    CaptureEngine.Handler slowFlush = (records, committer) -> {
      List<String> names = new ArrayList<>();
      for (var record : records) {
        if (record.record().value() instanceof Struct value && value.schema().field("after") != null) {
          names.add(value.getStruct("after").get("nombre").toString());
        }
      }
      published.addAll(names);
      if (!names.isEmpty()) {
        inFlush.countDown();
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          interrupted.addAll(names);
          throw e;
        }
      }
      for (var record : records) {
        committer.markProcessed(record);
      }
      committer.markBatchFinished();
    };
    engine = engine(slowFlush);
    engine.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> engine.state() == CaptureEngine.State.STREAMING);
    ReferenceHis his = bed.his(Clock.systemUTC());

    his.addSite(new NewSite("HCHM", "Sede tres", null, null));
    assertThat(inFlush.await(60, TimeUnit.SECONDS)).as("the site's batch reached the handler").isTrue();
    engine.stop();
    engine.start();
    his.addSite(new NewSite("HCHM", "Sede cuatro", null, null));

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(published).contains("Sede cuatro"));
    assertThat(published).as("every change handed once").containsExactly("Sede tres", "Sede cuatro");
    assertThat(interrupted).as("batches interrupted by the stop").isEmpty();
  }

  private CaptureEngine engine(CaptureEngine.Handler handler) {
    DebeziumSettings settings = new DebeziumSettings(DebeziumSettings.POSTGRES, "engine-test-" + bed.slotName(),
        new DebeziumSettings.DatabaseAddress(bed.database().host(), bed.database().port(), bed.database().name(),
            bed.database().user(), bed.database().password()),
        bed.slotName(), "engine_test", "filtered", "no_data", List.of(),
        bed.naming().name(Topics.HIS_CONNECTOR_OFFSETS), Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), (short) 1, 200, 0, Map.of());
    return new CaptureEngine("engine-test", settings.properties(HisMapping.reference()), handler,
        IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2.0, Duration.ofMillis(500)));
  }
}
