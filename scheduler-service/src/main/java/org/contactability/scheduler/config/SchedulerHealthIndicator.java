package org.contactability.scheduler.config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.contactability.common.kafka.StreamsApplication;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP while the broker answers and the Kafka Streams application runs (or rebalances). */
public final class SchedulerHealthIndicator extends AbstractHealthIndicator {

  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(3);

  private final StreamsApplication streams;
  private final Admin admin;

  public SchedulerHealthIndicator(StreamsApplication streams, Admin admin) {
    this.streams = streams;
    this.admin = admin;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    KafkaStreams.State state = streams.state();
    builder.withDetail("streams", state.name());
    int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) BROKER_TIMEOUT.toMillis()))
        .nodes().get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
    builder.withDetail("brokers", brokers);
    if (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
