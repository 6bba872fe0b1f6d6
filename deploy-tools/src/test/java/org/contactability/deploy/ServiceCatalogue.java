package org.contactability.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

import org.contactability.deploy.DeclaredProperties.Declared;
import org.contactability.deploy.JavaSources.SourceFile;
import org.yaml.snakeyaml.Yaml;

/**
 * Our deployable services as the code defines them: module, port, declared properties, health
 * components, meters, and what each needs from a deployment. Everything is read from the repository
 * (sources, application.yml, pom.xml), never assumed.
 */
final class ServiceCatalogue {

  /** Repository root, seen from this module (Surefire's working directory). */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /**
   * Properties whose value is an address handed to browsers and Twilio, not one the service connects to (by
   * their full name: a provider's or registration's key included).
   */
  static final Set<String> PUBLIC_ADDRESS_PROPERTIES = Set.of(
      "contactability.response.public-base-url",
      "notifier.links-base-url",
      "notifier.response-base-url",
      "notifier.twilio.status-callback-url",
      "contactability.console.sandbox.response-public-url",
      // The console's login: where the browser is sent, and where it comes back.
      "spring.security.oauth2.client.provider.platform.authorization-uri",
      "spring.security.oauth2.client.registration.platform.redirect-uri",
      // The issuer as tokens name it; nothing connects to it while the keys come from jwk-set-uri, which
      // IdentityChecks requires in the compose stack.
      "spring.security.oauth2.resourceserver.jwt.issuer-uri");

  /** Health components Spring Boot contributes itself. */
  static final Set<String> BOOT_HEALTH_COMPONENTS = Set.of("readinessState", "livenessState", "ping", "diskSpace");

  /**
   * A service. {@code dockerTarget}: its stage in deploy/docker/Dockerfile; {@code jar}: the jar that
   * stage runs (/out/&lt;jar&gt;.jar of the build stage).
   */
  record Service(String name, Path module, String dockerTarget, String jar, int port, DeclaredProperties properties,
      Map<String, Object> applicationYaml, Set<String> healthComponents, boolean kafkaStreams,
      boolean debezium, boolean publishesPrometheus, List<Requirement> requirements) {

    String moduleName() {
      return module.getFileName().toString();
    }

    /** The effective value of a property in application.yml (flattened key), or null. */
    Object yaml(String key) {
      return applicationYaml.get(key);
    }
  }

  /** A property a deployment must set, why, and the flag that must be on for it to matter (or null). */
  record Requirement(String property, String reason, String guard) {
  }

  private final Map<String, Service> services = new LinkedHashMap<>();
  private final Meters meters = new Meters();

  private ServiceCatalogue() {
  }

  static ServiceCatalogue load() {
    ServiceCatalogue catalogue = new ServiceCatalogue();
    DeclaredProperties boot = DeclaredProperties.springBoot();
    for (String module : List.of("his-connector", "scheduler-service", "notifier-service", "response-service",
        "waitlist-service", "console")) {
      catalogue.add(module, ROOT.resolve(module), module, module, boot);
    }
    return catalogue;
  }

  private void add(String name, Path module, String dockerTarget, String jar, DeclaredProperties boot) {
    JavaSources sources = JavaSources.of(List.of(module, ROOT.resolve("common")));
    Map<String, Object> yaml = applicationYaml(module);
    if (!yaml.containsKey("server.port")) {
      throw new IllegalStateException("No server.port in the application.yml of " + module.getFileName());
    }
    int port = Integer.parseInt(String.valueOf(yaml.get("server.port")));
    DeclaredProperties properties = DeclaredProperties.fromRecords(sources)
        .plus(DeclaredProperties.fromYaml(yaml, module.getFileName() + "/application.yml"))
        .plus(boot);
    String pom = read(module.resolve("pom.xml"));
    boolean kafkaStreams = mainDependency(pom, "kafka-streams");
    boolean debezium = mainDependency(pom, "debezium-embedded");
    String exposure = String.valueOf(yaml.getOrDefault("management.endpoints.web.exposure.include", ""));
    boolean prometheus = dependsOn(module, "micrometer-registry-prometheus")
        && List.of(exposure.split(",")).stream().map(String::trim).anyMatch(e -> e.equals("prometheus") || e.equals("*"));
    List<Requirement> requirements = requirements(properties, yaml, pom, name);
    Service service = new Service(name, module, dockerTarget, jar, port, properties, yaml,
        healthComponents(sources), kafkaStreams, debezium, prometheus, requirements);
    services.put(name, service);
    if (!name.equals("console")) {
      // Meters common registers for every service (the dead letters) count as the service's own.
      meters.scan(name, JavaSources.of(List.of(module, ROOT.resolve("common"))));
    }
  }

  Map<String, Service> services() {
    return services;
  }

  Service service(String name) {
    return services.get(name);
  }

  Meters meters() {
    return meters;
  }

  // ---------------------------------------------------------------------------------------------

  /** application.yml of the module, flattened, with the classpath files it imports (spring.config.import), its own or common's. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> applicationYaml(Path module) {
    Path file = module.resolve("src/main/resources/application.yml");
    if (!Files.exists(file)) {
      return Map.of();
    }
    Map<String, Object> flat = new LinkedHashMap<>(
        DeclaredProperties.flatten((Map<String, Object>) new Yaml().load(read(file))));
    Object imports = flat.get("spring.config.import");
    if (imports != null) {
      for (String imported : String.valueOf(imports).split(",")) {
        String location = imported.trim().replace("optional:", "");
        if (location.startsWith("classpath:")) {
          String name = location.substring("classpath:".length());
          Path importedFile = module.resolve("src/main/resources").resolve(name);
          if (!Files.exists(importedFile)) {
            // Shared files every service imports ship in common's jar.
            importedFile = ROOT.resolve("common/src/main/resources").resolve(name);
          }
          Map<String, Object> more = DeclaredProperties.flatten((Map<String, Object>) new Yaml().load(read(importedFile)));
          more.forEach(flat::putIfAbsent);
        }
      }
    }
    return flat;
  }

  private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

  /** Whether the pom depends on {@code artifactId} outside the test scope. */
  static boolean mainDependency(String pom, String artifactId) {
    Matcher dependency = DEPENDENCY.matcher(pom);
    while (dependency.find()) {
      String block = dependency.group(1);
      if (block.contains("<artifactId>" + artifactId + "</artifactId>") && !block.contains("<scope>test</scope>")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the module depends on {@code artifactId} outside tests, itself or through a module of this repository. */
  static boolean dependsOn(Path module, String artifactId) {
    String pom = read(module.resolve("pom.xml"));
    if (mainDependency(pom, artifactId)) {
      return true;
    }
    Matcher dependency = DEPENDENCY.matcher(pom);
    while (dependency.find()) {
      String block = dependency.group(1);
      Matcher artifact = Pattern.compile("<groupId>org\\.contactability</groupId>\\s*<artifactId>([\\w-]+)</artifactId>")
          .matcher(block);
      if (artifact.find() && !block.contains("<scope>test</scope>")) {
        Path sibling = ROOT.resolve(artifact.group(1));
        if (Files.exists(sibling.resolve("pom.xml")) && !sibling.equals(module) && dependsOn(sibling, artifactId)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * What a deployment must set: the broker (every service uses spring-kafka), the registry (every
   * service has common's serde), and every property whose default points at localhost, which inside a
   * container or a pod is the wrong machine.
   */
  private static List<Requirement> requirements(DeclaredProperties properties, Map<String, Object> yaml, String pom,
      String service) {
    List<Requirement> requirements = new ArrayList<>();
    if (mainDependency(pom, "spring-boot-starter-kafka") || mainDependency(pom, "kafka-streams")) {
      requirements.add(new Requirement("spring.kafka.bootstrap-servers",
          service + " talks to Kafka (spring-kafka / Kafka Streams)", null));
    }
    requirements.add(new Requirement("contactability.kafka.schema-registry-url",
        service + " serializes with common's Avro serde", null));
    Set<String> seen = new LinkedHashSet<>();
    requirements.forEach(r -> seen.add(r.property()));
    for (Declared declared : properties.all()) {
      if (!declared.isPlain() || declared.origin().startsWith("Spring Boot")) {
        continue;
      }
      String name = declared.displayName();
      Object yamlValue = yaml.get(name);
      String effective = yamlValue != null ? String.valueOf(yamlValue) : declared.defaultValue();
      if (effective != null && effective.contains("localhost") && seen.add(name)) {
        requirements.add(new Requirement(name, "its default (" + effective + ", " + declared.origin()
            + ") points at localhost", declared.guard()));
      }
    }
    return requirements;
  }

  private static final Pattern BEAN_METHOD = Pattern.compile(
      "@Bean\\b(?:\\s*\\([^)]*\\))?\\s*(?:@[\\w.]+(?:\\s*\\([^)]*\\))?\\s*)*(?:(?:public|protected|private|static|final)\\s+)*"
          + "([\\w.<>]+)\\s+(\\w+)\\s*\\(");
  private static final Pattern HEALTH_CLASS = Pattern.compile(
      "class\\s+(\\w+)[^{]*\\b(?:implements\\s+[^{]*\\b(?:Reactive)?HealthIndicator\\b|extends\\s+Abstract(?:Reactive)?HealthIndicator\\b)");
  private static final Pattern COMPONENT_CLASS = Pattern.compile("@Component\\b[^{]*?class\\s+(\\w+)", Pattern.DOTALL);

  /** Health component names: beans of HealthIndicator types, named as Spring Boot names them. */
  static Set<String> healthComponents(JavaSources sources) {
    Set<String> indicatorTypes = new TreeSet<>(Set.of("HealthIndicator", "ReactiveHealthIndicator"));
    for (SourceFile file : sources.files()) {
      Matcher type = HEALTH_CLASS.matcher(file.code());
      while (type.find()) {
        indicatorTypes.add(type.group(1));
      }
    }
    Set<String> names = new TreeSet<>();
    for (SourceFile file : sources.files()) {
      Matcher bean = BEAN_METHOD.matcher(file.code());
      while (bean.find()) {
        String returnType = bean.group(1);
        String simple = returnType.contains(".") ? returnType.substring(returnType.lastIndexOf('.') + 1) : returnType;
        if (indicatorTypes.contains(simple)) {
          names.add(componentName(bean.group(2)));
        }
      }
      Matcher component = COMPONENT_CLASS.matcher(file.code());
      while (component.find()) {
        if (indicatorTypes.contains(component.group(1))) {
          String cls = component.group(1);
          names.add(componentName(Character.toLowerCase(cls.charAt(0)) + cls.substring(1)));
        }
      }
    }
    return names;
  }

  private static String componentName(String beanName) {
    for (String suffix : List.of("HealthIndicator", "HealthContributor")) {
      if (beanName.endsWith(suffix) && beanName.length() > suffix.length()) {
        return beanName.substring(0, beanName.length() - suffix.length());
      }
    }
    return beanName;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
