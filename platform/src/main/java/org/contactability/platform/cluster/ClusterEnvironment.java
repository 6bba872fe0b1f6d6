package org.contactability.platform.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment of each process of the local cluster, made from docker-compose.yml: every variable compose sets for
 * a service, its addresses moved from compose's network to this machine (the brokers, the registry, the identity
 * provider, the HIS database, the other services, the volumes), plus the few settings a cluster of several instances
 * needs, taken from the Kubernetes manifests. Nothing else: a variable compose adds reaches the cluster's processes
 * at their next start, and an address compose names that this class cannot place stops the start with its name.
 *
 * <p>The identity provider differs: compose runs Keycloak, the cluster the platform's own (Spring Authorization
 * Server), so the realm's endpoints become that provider's, and the console reads the user name from {@code sub}
 * (Keycloak's {@code preferred_username} is not a claim of the platform's provider).
 */
public final class ClusterEnvironment {

  /**
   * Settings of the manifests that compose leaves out because it runs one instance on one broker: replicated internal
   * topics, Kafka Streams standbys, and topics made by the platform's topic provisioning rather than by each service
   * (the cluster provisions the manifests' KafkaTopics, as Strimzi does).
   */
  public static final Pattern MULTI_INSTANCE = Pattern.compile(
      "CONTACTABILITY_KAFKA_REPLICATIONFACTOR|CONTACTABILITY_KAFKA_PROVISIONTOPICS|.*_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS");

  /** The one provider stand-in both notifiers send to and settle against, as a hospital's share one Twilio. */
  public static final String SANDBOX_URL = "NOTIFIER_SANDBOX_URL";
  public static final String SERVER_PORT = "SERVER_PORT";
  /** One clock offset for every process, so that tests and demos move the cluster's time as {@code /api/clock} does. */
  public static final String CLOCK_OFFSET_FILE = "CONTACTABILITY_CLOCK_OFFSETFILE";

  private static final String VOLUME = "/var/lib/contactability/";
  private static final String KEYS = VOLUME + "keys/";
  private static final String REALM = "/realms/contactability";
  /** Keycloak's OIDC endpoints under its realm, and the same endpoints of Spring Authorization Server. */
  private static final Map<String, String> IDENTITY_ENDPOINTS = Map.of(
      "/protocol/openid-connect/auth", "/oauth2/authorize",
      "/protocol/openid-connect/token", "/oauth2/token",
      "/protocol/openid-connect/certs", "/oauth2/jwks",
      "/protocol/openid-connect/userinfo", "/userinfo");

  private final Descriptors descriptors;
  private final ClusterLayout layout;

  public ClusterEnvironment(Descriptors descriptors, ClusterLayout layout) {
    this.descriptors = descriptors;
    this.layout = layout;
  }

  /** The environment of {@code instance}: compose's for its service, rewritten, plus the cluster's settings. */
  public Map<String, String> of(ClusterLayout.Instance instance) {
    Map<String, String> env = new TreeMap<>();
    List<String[]> rewrites = rewrites(instance);
    descriptors.composeEnvironment(instance.service()).forEach((name, value) ->
        env.put(name, rewrite(instance.service(), name, value, rewrites)));
    descriptors.manifestEnvironment(instance.service()).forEach((name, value) -> {
      if (MULTI_INSTANCE.matcher(name).matches() && !env.containsKey(name)) {
        env.put(name, value);
      }
    });
    env.put(SERVER_PORT, Integer.toString(layout.port(instance.service(), instance.number())));
    env.put(CLOCK_OFFSET_FILE, layout.clockOffsetFile().toString());
    if (instance.service().equals("notifier-service")) {
      env.put(SANDBOX_URL, layout.sandboxUrl());
    }
    return env;
  }

  /** The HIS init job's environment: compose's {@code his-init}, its database address moved to this machine. */
  public Map<String, String> hisInit() {
    Map<String, String> env = new TreeMap<>();
    List<String[]> rewrites = rewrites(null);
    descriptors.composeEnvironment("his-init").forEach((name, value) ->
        env.put(name, rewrite("his-init", name, value, rewrites)));
    return env;
  }

  private String rewrite(String service, String name, String value, List<String[]> rewrites) {
    String result = value;
    if (name.endsWith("_DATABASE_HOST") && value.equals("postgres")) {
      result = "localhost";
    } else if (name.endsWith("_DATABASE_PORT") && value.equals(Integer.toString(descriptors.composeContainerPort("postgres")))) {
      result = Integer.toString(layout.postgresPort());
    } else if (name.endsWith("_USERNAMEATTRIBUTE") && value.equals("preferred_username")) {
      result = "sub";
    } else {
      for (String[] rewrite : rewrites) {
        result = result.replace(rewrite[0], rewrite[1]);
      }
    }
    for (String composeOnly : composeOnlyNames()) {
      if (result.contains(composeOnly)) {
        throw new IllegalStateException("docker-compose.yml sets " + name + "=" + value + " for " + service
            + ", an address of compose's network (" + composeOnly + ") the local cluster cannot place; teach"
            + " ClusterEnvironment where it is on this machine");
      }
    }
    return result;
  }

  /** Compose's addresses and paths, longest first, each with where it is in the cluster. */
  private List<String[]> rewrites(ClusterLayout.Instance instance) {
    List<String[]> rewrites = new ArrayList<>();
    rewrites.add(new String[] {"kafka:" + internalKafkaPort(), layout.bootstrapServers()});
    rewrites.add(new String[] {"http://schema-registry:" + descriptors.composeContainerPort("schema-registry"),
        "http://localhost:" + layout.registryPort()});
    rewrites.add(new String[] {"postgres:" + descriptors.composeContainerPort("postgres"),
        "localhost:" + layout.postgresPort()});
    for (String realmBase : List.of(descriptors.composeEnvironment("keycloak").get("KC_HOSTNAME") + REALM,
        "http://keycloak:" + descriptors.composeContainerPort("keycloak") + REALM)) {
      IDENTITY_ENDPOINTS.forEach((keycloak, platform) ->
          rewrites.add(new String[] {realmBase + keycloak, layout.issuer() + platform}));
      rewrites.add(new String[] {realmBase, layout.issuer()});
    }
    for (String service : layout.services().keySet()) {
      String here = layout.url(service, 1);
      rewrites.add(new String[] {"http://" + service + ":" + descriptors.composeContainerPort(service), here});
      rewrites.add(new String[] {"http://localhost:" + descriptors.composePublishedPort(service), here});
    }
    rewrites.add(new String[] {KEYS, layout.keysDirectory() + "/"});
    if (instance != null) {
      rewrites.add(new String[] {VOLUME, layout.instanceDirectory(instance) + "/"});
    }
    rewrites.sort(Comparator.comparingInt((String[] rewrite) -> rewrite[0].length()).reversed());
    return rewrites;
  }

  private int internalKafkaPort() {
    String listeners = descriptors.composeEnvironment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
    for (String listener : listeners.split(",")) {
      if (listener.contains("//kafka:")) {
        return Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
      }
    }
    throw new IllegalStateException("docker-compose.yml's broker advertises no listener on the host name kafka");
  }

  /** What must not be left in a value: host names of compose's network and paths of its volumes. */
  private List<String> composeOnlyNames() {
    List<String> names = new ArrayList<>(List.of("//kafka:", "kafka:", "keycloak:", "schema-registry:", "postgres:",
        REALM, VOLUME));
    layout.services().keySet().forEach(service -> names.add("//" + service + ":"));
    return names;
  }
}
