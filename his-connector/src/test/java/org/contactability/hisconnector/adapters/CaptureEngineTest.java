package org.contactability.hisconnector.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.junit.jupiter.api.Test;

/** The engine's supervisor: an engine that stops on an error is started again and resumes from its offsets. */
class CaptureEngineTest {

  private final HisTestBed bed = HisTestBed.create(CaptureEngineTest.class);
  private CaptureEngine engine;

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.stop();
    }
  }

  @Test
  void aBatchThatFailsStopsTheEngineWhichIsRestartedAndGetsTheUnhandledChangesAgain() throws Exception {
    SharedKafka.createTopics(List.of(TopicProvisioner.newTopic(Topics.HIS_CONNECTOR_OFFSETS, bed.naming(), (short) 1)));
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
    DebeziumSettings settings = new DebeziumSettings(DebeziumSettings.POSTGRES, "engine-test-" + bed.slotName(),
        new DebeziumSettings.DatabaseAddress(bed.database().host(), bed.database().port(), bed.database().name(),
            bed.database().user(), bed.database().password()),
        bed.slotName(), "engine_test", "filtered", "no_data", List.of(),
        bed.naming().name(Topics.HIS_CONNECTOR_OFFSETS), Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), (short) 1, 200, 0, Map.of());
    engine = new CaptureEngine("engine-test", settings.properties(HisMapping.reference()), failingOnce,
        IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2.0, Duration.ofMillis(500)));

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
}
