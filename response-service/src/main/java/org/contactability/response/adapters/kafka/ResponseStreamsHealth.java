package org.contactability.response.adapters.kafka;

import org.apache.kafka.streams.KafkaStreams;
import org.contactability.common.kafka.StreamsApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the stream processor runs (it reads from and writes to the broker, so this also says the
 * broker is reachable enough); OUT_OF_SERVICE while it restores its views; DOWN when it stopped or failed.
 */
public final class ResponseStreamsHealth implements HealthIndicator {

  private final StreamsApplication streams;

  public ResponseStreamsHealth(StreamsApplication streams) {
    this.streams = streams;
  }

  @Override
  public Health health() {
    KafkaStreams.State state = streams.state();
    Health.Builder health = streams.isReady() ? Health.up()
        : state == KafkaStreams.State.CREATED || state == KafkaStreams.State.REBALANCING ? Health.outOfService()
        : Health.down();
    return health.withDetail("state", state.name()).build();
  }
}
