package org.contactability.hisconnector.adapters.health;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP when the Kafka cluster answers a metadata request within the timeout and has brokers. */
public final class KafkaHealthIndicator implements HealthIndicator {

  private final Admin admin;
  private final Duration timeout;

  public KafkaHealthIndicator(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    try {
      Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return (nodes.isEmpty() ? Health.down() : Health.up()).withDetail("brokers", nodes.size()).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("broker", "interrupted").build();
    } catch (ExecutionException | TimeoutException e) {
      return Health.down().withDetail("broker", "unreachable (" + e.getClass().getSimpleName() + ")").build();
    }
  }
}
