package org.contactability.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, the Kubernetes manifests and bin/cluster set the same environment for every service: bin/cluster
 * runs each service with exactly what compose sets (addresses moved to this machine), plus the multi-instance
 * settings of the manifests; and the manifests set every variable compose sets, with the same value wherever the
 * value is not an address, a file or a secret of the hospital's. Reads the repository's own descriptors.
 */
class ClusterEnvironmentTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Descriptors DESCRIPTORS = Descriptors.read(ROOT);
  private static final ClusterLayout LAYOUT = ClusterLayout.of(DESCRIPTORS, Path.of("/data"), 0, 2);

  /**
   * What compose sets that the manifests rightly leave out, each with why. Anything else compose sets, the manifests
   * must set too.
   */
  private static final Map<String, Set<String>> COMPOSE_ONLY = Map.of(
      // Compose validates Keycloak's issuer as the host sees it and fetches keys inside its network; in a cluster the
      // issuer is one address both sides reach, and Spring finds the keys from it.
      "*", Set.of("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI"),
      // The same split for the console's login (the manifests give the provider's issuer-uri), and the patient-phone
      // page, which must never run where real patients are messaged.
      "console", Set.of("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_PLATFORM_AUTHORIZATIONURI",
          "SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_PLATFORM_TOKENURI",
          "SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_PLATFORM_JWKSETURI",
          "SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_PLATFORM_USERINFOURI",
          "SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_PLATFORM_USERNAMEATTRIBUTE",
          "CONTACTABILITY_CONSOLE_SANDBOX_ENABLED", "CONTACTABILITY_CONSOLE_SANDBOX_NOTIFIERURL",
          "CONTACTABILITY_CONSOLE_SANDBOX_RESPONSEURL", "CONTACTABILITY_CONSOLE_SANDBOX_RESPONSEPUBLICURL"));

  @Test
  void runsEveryServiceOfComposeFromItsDockerfileTarget() {
    assertThat(LAYOUT.services()).containsOnlyKeys("his-connector", "scheduler-service", "notifier-service",
        "response-service", "waitlist-service", "console");
    assertThat(LAYOUT.allInstances()).extracting(ClusterLayout.Instance::name).containsExactly(
        "his-connector-1", "his-connector-2", "scheduler-service-1", "scheduler-service-2", "notifier-service-1", "notifier-service-2",
        "response-service-1", "response-service-2", "waitlist-service-1", "waitlist-service-2", "console-1");
  }

  @Test
  void everyProcessGetsWhatComposeSetsWithTheAddressesOfThisMachine() {
    for (ClusterLayout.Instance instance : LAYOUT.allInstances()) {
      Map<String, String> compose = DESCRIPTORS.composeEnvironment(instance.service());
      Map<String, String> cluster = new ClusterEnvironment(DESCRIPTORS, LAYOUT).of(instance);
      assertThat(cluster).as(instance.name()).containsKeys(compose.keySet().toArray(String[]::new));
      compose.forEach((name, value) -> assertThat(sameModuloAddresses(value, cluster.get(name)))
          .as("%s: %s is %s in compose, %s in bin/cluster", instance.name(), name, value, cluster.get(name)).isTrue());
    }
  }

  @Test
  void movesEachAddressToWhereItIsInTheCluster() {
    ClusterEnvironment environment = new ClusterEnvironment(DESCRIPTORS, LAYOUT);
    Map<String, String> notifier2 = environment.of(new ClusterLayout.Instance("notifier-service", 2, "notifier-service"));
    assertThat(notifier2).containsEntry("SPRING_KAFKA_BOOTSTRAPSERVERS", "localhost:9092,localhost:9094,localhost:9096")
        .containsEntry("CONTACTABILITY_KAFKA_SCHEMAREGISTRYURL", "http://localhost:8081")
        .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", "http://localhost:9000")
        .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI", "http://localhost:9000/oauth2/jwks")
        .containsEntry("NOTIFIER_TWILIO_STATUSCALLBACKURL", "http://localhost:8084/twilio/status")
        .containsEntry("CONTACTABILITY_PRIVACY_KEK_LOCAL_KEYSETFILE", "/data/keys/kek.json")
        .containsEntry("SERVER_PORT", "8184")
        .containsEntry("CONTACTABILITY_CLOCK_OFFSETFILE", "/data/clock-offset")
        .containsEntry(ClusterEnvironment.SANDBOX_URL, "http://localhost:8089");
    Map<String, String> console = environment.of(new ClusterLayout.Instance("console", 1, "console"));
    assertThat(console).containsEntry("CONTACTABILITY_CONSOLE_SANDBOX_NOTIFIERURL", "http://localhost:8084")
        .containsEntry("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_PLATFORM_TOKENURI", "http://localhost:9000/oauth2/token")
        .containsEntry("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_PLATFORM_USERNAMEATTRIBUTE", "sub");
    Map<String, String> connector = environment.of(new ClusterLayout.Instance("his-connector", 1, "his-connector"));
    assertThat(connector).containsEntry("CONTACTABILITY_HISCONNECTOR_DATABASE_HOST", "localhost")
        .containsEntry("CONTACTABILITY_HISCONNECTOR_DATABASE_PORT", "15432");
    assertThat(environment.of(new ClusterLayout.Instance("scheduler-service", 2, "scheduler-service")))
        .containsEntry("SCHEDULER_STREAMS_STATEDIR", "/data/scheduler-service-2/scheduler-streams");
    assertThat(environment.hisInit()).containsEntry("HIS_JDBC_URL", "jdbc:postgresql://localhost:15432/his");
  }

  @Test
  void addsOnlyTheManifestsMultiInstanceSettingsWithTheirValues() {
    for (ClusterLayout.Instance instance : LAYOUT.allInstances()) {
      Map<String, String> manifests = DESCRIPTORS.manifestEnvironment(instance.service());
      Map<String, String> added = new TreeMap<>(new ClusterEnvironment(DESCRIPTORS, LAYOUT).of(instance));
      added.keySet().removeAll(DESCRIPTORS.composeEnvironment(instance.service()).keySet());
      added.remove(ClusterEnvironment.SERVER_PORT);
      added.remove(ClusterEnvironment.SANDBOX_URL);
      added.remove(ClusterEnvironment.CLOCK_OFFSET_FILE);
      added.forEach((name, value) -> {
        assertThat(name).as(instance.name()).matches(ClusterEnvironment.MULTI_INSTANCE);
        assertThat(value).as("%s: %s", instance.name(), name).isEqualTo(manifests.get(name));
      });
      manifests.keySet().stream().filter(name -> ClusterEnvironment.MULTI_INSTANCE.matcher(name).matches())
          .forEach(name -> assertThat(added).as(instance.name()).containsKey(name));
    }
    assertThat(new ClusterEnvironment(DESCRIPTORS, LAYOUT).of(new ClusterLayout.Instance("waitlist-service", 1, "w")))
        .containsEntry("WAITLIST_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS", "1")
        .containsEntry("CONTACTABILITY_KAFKA_REPLICATIONFACTOR", "3");
  }

  @Test
  void theManifestsSetWhatComposeSetsWithTheSameValuesBeyondAddressesFilesAndSecrets() {
    List<String> problems = new ArrayList<>();
    for (String service : LAYOUT.services().keySet()) {
      Map<String, String> manifests = DESCRIPTORS.manifestEnvironment(service);
      assertThat(manifests).as("the manifests' workload " + service).isNotEmpty();
      DESCRIPTORS.composeEnvironment(service).forEach((name, value) -> {
        if (COMPOSE_ONLY.get("*").contains(name) || COMPOSE_ONLY.getOrDefault(service, Set.of()).contains(name)) {
          return;
        }
        String there = manifests.get(name);
        if (there == null) {
          problems.add(service + ": compose sets " + name + ", the manifests do not");
        } else if (!there.equals(Descriptors.FROM_SECRET) && !isPlace(value) && !value.equals(there)) {
          problems.add(service + ": " + name + " is " + value + " in compose, " + there + " in the manifests");
        }
      });
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theBrokersRunComposesSettingsWithTheManifestsReplication() {
    Map<String, String> node2 = ClusterBroker.settings(DESCRIPTORS, LAYOUT, 2);
    assertThat(node2).containsEntry("node.id", "2")
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097")
        .containsEntry("advertised.listeners", "INTERNAL://localhost:9094")
        .containsEntry("inter.broker.listener.name", "INTERNAL")
        .containsEntry("auto.create.topics.enable", "false")
        .containsEntry("default.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2");
    assertThat(DESCRIPTORS.strimziTopics()).isNotEmpty().allSatisfy(topic -> {
      assertThat(topic.replicas()).as(topic.name()).isEqualTo(3);
      assertThat(topic.config()).as(topic.name()).containsEntry("min.insync.replicas", "2");
    });
  }

  @Test
  void refusesAComposeAddressItCannotPlace(@org.junit.jupiter.api.io.TempDir Path copy) throws IOException {
    Files.writeString(copy.resolve("docker-compose.yml"), Files.readString(ROOT.resolve("docker-compose.yml"))
        .replace("NOTIFIER_LINKSBASEURL: http://localhost:8085", "NOTIFIER_LINKSBASEURL: http://keycloak:8080/links"));
    Files.createDirectories(copy.resolve("deploy"));
    Files.createSymbolicLink(copy.resolve("deploy/kubernetes"), ROOT.resolve("deploy/kubernetes"));
    Descriptors broken = Descriptors.read(copy);
    ClusterEnvironment environment = new ClusterEnvironment(broken, ClusterLayout.of(broken, Path.of("/data"), 0, 2));
    assertThatThrownBy(() -> environment.of(new ClusterLayout.Instance("notifier-service", 1, "notifier-service")))
        .hasMessageContaining("NOTIFIER_LINKSBASEURL").hasMessageContaining("keycloak:");
  }

  /** An address, a port or a file: where a thing is, which each deployment says for itself. */
  private static boolean isPlace(String value) {
    return value.contains("://") || value.startsWith("/") || value.matches("[a-z0-9.-]+:\\d+(,[a-z0-9.-]+:\\d+)*")
        || value.matches("\\d{2,5}") || value.equals("localhost") || DESCRIPTORS.builtServices().containsKey(value)
        || value.equals("postgres");
  }

  /** Equal once every address and path is set aside (compose's and the cluster's differ only there). */
  private static boolean sameModuloAddresses(String compose, String cluster) {
    return compose.equals(cluster) || isPlace(compose) && isPlace(cluster)
        || compose.equals("preferred_username") && cluster.equals("sub");
  }
}
