package org.contactability.platform.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment descriptors of the repository as the local cluster reads them: docker-compose.yml (each service's
 * {@code environment:}, anchors merged; the broker's settings; which services run a jar of the Dockerfile) and the
 * Kubernetes manifests (each workload's environment through its ConfigMaps, the broker configuration of the Strimzi
 * Kafka, the KafkaTopic resources). One reader for the launcher and for the test that keeps the three in agreement.
 */
public final class Descriptors {

  /** A value the manifests take from a Secret: what it holds is the hospital's, not the repository's. */
  public static final String FROM_SECRET = "<secret>";

  private final Map<String, Object> compose;
  private final List<Map<String, Object>> manifests;

  private Descriptors(Map<String, Object> compose, List<Map<String, Object>> manifests) {
    this.compose = compose;
    this.manifests = manifests;
  }

  /** Reads {@code docker-compose.yml} and {@code deploy/kubernetes/*.yaml} under the repository root {@code root}. */
  public static Descriptors read(Path root) {
    Map<String, Object> compose = map(load(root.resolve("docker-compose.yml")).get(0));
    List<Map<String, Object>> manifests = new ArrayList<>();
    try (var files = Files.list(root.resolve("deploy/kubernetes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        load(file).stream().filter(Map.class::isInstance).map(Descriptors::map).forEach(manifests::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the Kubernetes manifests under " + root, e);
    }
    return new Descriptors(compose, manifests);
  }

  /** The compose services built from a target of the Dockerfile, in the file's order, with that target. */
  public Map<String, String> builtServices() {
    Map<String, String> built = new LinkedHashMap<>();
    map(compose.get("services")).forEach((name, definition) -> {
      Object build = map(definition).get("build");
      if (build != null) {
        built.put(name, String.valueOf(map(build).get("target")));
      }
    });
    return built;
  }

  /** What compose sets in {@code service}'s environment, every value as the text the process sees. */
  public Map<String, String> composeEnvironment(String service) {
    Map<String, Object> definition = map(map(compose.get("services")).get(service));
    if (definition.isEmpty()) {
      throw new IllegalArgumentException("docker-compose.yml has no service " + service);
    }
    Map<String, String> env = new TreeMap<>();
    map(definition.get("environment")).forEach((name, value) -> env.put(name, String.valueOf(value)));
    return env;
  }

  /** The port compose publishes {@code service} on (the host side of its first mapping). */
  public int composePublishedPort(String service) {
    return Integer.parseInt(firstPortMapping(service).split(":")[0]);
  }

  /** The port {@code service} listens on inside its container (the container side of its first mapping). */
  public int composeContainerPort(String service) {
    String[] mapping = firstPortMapping(service).split(":");
    return Integer.parseInt(mapping[mapping.length - 1]);
  }

  private String firstPortMapping(String service) {
    Object ports = map(map(compose.get("services")).get(service)).get("ports");
    if (!(ports instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("docker-compose.yml publishes no port of " + service);
    }
    return String.valueOf(list.get(0));
  }

  /**
   * What a workload of the manifests sets in its container's environment: its ConfigMaps ({@code envFrom}) and its
   * {@code env} entries, where a value from a Secret reads {@link #FROM_SECRET}. Empty when there is no such workload.
   */
  public Map<String, String> manifestEnvironment(String workload) {
    Map<String, Map<String, Object>> configMaps = new LinkedHashMap<>();
    for (Map<String, Object> resource : manifests) {
      if ("ConfigMap".equals(resource.get("kind"))) {
        configMaps.put(String.valueOf(map(resource.get("metadata")).get("name")), map(resource.get("data")));
      }
    }
    Map<String, String> env = new TreeMap<>();
    for (Map<String, Object> resource : manifests) {
      Object kind = resource.get("kind");
      if (!("Deployment".equals(kind) || "StatefulSet".equals(kind))
          || !workload.equals(map(resource.get("metadata")).get("name"))) {
        continue;
      }
      Map<String, Object> pod = map(map(map(resource.get("spec")).get("template")).get("spec"));
      Map<String, Object> container = map(((List<?>) pod.get("containers")).get(0));
      for (Object source : list(container.get("envFrom"))) {
        Object configMap = map(source).get("configMapRef");
        if (configMap != null) {
          configMaps.getOrDefault(String.valueOf(map(configMap).get("name")), Map.of())
              .forEach((name, value) -> env.put(name, String.valueOf(value)));
        }
      }
      for (Object entry : list(container.get("env"))) {
        Map<String, Object> variable = map(entry);
        env.put(String.valueOf(variable.get("name")),
            variable.containsKey("value") ? String.valueOf(variable.get("value")) : FROM_SECRET);
      }
    }
    return env;
  }

  /** The broker configuration of the manifests' Strimzi {@code Kafka} resource ({@code spec.kafka.config}). */
  public Map<String, String> strimziBrokerConfig() {
    Map<String, String> config = new TreeMap<>();
    manifests.stream().filter(resource -> "Kafka".equals(resource.get("kind"))).findFirst()
        .map(kafka -> map(map(map(kafka.get("spec")).get("kafka")).get("config")))
        .orElseThrow(() -> new IllegalStateException("deploy/kubernetes has no Strimzi Kafka resource"))
        .forEach((name, value) -> config.put(name, String.valueOf(value)));
    return config;
  }

  /** A topic as a Strimzi {@code KafkaTopic} of the manifests declares it. */
  public record Topic(String name, int partitions, int replicas, Map<String, String> config) {
  }

  /** Every {@code KafkaTopic} of the manifests. */
  public List<Topic> strimziTopics() {
    List<Topic> topics = new ArrayList<>();
    for (Map<String, Object> resource : manifests) {
      if ("KafkaTopic".equals(resource.get("kind"))) {
        Map<String, Object> spec = map(resource.get("spec"));
        Map<String, String> config = new TreeMap<>();
        map(spec.get("config")).forEach((name, value) -> config.put(name, String.valueOf(value)));
        topics.add(new Topic(String.valueOf(spec.get("topicName")), ((Number) spec.get("partitions")).intValue(),
            ((Number) spec.get("replicas")).intValue(), config));
      }
    }
    return topics;
  }

  private static List<Object> load(Path file) {
    // Compose's environment blocks merge shared blocks with "<<:"; SnakeYAML's safe loader resolves merge keys.
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Object> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      yaml.loadAll(reader).forEach(document -> {
        if (document != null) {
          documents.add(document);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
    return documents;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }
}
