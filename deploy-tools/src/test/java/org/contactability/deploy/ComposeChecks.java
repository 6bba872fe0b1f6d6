package org.contactability.deploy;

import static org.contactability.deploy.Descriptors.interpolate;
import static org.contactability.deploy.Descriptors.list;
import static org.contactability.deploy.Descriptors.map;
import static org.contactability.deploy.Descriptors.string;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.contactability.deploy.Descriptors.Address;
import org.contactability.deploy.ServiceCatalogue.Service;
import org.contactability.deploy.Settings.Setting;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/** docker-compose.yml against the code. */
final class ComposeChecks {

  static final Path COMPOSE = ServiceCatalogue.ROOT.resolve("docker-compose.yml");
  static final Path DOCKERFILE = ServiceCatalogue.ROOT.resolve("deploy/docker/Dockerfile");
  static final Path HIS_INIT = ServiceCatalogue.ROOT
      .resolve("deploy-tools/src/main/java/org/contactability/deploy/HisInit.java");
  static final Set<String> HEALTH_PATHS = Set.of("/actuator/health", "/actuator/health/liveness",
      "/actuator/health/readiness");

  private final ServiceCatalogue catalogue;
  private final Map<String, Object> compose;
  private final Map<String, Object> services;
  private final String dockerfile;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> keysets = new LinkedHashMap<>();

  ComposeChecks(ServiceCatalogue catalogue, Map<String, Object> compose, String dockerfile) {
    this.catalogue = catalogue;
    this.compose = compose;
    this.services = map(compose.get("services"));
    this.dockerfile = dockerfile;
  }

  List<String> problems() {
    for (Service service : catalogue.services().values()) {
      Map<String, Object> container = map(services.get(service.name()));
      if (container.isEmpty()) {
        problems.add("docker-compose.yml has no service " + service.name() + " (module " + service.moduleName() + ")");
        continue;
      }
      checkService(service, container);
    }
    checkOtherBuilds();
    checkHisInit();
    KeysetChecks.checkShared("docker-compose.yml", keysets, problems);
    return problems;
  }

  private void checkService(Service service, Map<String, Object> container) {
    String where = "docker-compose.yml services." + service.name();
    checkBuild(where, service, map(container.get("build")));

    Set<Integer> ports = containerPorts(container);
    if (!ports.contains(service.port())) {
      problems.add(where + ": no port mapping to container port " + service.port() + " (server.port of "
          + service.moduleName() + "), found " + ports);
    }
    ports.stream().filter(p -> p != service.port()).forEach(p -> problems.add(where + ": maps container port " + p
        + ", where " + service.name() + " listens on nothing but " + service.port()));

    Settings settings = new Settings(service, where);
    environment(container).forEach((name, value) -> settings.environment(name, value, problems));
    settings.of("server.port").ifPresent(s -> {
      if (!String.valueOf(service.port()).equals(s.value())) {
        problems.add(where + ": " + s.source() + "=" + s.value() + " moves the service off port " + service.port()
            + ", which the port mapping, health check and Prometheus use");
      }
    });
    settings.checkRequirements(problems);
    checkAddresses(where, service, settings, container);
    checkHealth(where, service, settings, container);
    if (service.kafkaStreams()) {
      checkStateDirectory(where, service, settings, container);
    }
    KeysetChecks.keysetFile(where, service, settings, keysets, problems).ifPresent(file -> {
      String volume = list(container.get("volumes")).stream().map(String::valueOf).map(v -> v.split(":"))
          .filter(v -> v.length >= 2 && file.startsWith(v[1].endsWith("/") ? v[1] : v[1] + "/"))
          .map(v -> v[0] + file.substring(v[1].length())).findFirst().orElse(null);
      if (volume == null) {
        problems.add(where + ": the keyset file " + file + " is on no volume; each container would make its own");
      } else {
        keysets.put(service.name(), "volume " + volume);
      }
    });
  }

  private void checkBuild(String where, Service service, Map<String, Object> build) {
    if (build.isEmpty()) {
      problems.add(where + ": not built from this repository (no build section)");
      return;
    }
    if (!"deploy/docker/Dockerfile".equals(string(build.get("dockerfile")))
        || !".".equals(string(build.get("context")))) {
      problems.add(where + ": build must use context . and dockerfile deploy/docker/Dockerfile, found "
          + build.get("context") + " / " + build.get("dockerfile"));
    }
    String target = string(build.get("target"));
    if (!service.dockerTarget().equals(target)) {
      problems.add(where + ": build target " + target + ", expected " + service.dockerTarget());
      return;
    }
    String stage = stage(target);
    if (stage == null) {
      problems.add("deploy/docker/Dockerfile has no stage '" + target + "' (used by " + where + ")");
      return;
    }
    if (!stage.contains("/out/" + service.jar() + ".jar")) {
      problems.add("deploy/docker/Dockerfile stage " + target + " does not run /out/" + service.jar() + ".jar");
    }
    String buildStage = stage("build");
    if (buildStage == null) {
      problems.add("deploy/docker/Dockerfile has no build stage");
    } else if (!buildsAndCopies(buildStage, service)) {
      problems.add("deploy/docker/Dockerfile build stage does not build " + service.moduleName() + " and copy its"
          + " runnable jar to /out/" + service.jar() + ".jar");
    }
    Matcher expose = Pattern.compile("EXPOSE\\s+(\\d+)").matcher(stage);
    if (!expose.find() || Integer.parseInt(expose.group(1)) != service.port()) {
      problems.add("deploy/docker/Dockerfile stage " + target + " must EXPOSE " + service.port());
    }
  }

  /** The build stage packages the module ({@code -pl}) and copies its runnable jar to /out. */
  private static boolean buildsAndCopies(String buildStage, Service service) {
    Matcher modules = Pattern.compile("-pl\\s+(\\S+)").matcher(buildStage);
    if (!modules.find() || !List.of(modules.group(1).split(",")).contains(service.moduleName())) {
      return false;
    }
    Matcher loop = Pattern.compile("for module in ([\\w\\s-]+);").matcher(buildStage);
    return loop.find() && List.of(loop.group(1).trim().split("\\s+")).contains(service.moduleName())
        && buildStage.contains("\"$module\"/target/\"$module\"-*-exec.jar /out/\"$module\".jar");
  }

  /** The build stage packages deploy-tools and copies its runnable jar to /out/his-init.jar. */
  private static boolean buildsHisInit(String buildStage) {
    Matcher modules = Pattern.compile("-pl\\s+(\\S+)").matcher(buildStage == null ? "" : buildStage);
    return modules.find() && List.of(modules.group(1).split(",")).contains("deploy-tools")
        && buildStage.contains("cp deploy-tools/target/deploy-tools-*-exec.jar /out/his-init.jar");
  }

  /** The text of a Dockerfile stage, from its FROM to the next FROM. */
  private String stage(String name) {
    Matcher from = Pattern.compile("(?m)^FROM\\s+\\S+\\s+AS\\s+" + Pattern.quote(name) + "\\s*$").matcher(dockerfile);
    if (!from.find()) {
      return null;
    }
    int next = dockerfile.indexOf("\nFROM ", from.end());
    return dockerfile.substring(from.start(), next < 0 ? dockerfile.length() : next);
  }

  /**
   * Every address a setting names: a compose service must be named with a port it listens on inside the
   * network, and be in depends_on (healthy, for infrastructure with a health check); localhost only for
   * public addresses (browsers, Twilio) and only on a port the stack publishes.
   */
  private void checkAddresses(String where, Service service, Settings settings, Map<String, Object> container) {
    Map<String, Object> dependsOn = dependsOn(container);
    Set<String> used = new TreeSet<>();
    for (Setting setting : settings.all()) {
      String property = setting.property();
      boolean isPublic = isPublicAddress(setting);
      boolean bareHost = property.endsWith(".host");
      for (Address address : Descriptors.addresses(interpolate(setting.value()), bareHost)) {
        if (Descriptors.isLocal(address.host())) {
          if (!isPublic) {
            problems.add(where + ": " + setting.source() + "=" + setting.value() + " points at localhost, which in a"
                + " container is the container itself; name the compose service");
          } else if (address.port() != null && !publishedPorts().contains(address.port())) {
            problems.add(where + ": " + setting.source() + "=" + setting.value() + " is a public address on port "
                + address.port() + ", which no compose service publishes");
          }
          continue;
        }
        if (!services.containsKey(address.host())) {
          continue;
        }
        used.add(address.host());
        Integer port = address.port();
        if (port == null && bareHost) {
          String portValue = settings.value(property.substring(0, property.length() - ".host".length()) + ".port");
          port = portValue == null ? null : Integer.valueOf(portValue);
        }
        Set<Integer> listening = listeningPorts(address.host());
        if (port != null && !listening.contains(port)) {
          problems.add(where + ": " + setting.source() + "=" + setting.value() + " names port " + port + " of "
              + address.host() + ", which listens on " + listening + " inside the network");
        }
      }
    }
    for (String target : used) {
      if (!dependsOn.containsKey(target)) {
        problems.add(where + ": uses " + target + " but does not depend on it (depends_on)");
        continue;
      }
      String condition = string(map(dependsOn.get(target)).get("condition"));
      boolean ours = catalogue.services().containsKey(target);
      boolean checked = !map(map(services.get(target)).get("healthcheck")).isEmpty();
      if (!ours && checked && !"service_healthy".equals(condition)) {
        problems.add(where + ": depends on " + target + " with condition " + condition
            + "; it must wait until it is healthy (service_healthy)");
      }
      for (String job : oneShotJobsUsing(target)) {
        String jobCondition = string(map(dependsOn.get(job)).get("condition"));
        if (!"service_completed_successfully".equals(jobCondition)) {
          problems.add(where + ": uses " + target + ", which the one-shot job " + job + " prepares; depend on " + job
              + " with condition service_completed_successfully");
        }
      }
    }
  }

  /** Whether the setting is one of the public addresses, compared by Spring's uniform form of the name it sets. */
  private static boolean isPublicAddress(Setting setting) {
    List<String> name = DeclaredProperties.uniformElements(setting.name());
    return ServiceCatalogue.PUBLIC_ADDRESS_PROPERTIES.stream()
        .anyMatch(p -> DeclaredProperties.uniformElements(ConfigurationPropertyName.of(p)).equals(name));
  }

  private void checkHealth(String where, Service service, Settings settings, Map<String, Object> container) {
    Map<String, Object> healthcheck = map(container.get("healthcheck"));
    Object test = healthcheck.get("test");
    String command = test instanceof List<?> parts ? String.join(" ", parts.stream().map(String::valueOf).toList())
        : string(test);
    if (command == null) {
      problems.add(where + ": no healthcheck, so nothing can wait until it is up");
    } else {
      Matcher url = Pattern.compile("https?://localhost:(\\d+)(/actuator/health[\\w/]*)").matcher(command);
      if (!url.find()) {
        problems.add(where + ": the healthcheck does not call the actuator health endpoint on localhost: " + command);
      } else {
        if (Integer.parseInt(url.group(1)) != service.port()) {
          problems.add(where + ": the healthcheck calls port " + url.group(1) + ", the service listens on "
              + service.port());
        }
        if (!HEALTH_PATHS.contains(url.group(2))) {
          problems.add(where + ": the healthcheck calls " + url.group(2) + ", which is none of " + HEALTH_PATHS);
        }
        if (!url.group(2).equals("/actuator/health") && !probesEnabled(settings)) {
          problems.add(where + ": the healthcheck calls " + url.group(2) + " but the probes are not enabled "
              + "(MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true, or management.endpoint.health.probes.enabled in "
              + "application.yml)");
        }
      }
    }
    checkHealthGroups(where, service, settings, problems);
  }

  static boolean probesEnabled(Settings settings) {
    return "true".equalsIgnoreCase(settings.value("management.endpoint.health.probes.enabled"));
  }

  /** Members of health groups must be components the service has. */
  static void checkHealthGroups(String where, Service service, Settings settings, List<String> problems) {
    Set<String> known = new TreeSet<>(service.healthComponents());
    known.addAll(ServiceCatalogue.BOOT_HEALTH_COMPONENTS);
    for (Setting setting : settings.mapEntries("management.endpoint.health.group.<any.key>")) {
      List<String> tail = setting.binding().tail();
      if (tail.size() == 2 && tail.get(1).equals("include")) {
        for (String member : setting.value().split(",")) {
          if (!known.contains(member.trim())) {
            problems.add(where + ": " + setting.source() + " puts '" + member.trim() + "' in health group "
                + tail.get(0) + ", but " + service.name() + " has no such health component (it has " + known + ")");
          }
        }
      }
    }
  }

  private void checkStateDirectory(String where, Service service, Settings settings, Map<String, Object> container) {
    String property = stateDirectoryProperty(service);
    String value = settings.of(property).map(Setting::value).orElse(null);
    if (value == null) {
      problems.add(where + ": Kafka Streams state of " + service.name() + " stays in the container's temporary "
          + "directory; set " + property + " to a path on a volume");
      return;
    }
    boolean onVolume = list(container.get("volumes")).stream().map(String::valueOf)
        .map(v -> v.split(":")).filter(v -> v.length >= 2)
        .anyMatch(v -> value.startsWith(v[1].endsWith("/") ? v[1] : v[1] + "/"));
    if (!onVolume) {
      problems.add(where + ": " + property + "=" + value + " is on no volume; every restart would restore all stores"
          + " from their changelogs");
    }
  }

  /** The streams state directory property of a Kafka Streams service (its records declare one). */
  static String stateDirectoryProperty(Service service) {
    return service.properties().all().stream()
        .filter(d -> d.isPlain() && !d.origin().startsWith("Spring Boot") && d.displayName().endsWith("streams.state-dir"))
        .map(DeclaredProperties.Declared::displayName).findFirst()
        .orElseThrow(() -> new IllegalStateException(service.name() + " uses Kafka Streams but declares no "
            + "*.streams.state-dir property"));
  }

  /** Services built from this repository that are not in the catalogue must be known jobs. */
  private void checkOtherBuilds() {
    for (Map.Entry<String, Object> entry : services.entrySet()) {
      Map<String, Object> container = map(entry.getValue());
      if (!container.containsKey("build") || catalogue.services().containsKey(entry.getKey())) {
        continue;
      }
      if (!entry.getKey().equals("his-init")) {
        problems.add("docker-compose.yml services." + entry.getKey() + " is built from this repository but is no "
            + "service this test knows (add it to ServiceCatalogue)");
      }
    }
  }

  /** his-init sets exactly the variables HisInit reads, the required ones included. */
  private void checkHisInit() {
    Map<String, Object> container = map(services.get("his-init"));
    String where = "docker-compose.yml services.his-init";
    if (container.isEmpty()) {
      problems.add("docker-compose.yml has no his-init job: nothing would create the HIS schema and demo data");
      return;
    }
    if (!"no".equals(string(container.get("restart")))) {
      problems.add(where + ": a one-shot job needs restart: \"no\"");
    }
    String stage = stage(string(map(container.get("build")).get("target")));
    if (stage == null) {
      problems.add(where + ": build target " + map(container.get("build")).get("target") + " is no Dockerfile stage");
    } else if (!stage.contains("/out/his-init.jar") || !buildsHisInit(stage("build"))) {
      problems.add("deploy/docker/Dockerfile: the his-init stage must run /out/his-init.jar, the runnable jar of"
          + " deploy-tools (where HisInit is) that the build stage packages and copies there");
    }
    String code = ServiceCatalogue.read(HIS_INIT);
    Set<String> read = new TreeSet<>();
    Matcher variable = Pattern.compile("\"(HIS_[A-Z_]+)\"").matcher(code);
    while (variable.find()) {
      read.add(variable.group(1));
    }
    Set<String> required = new TreeSet<>();
    Matcher requiredVariable = Pattern.compile("required\\(env,\\s*\"(HIS_[A-Z_]+)\"\\)").matcher(code);
    while (requiredVariable.find()) {
      required.add(requiredVariable.group(1));
    }
    Map<String, String> env = environment(container);
    env.keySet().stream().filter(name -> !read.contains(name) && !Settings.NOT_SPRING.contains(name))
        .forEach(name -> problems.add(where + ": " + name + " is read by nothing (HisInit reads " + read + ")"));
    required.stream().filter(name -> !env.containsKey(name))
        .forEach(name -> problems.add(where + ": HisInit requires " + name));
    for (String value : env.values()) {
      for (Address address : Descriptors.addresses(value, false)) {
        if (services.containsKey(address.host()) && !dependsOn(container).containsKey(address.host())) {
          problems.add(where + ": uses " + address.host() + " but does not depend on it");
        }
      }
    }
  }

  /** One-shot jobs (restart "no") whose settings name {@code target}. */
  private List<String> oneShotJobsUsing(String target) {
    List<String> jobs = new ArrayList<>();
    for (Map.Entry<String, Object> entry : services.entrySet()) {
      Map<String, Object> container = map(entry.getValue());
      if (!"no".equals(string(container.get("restart")))) {
        continue;
      }
      boolean uses = environment(container).values().stream()
          .flatMap(v -> Descriptors.addresses(v, false).stream()).anyMatch(a -> a.host().equals(target));
      if (uses) {
        jobs.add(entry.getKey());
      }
    }
    return jobs;
  }

  // ---------------------------------------------------------------------------------------------

  static Map<String, String> environment(Map<String, Object> container) {
    Map<String, String> env = new LinkedHashMap<>();
    Object raw = container.get("environment");
    if (raw instanceof Map<?, ?> m) {
      m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else {
      for (Object item : list(raw)) {
        String text = String.valueOf(item);
        int eq = text.indexOf('=');
        env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
      }
    }
    return env;
  }

  static Map<String, Object> dependsOn(Map<String, Object> container) {
    Object raw = container.get("depends_on");
    Map<String, Object> dependsOn = new LinkedHashMap<>();
    if (raw instanceof Map<?, ?> m) {
      m.forEach((k, v) -> dependsOn.put(String.valueOf(k), v));
    } else {
      list(raw).forEach(item -> dependsOn.put(String.valueOf(item), Map.of("condition", "service_started")));
    }
    return dependsOn;
  }

  /** Container ports a service maps to the host. */
  static Set<Integer> containerPorts(Map<String, Object> container) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (Object mapping : list(container.get("ports"))) {
      if (mapping instanceof Map<?, ?> longForm) {
        ports.add(Integer.valueOf(String.valueOf(longForm.get("target"))));
      } else {
        String[] parts = String.valueOf(mapping).split(":");
        ports.add(Integer.valueOf(parts[parts.length - 1].replace("/tcp", "")));
      }
    }
    return ports;
  }

  /** Ports the stack publishes on the host. */
  Set<Integer> publishedPorts() {
    Set<Integer> ports = new TreeSet<>();
    for (Object value : services.values()) {
      for (Object mapping : list(map(value).get("ports"))) {
        if (mapping instanceof Map<?, ?> longForm) {
          ports.add(Integer.valueOf(String.valueOf(longForm.get("published"))));
        } else {
          String[] parts = String.valueOf(mapping).split(":");
          ports.add(Integer.valueOf(parts[parts.length - 2]));
        }
      }
    }
    return ports;
  }

  /**
   * Ports a compose service listens on inside the network: its mapped and exposed container ports, and
   * for Kafka the ports of KAFKA_LISTENERS.
   */
  Set<Integer> listeningPorts(String name) {
    Map<String, Object> container = map(services.get(name));
    Set<Integer> ports = new TreeSet<>(containerPorts(container));
    list(container.get("expose")).forEach(p -> ports.add(Integer.valueOf(String.valueOf(p))));
    String listeners = environment(container).get("KAFKA_LISTENERS");
    if (listeners != null) {
      Matcher port = Pattern.compile(":(\\d+)").matcher(listeners);
      while (port.find()) {
        ports.add(Integer.valueOf(port.group(1)));
      }
    }
    ServiceCatalogue.Service ours = catalogue.service(name);
    if (ours != null) {
      ports.add(ours.port());
    }
    return ports;
  }

  Map<String, Object> services() {
    return services;
  }

  Map<String, Object> compose() {
    return compose;
  }
}
