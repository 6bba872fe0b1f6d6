package org.contactability.platform.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each part of the local cluster lives: ports (compose's published ports, shifted by {@code portOffset}; a
 * second instance of a service 100 above its first), data directories, and how many instances of each service run.
 *
 * @param data                  the data directory: brokers' logs, the HIS, the registry's journal, each instance's state
 * @param portOffset            added to every port, so that a second cluster (a test) runs beside the first
 * @param instances             instances of each service (the console runs once; of his-connector's, the one holding
 *                              the slot's lock captures and the others stand by)
 * @param services              the compose services the cluster runs from their jars, in start order, with the
 *                              Dockerfile target each is built from
 * @param publishedPorts        the port compose publishes each of those on
 */
public record ClusterLayout(Path data, int portOffset, int instances,
    Map<String, String> services, Map<String, Integer> publishedPorts) {

  public static final String CONSOLE = "console";
  public static final int BROKERS = 3;

  private static final int SECOND_INSTANCE_STEP = 100;

  /** The layout for the services {@code descriptors} builds from the Dockerfile (the HIS init job aside). */
  public static ClusterLayout of(Descriptors descriptors, Path data, int portOffset, int instances) {
    Map<String, String> services = new LinkedHashMap<>(descriptors.builtServices());
    services.remove("his-init");
    Map<String, Integer> ports = new LinkedHashMap<>();
    services.keySet().forEach(service -> ports.put(service, descriptors.composePublishedPort(service)));
    return new ClusterLayout(data, portOffset, instances, Collections.unmodifiableMap(services),
        Collections.unmodifiableMap(ports));
  }

  /** How many instances of {@code service} run. */
  public int instancesOf(String service) {
    return CONSOLE.equals(service) ? 1 : instances;
  }

  /** The HTTP port of instance {@code instance} (from 1) of {@code service}. */
  public int port(String service, int instance) {
    Integer published = publishedPorts.get(service);
    if (published == null) {
      throw new IllegalArgumentException("The cluster runs no service " + service);
    }
    return published + portOffset + SECOND_INSTANCE_STEP * (instance - 1);
  }

  /** Every instance the cluster runs, as {@code service-n}, services in the order of docker-compose.yml. */
  public List<Instance> allInstances() {
    List<Instance> all = new ArrayList<>();
    for (String service : services.keySet()) {
      for (int n = 1; n <= instancesOf(service); n++) {
        all.add(new Instance(service, n, services.get(service)));
      }
    }
    return all;
  }

  /** One process of a service. */
  public record Instance(String service, int number, String dockerTarget) {
    public String name() {
      return service + "-" + number;
    }
  }

  public Path instanceDirectory(Instance instance) {
    return data.resolve(instance.name());
  }

  /** The file every process reads its clock's offset from ({@code OffsetFileClock}). */
  public Path clockOffsetFile() {
    return data.resolve("clock-offset");
  }

  public Path keysDirectory() {
    return data.resolve("keys");
  }

  public int registryPort() {
    return 8081 + portOffset;
  }

  /** The provider stand-in both notifiers send to (the sandbox served once, {@code SandboxServer}). */
  public int sandboxPort() {
    return 8089 + portOffset;
  }

  public String sandboxUrl() {
    return "http://localhost:" + sandboxPort();
  }

  /** What the shared stand-in received: the cluster's count from the provider's side. */
  public Path sandboxJournal() {
    return data.resolve("sandbox").resolve("journal.jsonl");
  }

  public int identityPort() {
    return 9000 + portOffset;
  }

  public int postgresPort() {
    return 15432 + portOffset;
  }

  /** Broker {@code node} (1 to 3): clients' port 9092, 9094, 9096 (shifted), its controller the port above. */
  public int brokerPort(int node) {
    return 9092 + portOffset + 2 * (node - 1);
  }

  public int controllerPort(int node) {
    return brokerPort(node) + 1;
  }

  public String bootstrapServers() {
    List<String> brokers = new ArrayList<>();
    for (int node = 1; node <= BROKERS; node++) {
      brokers.add("localhost:" + brokerPort(node));
    }
    return String.join(",", brokers);
  }

  public String issuer() {
    return "http://localhost:" + identityPort();
  }

  public String url(String service, int instance) {
    return "http://localhost:" + port(service, instance);
  }
}
