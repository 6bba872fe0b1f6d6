package org.contactability.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.contactability.deploy.JavaSources.SourceFile;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration properties a service declares: its {@code @ConfigurationProperties} records (read
 * from source), the keys of its {@code application.yml}, and Spring Boot's own properties (Boot's
 * configuration metadata on this classpath). Matches names the way Spring's relaxed binding does:
 * element by element in uniform form (lower case, no dashes), map keys and list indexes as such.
 */
final class DeclaredProperties {

  enum Kind { LITERAL, KEY, INDEX, TAIL }

  /** One element of a declared name: a fixed word, any map key, a list index, or the rest (scalar maps). */
  record Segment(Kind kind, String text) {

    static Segment literal(String text) {
      return new Segment(Kind.LITERAL, text);
    }

    String display() {
      return switch (kind) {
        case LITERAL -> text;
        case KEY -> "<key>";
        case INDEX -> "[n]";
        case TAIL -> "<any.key>";
      };
    }
  }

  /**
   * A declared property. {@code defaultValue}: its default where the source gives one as text;
   * {@code guard}: the {@code enabled} flag (default false) of the group it belongs to, if any.
   */
  record Declared(List<Segment> segments, boolean listValued, String origin, String defaultValue, String guard) {

    String displayName() {
      StringBuilder name = new StringBuilder();
      for (Segment segment : segments) {
        if (!name.isEmpty() && segment.kind() != Kind.INDEX) {
          name.append('.');
        }
        name.append(segment.display());
      }
      return name.toString();
    }

    boolean isPlain() {
      return segments.stream().allMatch(s -> s.kind() == Kind.LITERAL);
    }
  }

  /** How a name bound: the declared property, the map keys it went through, and what a TAIL took. */
  record Binding(Declared declared, List<String> keys, List<String> tail) {
  }

  private final List<Declared> declared;

  DeclaredProperties(List<Declared> declared) {
    this.declared = List.copyOf(declared);
  }

  List<Declared> all() {
    return declared;
  }

  DeclaredProperties plus(DeclaredProperties other) {
    List<Declared> merged = new ArrayList<>(declared);
    merged.addAll(other.declared);
    return new DeclaredProperties(merged);
  }

  /** The most specific declared property {@code name} binds to (records before YAML keys before Boot). */
  Optional<Binding> bind(ConfigurationPropertyName name) {
    for (Declared candidate : declared) {
      List<String> keys = new ArrayList<>();
      List<String> tail = new ArrayList<>();
      if (matches(candidate, 0, name, 0, keys, tail)) {
        return Optional.of(new Binding(candidate, List.copyOf(keys), List.copyOf(tail)));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(Declared declared, int s, ConfigurationPropertyName name, int e, List<String> keys,
      List<String> tail) {
    List<Segment> segments = declared.segments();
    int elements = name.getNumberOfElements();
    if (s == segments.size()) {
      return e == elements || (declared.listValued() && e == elements - 1 && name.isNumericIndex(e));
    }
    if (e == elements) {
      return false;
    }
    Segment segment = segments.get(s);
    switch (segment.kind()) {
      case LITERAL -> {
        return uniform(segment.text()).equals(name.getElement(e, Form.UNIFORM))
            && matches(declared, s + 1, name, e + 1, keys, tail);
      }
      case INDEX -> {
        return name.isNumericIndex(e) && matches(declared, s + 1, name, e + 1, keys, tail);
      }
      case KEY -> {
        keys.add(name.getElement(e, Form.ORIGINAL));
        if (matches(declared, s + 1, name, e + 1, keys, tail)) {
          return true;
        }
        keys.remove(keys.size() - 1);
        return false;
      }
      case TAIL -> {
        for (int i = e; i < elements; i++) {
          tail.add(name.getElement(i, Form.ORIGINAL));
        }
        return true;
      }
      default -> throw new IllegalStateException();
    }
  }

  /** Spring's uniform form of one element: lower case, dashes removed. */
  static String uniform(String element) {
    return element.toLowerCase(Locale.ROOT).replace("-", "");
  }

  /** Uniform elements of a name, for comparing names written in different forms. */
  static List<String> uniformElements(ConfigurationPropertyName name) {
    List<String> elements = new ArrayList<>();
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      elements.add(name.getElement(i, Form.UNIFORM));
    }
    return elements;
  }

  // ---------------------------------------------------------------------------------------------
  // From @ConfigurationProperties records

  private record RecordDecl(SourceFile file, String name, String components) {
  }

  private static final Pattern CONFIGURATION_PROPERTIES = Pattern.compile("@ConfigurationProperties\\s*\\(");
  private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*(?:<[^>]*>)?\\s*\\(");
  private static final Pattern CLASS_OR_RECORD = Pattern.compile("\\b(class|record|interface|enum)\\s+(\\w+)");

  /** Every property of every {@code @ConfigurationProperties} record in {@code sources}. */
  static DeclaredProperties fromRecords(JavaSources sources) {
    List<RecordDecl> records = new ArrayList<>();
    for (SourceFile file : sources.files()) {
      Matcher record = RECORD.matcher(file.code());
      while (record.find()) {
        int open = record.end() - 1;
        int close = JavaSources.closing(file.code(), open);
        records.add(new RecordDecl(file, record.group(1), file.code().substring(open + 1, close)));
      }
    }
    List<Declared> declared = new ArrayList<>();
    for (SourceFile file : sources.files()) {
      Matcher annotation = CONFIGURATION_PROPERTIES.matcher(file.code());
      while (annotation.find()) {
        int open = annotation.end() - 1;
        int close = JavaSources.closing(file.code(), open);
        String prefix = prefixOf(file.code().substring(open + 1, close), file);
        Matcher type = CLASS_OR_RECORD.matcher(file.code());
        if (!type.find(close) || !type.group(1).equals("record")) {
          throw new IllegalStateException("@ConfigurationProperties(\"" + prefix + "\") in " + file.path()
              + " is not on a record; this test reads records only (constructor binding)");
        }
        RecordDecl root = find(records, file, type.group(2));
        List<Segment> segments = new ArrayList<>();
        for (String element : prefix.split("\\.")) {
          segments.add(Segment.literal(element));
        }
        String origin = file.packageName() + "." + root.name();
        expand(records, root, segments, origin, null, declared, 0);
      }
    }
    return new DeclaredProperties(declared);
  }

  private static String prefixOf(String arguments, SourceFile file) {
    for (String argument : JavaSources.splitTopLevel(arguments)) {
      String value = argument.contains("=") ? argument.substring(argument.indexOf('=') + 1) : argument;
      String literal = JavaSources.stringLiteral(value);
      if (literal != null && (!argument.contains("=") || argument.trim().startsWith("prefix")
          || argument.trim().startsWith("value"))) {
        return literal;
      }
    }
    throw new IllegalStateException("Cannot read the prefix of @ConfigurationProperties(" + arguments + ") in "
        + file.path());
  }

  private static void expand(List<RecordDecl> records, RecordDecl record, List<Segment> prefix, String origin,
      String guard, List<Declared> out, int depth) {
    if (depth > 12) {
      throw new IllegalStateException("Configuration records nest too deep at " + record.name());
    }
    List<Component> components = JavaSources.splitTopLevel(record.components()).stream()
        .map(text -> Component.parse(text, record)).toList();
    String ownGuard = guard;
    for (Component component : components) {
      if (component.name().equals("enabled") && component.type().equals("boolean")
          && "false".equals(component.defaultValue())) {
        ownGuard = displayOf(prefix) + ".enabled";
      }
    }
    for (Component component : components) {
      List<Segment> path = new ArrayList<>(prefix);
      path.add(Segment.literal(dashed(component.name())));
      String componentGuard = component.name().equals("enabled") ? guard : ownGuard;
      expandType(records, record.file(), component.type(), path, origin, component.defaultValue(), componentGuard,
          out, depth);
    }
  }

  private static void expandType(List<RecordDecl> records, SourceFile context, String type, List<Segment> path,
      String origin, String defaultValue, String guard, List<Declared> out, int depth) {
    String base = type.contains("<") ? type.substring(0, type.indexOf('<')).trim() : type.trim();
    String simple = base.contains(".") ? base.substring(base.lastIndexOf('.') + 1) : base;
    List<String> arguments = type.contains("<")
        ? JavaSources.splitTopLevel(type.substring(type.indexOf('<') + 1, type.lastIndexOf('>')))
        : List.of();
    if (simple.equals("Map") && arguments.size() == 2) {
      String value = arguments.get(1);
      RecordDecl nested = resolve(records, context, rawName(value));
      List<Segment> keyed = new ArrayList<>(path);
      if (nested != null || isCollection(value)) {
        keyed.add(new Segment(Kind.KEY, null));
        expandType(records, context, value, keyed, origin, null, guard, out, depth + 1);
      } else {
        // Scalar values: Spring takes the rest of the name as the key, dots included.
        keyed.add(new Segment(Kind.TAIL, null));
        out.add(new Declared(keyed, false, origin, null, guard));
      }
      return;
    }
    if ((simple.equals("List") || simple.equals("Set") || simple.equals("Collection")) && arguments.size() == 1
        || simple.endsWith("[]")) {
      String element = simple.endsWith("[]") ? simple.substring(0, simple.length() - 2) : arguments.get(0);
      RecordDecl nested = resolve(records, context, rawName(element));
      if (nested != null) {
        List<Segment> indexed = new ArrayList<>(path);
        indexed.add(new Segment(Kind.INDEX, null));
        expand(records, nested, indexed, origin, guard, out, depth + 1);
      } else {
        out.add(new Declared(path, true, origin, defaultValue, guard));
      }
      return;
    }
    RecordDecl nested = resolve(records, context, simple);
    if (nested != null) {
      expand(records, nested, path, origin, guard, out, depth + 1);
    } else {
      out.add(new Declared(path, false, origin, defaultValue, guard));
    }
  }

  private static boolean isCollection(String type) {
    String base = rawName(type);
    return base.equals("List") || base.equals("Set") || base.equals("Collection") || base.equals("Map");
  }

  private static String rawName(String type) {
    String base = type.contains("<") ? type.substring(0, type.indexOf('<')).trim() : type.trim();
    return base.contains(".") ? base.substring(base.lastIndexOf('.') + 1) : base;
  }

  /** A record named {@code simpleName} as {@code context} sees it: same file, imported, same package. */
  private static RecordDecl resolve(List<RecordDecl> records, SourceFile context, String simpleName) {
    for (RecordDecl record : records) {
      if (record.file() == context && record.name().equals(simpleName)) {
        return record;
      }
    }
    for (String imported : context.imports()) {
      if (imported.endsWith("." + simpleName)) {
        String pkg = imported.substring(0, imported.length() - simpleName.length() - 1);
        for (RecordDecl record : records) {
          if (record.name().equals(simpleName) && record.file().packageName().equals(pkg)
              && record.file().baseName().equals(simpleName)) {
            return record;
          }
        }
      }
    }
    for (RecordDecl record : records) {
      if (record.name().equals(simpleName) && record.file().packageName().equals(context.packageName())
          && record.file().baseName().equals(simpleName)) {
        return record;
      }
    }
    return null;
  }

  private static RecordDecl find(List<RecordDecl> records, SourceFile file, String name) {
    return records.stream().filter(r -> r.file() == file && r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("record " + name + " not found in " + file.path()));
  }

  private record Component(String name, String type, String defaultValue) {

    private static final Pattern ANNOTATION = Pattern.compile("^@([\\w.]+)\\s*");

    static Component parse(String text, RecordDecl record) {
      String rest = text.trim();
      String defaultValue = null;
      Matcher annotation = ANNOTATION.matcher(rest);
      while (annotation.find()) {
        String name = annotation.group(1);
        int after = annotation.end();
        String arguments = "";
        if (after < rest.length() && rest.charAt(after) == '(') {
          int close = JavaSources.closing(rest, after);
          arguments = rest.substring(after + 1, close);
          after = close + 1;
        }
        if (name.endsWith("DefaultValue") && !arguments.isBlank()) {
          defaultValue = defaultValueOf(arguments);
        }
        rest = rest.substring(after).trim();
        annotation = ANNOTATION.matcher(rest);
      }
      String collapsed = rest.replaceAll("\\s+", " ");
      int space = collapsed.lastIndexOf(' ');
      if (space < 0) {
        throw new IllegalStateException("Cannot read component '" + text + "' of record " + record.name() + " in "
            + record.file().path());
      }
      return new Component(collapsed.substring(space + 1), collapsed.substring(0, space).trim(), defaultValue);
    }

    private static String defaultValueOf(String arguments) {
      String value = arguments.trim();
      if (value.startsWith("value")) {
        value = value.substring(value.indexOf('=') + 1).trim();
      }
      if (value.startsWith("{")) {
        List<String> items = new ArrayList<>();
        for (String item : JavaSources.splitTopLevel(value.substring(1, value.length() - 1))) {
          String literal = JavaSources.stringLiteral(item);
          items.add(literal == null ? item : literal);
        }
        return String.join(",", items);
      }
      String literal = JavaSources.stringLiteral(value);
      return literal == null ? "<" + value + ">" : literal;
    }
  }

  /** Spring's dashed form of a Java property name: {@code linksBaseUrl} is {@code links-base-url}. */
  static String dashed(String javaName) {
    StringBuilder out = new StringBuilder();
    for (char c : javaName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String displayOf(List<Segment> segments) {
    return new Declared(segments, false, "", null, null).displayName();
  }

  // ---------------------------------------------------------------------------------------------
  // From application.yml keys and from Spring Boot's configuration metadata

  /** Every key of a flattened YAML document, as a declared property of {@code origin}. */
  static DeclaredProperties fromYaml(Map<String, Object> flattened, String origin) {
    List<Declared> declared = new ArrayList<>();
    for (Map.Entry<String, Object> entry : flattened.entrySet()) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(entry.getKey());
      List<Segment> segments = new ArrayList<>();
      for (int i = 0; i < name.getNumberOfElements(); i++) {
        segments.add(name.isNumericIndex(i) ? new Segment(Kind.INDEX, null)
            : Segment.literal(name.getElement(i, Form.ORIGINAL)));
      }
      declared.add(new Declared(segments, true, origin, String.valueOf(entry.getValue()), null));
    }
    return new DeclaredProperties(declared);
  }

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** Spring Boot's properties, from every configuration metadata file on the test classpath. */
  static DeclaredProperties springBoot() {
    List<Declared> declared = new ArrayList<>();
    try {
      for (String resource : List.of("META-INF/spring-configuration-metadata.json",
          "META-INF/additional-spring-configuration-metadata.json")) {
        for (URL url : Collections.list(DeclaredProperties.class.getClassLoader().getResources(resource))) {
          if (!url.toString().contains("/org/springframework/boot/")
              && !url.toString().contains("spring-boot")) {
            continue;
          }
          try (InputStream in = url.openStream()) {
            JsonNode root = JSON.readTree(in);
            for (JsonNode property : root.path("properties")) {
              String name = property.path("name").asString();
              String type = property.path("type").asString("");
              List<Segment> segments = new ArrayList<>();
              for (String element : name.split("\\.")) {
                segments.add(Segment.literal(element));
              }
              boolean map = type.startsWith("java.util.Map");
              if (map) {
                segments.add(new Segment(Kind.TAIL, null));
              }
              boolean list = type.startsWith("java.util.List") || type.startsWith("java.util.Set")
                  || type.startsWith("java.util.Collection") || type.endsWith("[]");
              declared.add(new Declared(segments, list, "Spring Boot (" + jarOf(url) + ")", null, null));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (declared.isEmpty()) {
      throw new IllegalStateException("No Spring Boot configuration metadata on the test classpath");
    }
    return new DeclaredProperties(declared);
  }

  private static String jarOf(URL url) {
    String text = url.toString();
    int bang = text.indexOf("!/");
    String jar = bang < 0 ? text : text.substring(0, bang);
    return jar.substring(jar.lastIndexOf('/') + 1);
  }

  /** A YAML document as Spring flattens it: {@code a.b[0].c} keys; an empty list or map is an empty value. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> flatten(Map<String, Object> yaml) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten("", yaml, out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Object value, Map<String, Object> out) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        String element = key.matches("[a-z0-9][a-z0-9-]*") ? key : "[" + key + "]";
        flatten(prefix.isEmpty() ? element : prefix + (element.startsWith("[") ? "" : ".") + element,
            entry.getValue(), out);
      }
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      for (int i = 0; i < list.size(); i++) {
        flatten(prefix + "[" + i + "]", list.get(i), out);
      }
    } else {
      out.put(prefix, value instanceof Map || value instanceof List ? "" : value);
    }
  }
}
