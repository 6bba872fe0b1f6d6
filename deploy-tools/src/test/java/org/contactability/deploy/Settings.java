package org.contactability.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.contactability.deploy.DeclaredProperties.Binding;
import org.contactability.deploy.DeclaredProperties.Kind;
import org.contactability.deploy.DeclaredProperties.Segment;
import org.contactability.deploy.ServiceCatalogue.Requirement;
import org.contactability.deploy.ServiceCatalogue.Service;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What one deployment of one service sets: environment variables and mounted configuration files,
 * each bound to the property it sets the way Spring Boot binds it. Reports every setting that binds to
 * nothing the service declares, and the values a check needs by property name.
 */
final class Settings {

  /** Environment variables that are not Spring properties: the JVM reads them itself. */
  static final Set<String> NOT_SPRING = Set.of("JAVA_TOOL_OPTIONS");

  /** One setting: where it comes from, the property it binds to, its value. */
  record Setting(String source, String key, ConfigurationPropertyName name, Binding binding, String value) {

    String property() {
      return binding.declared().displayName();
    }
  }

  private final Service service;
  private final String where;
  private final List<Setting> settings = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();

  Settings(Service service, String where) {
    this.service = service;
    this.where = where;
  }

  /** Binds an environment variable; a problem when it sets nothing the service declares. */
  void environment(String variable, String value, List<String> problems) {
    environment.put(variable, value);
    if (NOT_SPRING.contains(variable)) {
      return;
    }
    ConfigurationPropertyName name = environmentName(variable);
    if (name == null) {
      problems.add(where + ": environment variable " + variable + " is no valid Spring property name");
      return;
    }
    add("environment variable " + variable, variable, name, value, problems);
  }

  /** Binds a key of a mounted application.yml (flattened). */
  void file(String file, String key, String value, List<String> problems) {
    ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
    add(file + " key " + key, key, name, value, problems);
  }

  private void add(String source, String key, ConfigurationPropertyName name, String value, List<String> problems) {
    Optional<Binding> binding = service.properties().bind(name);
    if (binding.isEmpty()) {
      problems.add(where + ": " + source + " (" + name + ") binds to no property " + service.name()
          + " declares (no @ConfigurationProperties record of " + service.moduleName() + " or common, no key of its "
          + "application.yml, no Spring Boot property)" + suggestion(name));
      return;
    }
    Setting setting = new Setting(source, key, name, binding.get(), value);
    settings.add(setting);
    checkMapKeys(setting, problems);
  }

  /**
   * Spring lower-cases map keys taken from environment variables: NOTIFIER_HOSPITALS_HCHM_ZONE sets
   * hospital "hchm", not "HCHM". A problem when the key differs only in case from one the service uses.
   */
  private void checkMapKeys(Setting setting, List<String> problems) {
    if (!setting.source().startsWith("environment") || setting.binding().keys().isEmpty()) {
      return;
    }
    List<Segment> segments = setting.binding().declared().segments();
    int keyAt = 0;
    for (String key : setting.binding().keys()) {
      while (segments.get(keyAt).kind() != Kind.KEY) {
        keyAt++;
      }
      for (String yamlKey : service.applicationYaml().keySet()) {
        ConfigurationPropertyName known = ConfigurationPropertyName.of(yamlKey);
        if (known.getNumberOfElements() <= keyAt) {
          continue;
        }
        boolean samePath = true;
        for (int i = 0; i < keyAt; i++) {
          samePath &= DeclaredProperties.uniform(String.valueOf(segments.get(i).text()))
              .equals(known.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
        }
        String knownKey = known.getElement(keyAt, ConfigurationPropertyName.Form.ORIGINAL);
        if (samePath && knownKey.equalsIgnoreCase(key) && !knownKey.equals(key)) {
          problems.add(where + ": " + setting.source() + " sets map key '" + key + "', but " + service.name()
              + " uses '" + knownKey + "' (application.yml); Spring lower-cases keys from environment variables: "
              + "set it in a mounted configuration file instead");
          return;
        }
      }
      keyAt++;
    }
  }

  /** The declared name closest to {@code name} (edit distance in uniform form), to make a typo obvious. */
  private String suggestion(ConfigurationPropertyName name) {
    String wanted = String.join(".", DeclaredProperties.uniformElements(name));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (DeclaredProperties.Declared declared : service.properties().all()) {
      String candidate = String.join(".", declared.segments().stream()
          .map(s -> s.kind() == Kind.LITERAL ? DeclaredProperties.uniform(s.text()) : "*").toList());
      int distance = distance(wanted, candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = declared.displayName();
      }
    }
    return best == null || bestDistance > 4 ? "" : "; did you mean " + best + "?";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  List<Setting> all() {
    return settings;
  }

  Map<String, String> environmentVariables() {
    return environment;
  }

  /** The setting of a property given in dashed form (uniform comparison), if any. */
  Optional<Setting> of(String property) {
    List<String> wanted = DeclaredProperties.uniformElements(ConfigurationPropertyName.of(property));
    return settings.stream().filter(s -> DeclaredProperties.uniformElements(s.name()).equals(wanted)).findFirst();
  }

  /** Settings that went through a scalar map (TAIL) of a property ending in {@code suffix}. */
  List<Setting> mapEntries(String suffix) {
    return settings.stream()
        .filter(s -> !s.binding().tail().isEmpty() && s.binding().declared().displayName().endsWith(suffix))
        .toList();
  }

  /** Value of a property: this deployment's setting, else application.yml, else null. */
  String value(String property) {
    Optional<Setting> setting = of(property);
    if (setting.isPresent()) {
      return setting.get().value();
    }
    Object yaml = service.yaml(property);
    return yaml == null ? null : String.valueOf(yaml);
  }

  /** A problem for every requirement of the service this deployment leaves unset. */
  void checkRequirements(List<String> problems) {
    for (Requirement requirement : service.requirements()) {
      if (requirement.guard() != null && !"true".equalsIgnoreCase(String.valueOf(value(requirement.guard())))) {
        continue;
      }
      if (of(requirement.property()).isEmpty()) {
        problems.add(where + ": " + service.name() + " needs " + requirement.property() + " set ("
            + requirement.reason() + "): environment variable " + environmentVariable(requirement.property()));
      }
    }
  }

  /** The environment variable that sets a property: upper case, dots to underscores, dashes dropped. */
  static String environmentVariable(String property) {
    return property.replace("-", "").replace('.', '_').toUpperCase();
  }

  /** The property name Spring reads from an environment variable (SystemEnvironmentPropertyMapper). */
  static ConfigurationPropertyName environmentName(String variable) {
    SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x"));
    for (ConfigurationPropertySource adapted : ConfigurationPropertySources.from(source)) {
      if (adapted instanceof IterableConfigurationPropertySource iterable) {
        return iterable.stream().findFirst().orElse(null);
      }
    }
    return null;
  }
}
