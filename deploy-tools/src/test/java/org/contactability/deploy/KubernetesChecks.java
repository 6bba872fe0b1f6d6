package org.contactability.deploy;

import static org.contactability.deploy.Descriptors.at;
import static org.contactability.deploy.Descriptors.list;
import static org.contactability.deploy.Descriptors.map;
import static org.contactability.deploy.Descriptors.string;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.contactability.deploy.Descriptors.Address;
import org.contactability.deploy.ServiceCatalogue.Service;
import org.contactability.deploy.Settings.Setting;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;

/** deploy/kubernetes against the code. */
final class KubernetesChecks {

  /** Off, his-connector starts its engine at once, as a single instance must. */
  static final String CAPTURE_LEADERSHIP = "contactability.his-connector.capture.leadership.enabled";

  static final Path DIRECTORY = ServiceCatalogue.ROOT.resolve("deploy/kubernetes");
  static final String STRIMZI_API = "kafka.strimzi.io/v1";
  static final String LIVENESS = "/actuator/health/liveness";
  static final String READINESS = "/actuator/health/readiness";
  /** Room for metaspace, threads, direct buffers (and RocksDB) beside the heap. */
  static final long NON_HEAP_MIB = 256;

  /** A manifest with the file it came from. */
  record Resource(String file, Map<String, Object> document) {

    String kind() {
      return string(document.get("kind"));
    }

    String name() {
      return string(at(document, "metadata.name"));
    }

    String describe() {
      return file + " " + kind() + "/" + name();
    }
  }

  private final ServiceCatalogue catalogue;
  private final List<Resource> resources;
  private final List<Resource> secretsExample;
  private final List<Resource> monitoring;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> issuers = new LinkedHashMap<>();
  private final Map<String, String> keysets = new LinkedHashMap<>();

  KubernetesChecks(ServiceCatalogue catalogue, List<Resource> resources, List<Resource> secretsExample,
      List<Resource> monitoring) {
    this.catalogue = catalogue;
    this.resources = resources;
    this.secretsExample = secretsExample;
    this.monitoring = monitoring;
  }

  /** The resources kustomization.yaml lists, checking that it lists every manifest of the directory. */
  static List<Resource> load(Path directory, List<String> problems) {
    Map<String, Object> kustomization = Descriptors.load(directory.resolve("kustomization.yaml"));
    List<String> listed = list(kustomization.get("resources")).stream().map(String::valueOf).toList();
    List<Resource> resources = new ArrayList<>();
    for (String file : listed) {
      Path path = directory.resolve(file);
      if (!Files.exists(path)) {
        problems.add(directory.getFileName() + "/kustomization.yaml lists " + file + ", which does not exist");
        continue;
      }
      for (Map<String, Object> document : Descriptors.loadAll(path)) {
        resources.add(new Resource(file, document));
      }
    }
    try (Stream<Path> files = Files.list(directory)) {
      files.map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml") && !f.equals("secrets.example.yaml"))
          .filter(f -> !listed.contains(f))
          .forEach(f -> problems.add(directory.getFileName() + "/" + f + " is not in kustomization.yaml's resources"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resources;
  }

  List<String> problems() {
    Resource kafka = checkStrimzi();
    for (Service service : catalogue.services().values()) {
      checkService(service, kafka);
    }
    checkPodMonitors();
    KeysetChecks.checkShared("deploy/kubernetes", keysets, problems);
    IdentityChecks.checkOneIssuer("deploy/kubernetes", issuers, problems);
    for (Resource resource : resources) {
      Map<String, Object> pod = podSpec(resource);
      if (pod != null && !Boolean.FALSE.equals(pod.get("enableServiceLinks"))) {
        problems.add(resource.describe() + ": set enableServiceLinks: false; Kubernetes otherwise adds <SERVICE>_PORT "
            + "variables for every Service, which Spring's relaxed binding (and the registry image) read as settings");
      }
    }
    return problems;
  }

  // ---------------------------------------------------------------------------------------------

  private Resource checkStrimzi() {
    List<Resource> kafkas = ofKind("Kafka");
    if (kafkas.size() != 1) {
      problems.add("deploy/kubernetes must hold exactly one Strimzi Kafka resource, found " + kafkas.size());
      return null;
    }
    Resource kafka = kafkas.get(0);
    for (Resource resource : resources) {
      String api = string(resource.document().get("apiVersion"));
      if (api != null && api.startsWith("kafka.strimzi.io/") && !api.equals(STRIMZI_API)) {
        problems.add(resource.describe() + ": apiVersion " + api + "; Strimzi 1.x serves only " + STRIMZI_API);
      }
    }
    int brokers = 0;
    boolean controllers = false;
    for (Resource pool : ofKind("KafkaNodePool")) {
      if (!kafka.name().equals(labels(pool.document()).get("strimzi.io/cluster"))) {
        problems.add(pool.describe() + ": not labelled strimzi.io/cluster: " + kafka.name());
      }
      List<Object> roles = list(at(pool.document(), "spec.roles"));
      int replicas = ((Number) at(pool.document(), "spec.replicas")).intValue();
      if (roles.contains("broker")) {
        brokers += replicas;
      }
      controllers |= roles.contains("controller");
    }
    if (brokers == 0 || !controllers) {
      problems.add("deploy/kubernetes: the node pools must give the cluster brokers and KRaft controllers");
    }
    if (at(kafka.document(), "spec.kafkaExporter") == null) {
      problems.add(kafka.describe() + ": no spec.kafkaExporter; the dashboard's consumer lag panel reads "
          + "kafka_consumergroup_lag from it");
    }
    for (Resource topic : ofKind("KafkaTopic")) {
      if (!kafka.name().equals(labels(topic.document()).get("strimzi.io/cluster"))) {
        problems.add(topic.describe() + ": labelled for cluster " + labels(topic.document()).get("strimzi.io/cluster")
            + ", the Kafka resource is " + kafka.name());
      }
      int replicas = ((Number) at(topic.document(), "spec.replicas")).intValue();
      if (replicas > brokers) {
        problems.add(topic.describe() + ": " + replicas + " replicas on " + brokers + " brokers");
      }
    }
    return kafka;
  }

  private void checkService(Service service, Resource kafka) {
    Resource workload = resources.stream()
        .filter(r -> (r.kind().equals("Deployment") || r.kind().equals("StatefulSet")) && r.name().equals(service.name()))
        .findFirst().orElse(null);
    if (workload == null) {
      problems.add("deploy/kubernetes has no Deployment or StatefulSet named " + service.name());
      return;
    }
    String where = workload.describe();
    Map<String, Object> pod = podSpec(workload);
    Map<String, Object> container = list(pod.get("containers")).stream().map(Descriptors::map)
        .filter(c -> service.name().equals(c.get("name"))).findFirst().orElse(null);
    if (container == null) {
      problems.add(where + ": no container named " + service.name());
      return;
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Object port : list(container.get("ports"))) {
      ports.put(string(map(port).get("name")), ((Number) map(port).get("containerPort")).intValue());
    }
    if (!ports.containsValue(service.port())) {
      problems.add(where + ": no containerPort " + service.port() + " (server.port of " + service.moduleName()
          + "), found " + ports.values());
    }
    checkKubernetesService(service, workload);

    Settings settings = new Settings(service, where);
    environment(where, container, settings);
    mountedFiles(where, pod, container, settings);
    settings.of("server.port").ifPresent(s -> {
      if (!String.valueOf(service.port()).equals(s.value())) {
        problems.add(where + ": " + s.source() + "=" + s.value() + ", the container port is " + service.port());
      }
    });
    settings.checkRequirements(problems);
    checkAddresses(where, settings, kafka);
    checkProbes(where, service, container, ports, settings);
    ComposeChecks.checkHealthGroups(where, service, settings, problems);
    checkResources(where, container, settings);
    checkReplication(where, service, workload, settings);
    KeysetChecks.keysetFile(where, service, settings, keysets, problems)
        .ifPresent(file -> checkKeysetSecret(where, service, pod, container, settings, file));
    IdentityChecks.recordIssuer(where, service, settings, issuers, problems);
  }

  /**
   * A local keyset in a pod must come from a Secret that secrets.example.yaml describes, mounted read-only, and the
   * pod must not make one of its own when it is missing.
   */
  private void checkKeysetSecret(String where, Service service, Map<String, Object> pod, Map<String, Object> container,
      Settings settings, String file) {
    if (!"false".equals(settings.value("contactability.privacy.kek.local.create-if-missing"))) {
      problems.add(where + ": set contactability.privacy.kek.local.create-if-missing to false"
          + " (CONTACTABILITY_PRIVACY_KEK_LOCAL_CREATEIFMISSING): a pod that finds no keyset must stop, not make"
          + " one that no other pod shares");
    }
    Map<String, Object> mount = list(container.get("volumeMounts")).stream().map(Descriptors::map)
        .filter(m -> file.startsWith(string(m.get("mountPath")) + "/")).findFirst().orElse(null);
    Map<String, Object> secret = mount == null ? Map.of() : list(pod.get("volumes")).stream().map(Descriptors::map)
        .filter(v -> Objects.equals(v.get("name"), mount.get("name"))).map(v -> map(v.get("secret")))
        .findFirst().orElse(Map.of());
    if (secret.isEmpty()) {
      problems.add(where + ": the keyset file " + file + " is on no volume from a Secret; each pod would make its own");
      return;
    }
    if (!Boolean.TRUE.equals(mount.get("readOnly"))) {
      problems.add(where + ": mount the keyset's Secret " + secret.get("secretName") + " readOnly: true");
    }
    String name = string(secret.get("secretName"));
    String key = file.substring(string(mount.get("mountPath")).length() + 1);
    boolean described = secretsExample.stream().anyMatch(r -> r.kind().equals("Secret") && r.name().equals(name)
        && map(r.document().get("stringData")).containsKey(key));
    if (!described) {
      problems.add(where + ": reads the keyset from secret " + name + " key " + key
          + ", which secrets.example.yaml does not describe");
    }
    keysets.put(service.name(), "secret " + name + "/" + key);
  }

  private void checkKubernetesService(Service service, Resource workload) {
    Resource kubernetesService = ofKind("Service").stream().filter(r -> r.name().equals(service.name())).findFirst()
        .orElse(null);
    if (kubernetesService == null) {
      problems.add("deploy/kubernetes has no Service named " + service.name());
      return;
    }
    Map<String, Object> selector = map(at(kubernetesService.document(), "spec.selector"));
    Map<String, Object> podLabels = map(at(workload.document(), "spec.template.metadata.labels"));
    selector.forEach((k, v) -> {
      if (!Objects.equals(podLabels.get(k), v)) {
        problems.add(kubernetesService.describe() + ": selector " + k + "=" + v + " matches no pod of "
            + workload.describe());
      }
    });
    for (Object portValue : list(at(kubernetesService.document(), "spec.ports"))) {
      Map<String, Object> port = map(portValue);
      Object target = port.get("targetPort");
      boolean ok = Objects.equals(String.valueOf(target), "http") || Objects.equals(String.valueOf(target),
          String.valueOf(service.port()));
      if (!ok || ((Number) port.get("port")).intValue() != service.port()) {
        problems.add(kubernetesService.describe() + ": port " + port.get("port") + " -> " + target + "; expected "
            + service.port() + " -> http (" + service.port() + ")");
      }
    }
  }

  private void environment(String where, Map<String, Object> container, Settings settings) {
    for (Object sourceValue : list(container.get("envFrom"))) {
      Map<String, Object> source = map(sourceValue);
      String configMap = string(at(source, "configMapRef.name"));
      if (configMap != null) {
        Resource resource = named("ConfigMap", configMap);
        if (resource == null) {
          problems.add(where + ": envFrom ConfigMap " + configMap + " is not in the manifests");
          continue;
        }
        map(resource.document().get("data")).forEach((k, v) -> settings.environment(k, String.valueOf(v), problems));
      }
      if (source.containsKey("secretRef")) {
        problems.add(where + ": envFrom secretRef hides which variables a secret sets; name each with secretKeyRef");
      }
    }
    for (Object variableValue : list(container.get("env"))) {
      Map<String, Object> variable = map(variableValue);
      String name = string(variable.get("name"));
      String value = string(variable.get("value"));
      Map<String, Object> secretRef = map(at(variable, "valueFrom.secretKeyRef"));
      Map<String, Object> configMapRef = map(at(variable, "valueFrom.configMapKeyRef"));
      if (!secretRef.isEmpty()) {
        String secret = string(secretRef.get("name"));
        String key = string(secretRef.get("key"));
        boolean known = secretsExample.stream().anyMatch(r -> r.kind().equals("Secret") && r.name().equals(secret)
            && map(r.document().get("stringData")).containsKey(key));
        if (!known) {
          problems.add(where + ": " + name + " reads secret " + secret + " key " + key
              + ", which secrets.example.yaml does not describe");
        }
        value = "<secret " + secret + "/" + key + ">";
      } else if (!configMapRef.isEmpty()) {
        Resource resource = named("ConfigMap", string(configMapRef.get("name")));
        value = resource == null ? null : string(map(resource.document().get("data")).get(configMapRef.get("key")));
        if (value == null) {
          problems.add(where + ": " + name + " reads a ConfigMap key that is not in the manifests");
        }
      } else if (value == null && at(variable, "valueFrom.fieldRef") == null) {
        problems.add(where + ": " + name + " has no value");
      }
      settings.environment(name, value == null ? "" : value, problems);
    }
  }

  /** ConfigMaps mounted as application.yml must be read by Spring, and bind to declared properties. */
  @SuppressWarnings("unchecked")
  private void mountedFiles(String where, Map<String, Object> pod, Map<String, Object> container, Settings settings) {
    Map<String, String> volumeConfigMaps = new LinkedHashMap<>();
    for (Object volume : list(pod.get("volumes"))) {
      String configMap = string(at(map(volume), "configMap.name"));
      if (configMap != null) {
        volumeConfigMaps.put(string(map(volume).get("name")), configMap);
      }
    }
    String locations = settings.environmentVariables().getOrDefault("SPRING_CONFIG_ADDITIONALLOCATION", "");
    for (Object mountValue : list(container.get("volumeMounts"))) {
      Map<String, Object> mount = map(mountValue);
      String configMap = volumeConfigMaps.get(string(mount.get("name")));
      if (configMap == null) {
        continue;
      }
      Resource resource = named("ConfigMap", configMap);
      if (resource == null) {
        problems.add(where + ": mounts ConfigMap " + configMap + ", which is not in the manifests");
        continue;
      }
      String directory = string(mount.get("mountPath"));
      String dir = directory.endsWith("/") ? directory : directory + "/";
      boolean read = List.of(locations.split(",")).stream().map(String::trim)
          .map(l -> l.replace("optional:", "").replace("file:", ""))
          .anyMatch(l -> l.equals(dir) || l.equals(directory));
      for (Map.Entry<String, Object> file : map(resource.document().get("data")).entrySet()) {
        if (!file.getKey().matches("application(-\\w+)?\\.ya?ml")) {
          continue;
        }
        if (!read) {
          problems.add(where + ": " + configMap + "/" + file.getKey() + " is mounted at " + directory
              + ", which Spring does not read (SPRING_CONFIG_ADDITIONALLOCATION is '" + locations + "')");
        }
        Map<String, Object> yaml = map(Descriptors.yaml().load(String.valueOf(file.getValue())));
        DeclaredProperties.flatten(yaml).forEach((key, value) ->
            settings.file(configMap + "/" + file.getKey(), key, String.valueOf(value), problems));
      }
    }
  }

  /**
   * Addresses: the broker is the Kafka resource's bootstrap Service on its plain listener; every other
   * address names a Service of the manifests on its port, or a host outside the cluster; never localhost.
   */
  private void checkAddresses(String where, Settings settings, Resource kafka) {
    for (Setting setting : settings.all()) {
      boolean bareHost = setting.property().endsWith(".host");
      for (Address address : Descriptors.addresses(setting.value(), bareHost)) {
        if (Descriptors.isLocal(address.host())) {
          problems.add(where + ": " + setting.source() + "=" + setting.value() + " points at localhost, which in a "
              + "pod is the pod itself");
          continue;
        }
        if (kafka != null && address.host().equals(kafka.name() + "-kafka-bootstrap")) {
          Set<Integer> listeners = new TreeSet<>();
          list(at(kafka.document(), "spec.kafka.listeners")).forEach(l -> listeners.add(
              ((Number) map(l).get("port")).intValue()));
          if (!listeners.contains(address.port())) {
            problems.add(where + ": " + setting.source() + " names port " + address.port() + " of the Kafka cluster, "
                + "whose listeners are " + listeners);
          }
          continue;
        }
        if (address.host().contains(".")) {
          continue;
        }
        Resource target = named("Service", address.host());
        if (target == null) {
          problems.add(where + ": " + setting.source() + "=" + setting.value() + " names host " + address.host()
              + ", which is no Service of the manifests");
        } else if (address.port() != null && list(at(target.document(), "spec.ports")).stream()
            .noneMatch(p -> ((Number) map(p).get("port")).intValue() == address.port())) {
          problems.add(where + ": " + setting.source() + " names port " + address.port() + " of Service "
              + address.host() + ", which has no such port");
        }
      }
    }
    if (kafka != null && settings.value("spring.kafka.bootstrap-servers") != null
        && !settings.value("spring.kafka.bootstrap-servers").startsWith(kafka.name() + "-kafka-bootstrap:")) {
      problems.add(where + ": spring.kafka.bootstrap-servers must be " + kafka.name() + "-kafka-bootstrap:<port> "
          + "(Strimzi's bootstrap Service of Kafka " + kafka.name() + ")");
    }
  }

  private void checkProbes(String where, Service service, Map<String, Object> container, Map<String, Integer> ports,
      Settings settings) {
    checkProbe(where, "livenessProbe", LIVENESS, container, ports, service);
    checkProbe(where, "readinessProbe", READINESS, container, ports, service);
    if (container.containsKey("startupProbe")) {
      checkProbe(where, "startupProbe", LIVENESS, container, ports, service);
    }
    // Spring Boot enables the probe groups by itself on Kubernetes; an explicit false would remove them.
    if ("false".equalsIgnoreCase(settings.value("management.endpoint.health.probes.enabled"))) {
      problems.add(where + ": management.endpoint.health.probes.enabled=false removes " + LIVENESS + " and " + READINESS);
    }
  }

  private void checkProbe(String where, String probe, String path, Map<String, Object> container,
      Map<String, Integer> ports, Service service) {
    Map<String, Object> httpGet = map(at(map(container.get(probe)), "httpGet"));
    if (httpGet.isEmpty()) {
      problems.add(where + ": no " + probe + " (httpGet " + path + ")");
      return;
    }
    if (!path.equals(string(httpGet.get("path")))) {
      problems.add(where + ": " + probe + " calls " + httpGet.get("path") + "; Spring Boot's group for it is " + path);
    }
    Object port = httpGet.get("port");
    Integer number = port instanceof Number n ? n.intValue() : ports.get(String.valueOf(port));
    if (number == null || number != service.port()) {
      problems.add(where + ": " + probe + " calls port " + port + ", the service listens on " + service.port());
    }
  }

  private void checkResources(String where, Map<String, Object> container, Settings settings) {
    Map<String, Object> resourcesSpec = map(container.get("resources"));
    for (String required : List.of("requests.cpu", "requests.memory", "limits.memory")) {
      if (at(resourcesSpec, required) == null) {
        problems.add(where + ": resources." + required + " is not set");
      }
    }
    long limit = Descriptors.quantityMiB(at(resourcesSpec, "limits.memory"));
    long heap = Descriptors.heapMiB(settings.environmentVariables().get("JAVA_TOOL_OPTIONS"));
    if (heap < 0) {
      problems.add(where + ": no -Xmx in JAVA_TOOL_OPTIONS; size the heap for the memory limit");
    } else if (limit > 0 && heap + NON_HEAP_MIB > limit) {
      problems.add(where + ": heap " + heap + " MiB leaves less than " + NON_HEAP_MIB + " MiB of the " + limit
          + " MiB limit for the rest of the JVM");
    }
  }

  /**
   * Debezium: one engine per replication slot, so several pods only with the capture's leadership on (a
   * standby waits for the slot's lock), and no state on disk. Kafka Streams: state on a volume, standby
   * replicas when there are several instances, no more instances than partitions, internal topics
   * replicated like the catalogue's.
   */
  private void checkReplication(String where, Service service, Resource workload, Settings settings) {
    int replicas = ((Number) Objects.requireNonNullElse(at(workload.document(), "spec.replicas"), 1)).intValue();
    if (service.debezium()) {
      if (!workload.kind().equals("Deployment")) {
        problems.add(where + ": " + service.name() + " keeps nothing on disk (offsets in Kafka): it must be a"
            + " Deployment");
      }
      if (replicas > 1 && "false".equalsIgnoreCase(settings.value(CAPTURE_LEADERSHIP))) {
        problems.add(where + ": " + service.name() + " runs " + replicas + " replicas with " + CAPTURE_LEADERSHIP
            + "=false: every pod would start an engine on the one replication slot, which only one engine may"
            + " stream; keep the leadership on (a standby waits for the slot's lock) or run replicas: 1");
      }
    }
    if (!service.kafkaStreams()) {
      return;
    }
    String stateProperty = ComposeChecks.stateDirectoryProperty(service);
    String stateDir = settings.value(stateProperty);
    if (stateDir == null || !stateDir.startsWith("/")) {
      problems.add(where + ": set " + stateProperty + " to a directory on a volume");
    } else {
      Map<String, Object> pod = podSpec(workload);
      Map<String, Object> container = list(pod.get("containers")).stream().map(Descriptors::map)
          .filter(c -> service.name().equals(c.get("name"))).findFirst().orElseThrow();
      Set<String> persistent = new TreeSet<>();
      list(at(workload.document(), "spec.volumeClaimTemplates")).forEach(t -> persistent.add(string(at(map(t),
          "metadata.name"))));
      list(pod.get("volumes")).stream().map(Descriptors::map)
          .filter(v -> v.containsKey("emptyDir") || v.containsKey("persistentVolumeClaim"))
          .forEach(v -> persistent.add(string(v.get("name"))));
      boolean onVolume = list(container.get("volumeMounts")).stream().map(Descriptors::map)
          .filter(m -> persistent.contains(string(m.get("name"))))
          .anyMatch(m -> stateDir.startsWith(string(m.get("mountPath")) + "/"));
      if (!onVolume) {
        problems.add(where + ": " + stateProperty + "=" + stateDir + " is on no volume claim or emptyDir (the "
            + "container's file system is read-only, and state must outlive the container)");
      }
    }
    if (replicas > 1) {
      boolean standby = settings.mapEntries("streams.properties.<any.key>").stream()
          .anyMatch(s -> String.join(".", s.binding().tail()).equals("num.standby.replicas")
              && Integer.parseInt(s.value()) >= 1);
      if (!standby) {
        String prefix = stateProperty.substring(0, stateProperty.length() - "state-dir".length());
        problems.add(where + ": " + replicas + " instances without standby replicas; set " + prefix
            + "properties.num.standby.replicas (" + Settings.environmentVariable(prefix + "properties")
            + "_NUM_STANDBY_REPLICAS) to 1 so that a lost instance's stores are warm elsewhere");
      }
    }
    int partitions = Topics.all().stream().mapToInt(TopicSpec::partitions).max().orElse(1);
    if (replicas > partitions) {
      problems.add(where + ": " + replicas + " instances, but the topics have " + partitions + " partitions: the extra"
          + " instances would get no task");
    }
    int topicReplicas = ofKind("KafkaTopic").stream()
        .mapToInt(t -> ((Number) at(t.document(), "spec.replicas")).intValue()).max().orElse(1);
    String replicationFactor = settings.value("contactability.kafka.replication-factor");
    if (replicationFactor == null || Integer.parseInt(replicationFactor) != topicReplicas) {
      problems.add(where + ": contactability.kafka.replication-factor is " + replicationFactor + "; Kafka Streams' "
          + "internal topics need the catalogue topics' " + topicReplicas + " replicas");
    }
  }

  /** Pods labelled for scraping are exactly the services that publish /actuator/prometheus. */
  private void checkPodMonitors() {
    List<Resource> monitors = monitoring.stream().filter(r -> r.kind().equals("PodMonitor")).toList();
    Resource services = monitors.stream()
        .filter(m -> list(at(m.document(), "spec.podMetricsEndpoints")).stream()
            .anyMatch(e -> "/actuator/prometheus".equals(map(e).get("path"))))
        .findFirst().orElse(null);
    if (services == null) {
      problems.add("deploy/kubernetes/monitoring has no PodMonitor for /actuator/prometheus");
      return;
    }
    Map<String, Object> selector = map(at(services.document(), "spec.selector.matchLabels"));
    for (Service service : catalogue.services().values()) {
      Resource workload = resources.stream()
          .filter(r -> (r.kind().equals("Deployment") || r.kind().equals("StatefulSet"))
              && r.name().equals(service.name())).findFirst().orElse(null);
      if (workload == null) {
        continue;
      }
      Map<String, Object> podLabels = map(at(workload.document(), "spec.template.metadata.labels"));
      boolean selected = selector.entrySet().stream().allMatch(e -> Objects.equals(podLabels.get(e.getKey()),
          e.getValue()));
      if (selected && !service.publishesPrometheus()) {
        problems.add(workload.describe() + ": its pods are scraped (" + selector + ") but " + service.name()
            + " publishes no /actuator/prometheus");
      } else if (!selected && service.publishesPrometheus()) {
        problems.add(workload.describe() + ": " + service.name() + " publishes /actuator/prometheus but its pods "
            + "lack the labels " + selector + " the PodMonitor selects");
      }
    }
    for (Object endpoint : list(at(services.document(), "spec.podMetricsEndpoints"))) {
      if (!"http".equals(map(endpoint).get("port"))) {
        problems.add(services.describe() + ": scrapes port " + map(endpoint).get("port") + ", the services name "
            + "their port http");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private List<Resource> ofKind(String kind) {
    return resources.stream().filter(r -> kind.equals(r.kind())).toList();
  }

  private Resource named(String kind, String name) {
    return resources.stream().filter(r -> kind.equals(r.kind()) && name.equals(r.name())).findFirst().orElse(null);
  }

  private static Map<String, Object> labels(Map<String, Object> document) {
    return map(at(document, "metadata.labels"));
  }

  private static Map<String, Object> podSpec(Resource resource) {
    if (!List.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(resource.kind())) {
      return null;
    }
    return map(at(resource.document(), "spec.template.spec"));
  }
}
