package org.contactability.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.contactability.embedded.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs a test class in a launcher session of its own and checks what happens when that session
 * closes. Runs in its own JVM (a separate Surefire execution), because it stops the shared
 * infrastructure that other test classes would otherwise share.
 */
class SessionEndTest {

  @Test
  void closing_the_session_closes_registered_resources_first_then_stops_broker_and_database() {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    try (LauncherSession session = LauncherFactory.openSession()) {
      session.getLauncher().execute(request().selectors(selectClass(UsesSharedInfrastructure.class)).build(), summary);

      assertThat(summary.getSummary().getTestsSucceededCount())
          .as("tests succeeded; failures: %s", summary.getSummary().getFailures().stream()
              .map(failure -> failure.getException().toString()).toList())
          .isEqualTo(1);
      assertThat(SharedKafka.isStarted()).isTrue();
      assertThat(SharedPostgres.isStarted()).isTrue();
      assertThat(UsesSharedInfrastructure.stateAtClose).isNull();
    }

    assertThat(UsesSharedInfrastructure.stateAtClose).isEqualTo("kafka running, postgres running");
    assertThat(SharedKafka.isStarted()).isFalse();
    assertThat(SharedPostgres.isStarted()).isFalse();
    assertRefusesConnections(UsesSharedInfrastructure.brokerAddress);
    assertRefusesConnections(UsesSharedInfrastructure.postgresAddress);
  }

  private static void assertRefusesConnections(InetSocketAddress address) {
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(address, 1_000);
      }
    }).as("connecting to %s", address).isInstanceOf(ConnectException.class);
  }

  /** Not run by Surefire itself (nested classes are excluded); run by the test above. */
  static class UsesSharedInfrastructure {

    static volatile String stateAtClose;
    static volatile InetSocketAddress brokerAddress;
    static volatile InetSocketAddress postgresAddress;

    @Test
    void uses_the_broker_and_the_database() throws IOException {
      String[] hostAndPort = SharedKafka.bootstrapServers().split(":");
      brokerAddress = new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1]));
      PostgresDatabase database = SharedPostgres.newDatabase();
      postgresAddress = new InetSocketAddress("127.0.0.1", database.port());
      SharedInfrastructure.closeAtSessionEnd(() -> stateAtClose =
          (SharedKafka.isStarted() ? "kafka running" : "kafka stopped") + ", "
              + (SharedPostgres.isStarted() ? "postgres running" : "postgres stopped"));
    }
  }
}
