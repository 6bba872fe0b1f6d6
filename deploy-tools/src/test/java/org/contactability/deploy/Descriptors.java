package org.contactability.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reading deployment descriptors: YAML documents, loose structures, addresses inside values. */
final class Descriptors {

  private Descriptors() {
  }

  static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  static Map<String, Object> load(Path file) {
    return map(yaml().load(ServiceCatalogue.read(file)));
  }

  static List<Map<String, Object>> loadAll(Path file) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : yaml().loadAll(ServiceCatalogue.read(file))) {
      if (document != null) {
        documents.add(map(document));
      }
    }
    return documents;
  }

  /** A deep copy through YAML, for checks that alter a descriptor to see a problem found. */
  static Map<String, Object> copy(Map<String, Object> document) {
    return map(yaml().load(yaml().dump(document)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
  }

  /** {@code path} like "spec.template.spec" through maps; null when absent. */
  static Object at(Map<String, Object> root, String path) {
    Object current = root;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}");

  /** A compose value with ${VAR:-default} replaced by its default (what it is without a .env file). */
  static String interpolate(String value) {
    if (value == null) {
      return null;
    }
    Matcher matcher = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
    }
    matcher.appendTail(out);
    return out.toString().replace("$$", "$");
  }

  /** An address found in a setting's value. {@code port} is null when the value names a host only. */
  record Address(String host, Integer port, String text) {
  }

  private static final Pattern URL = Pattern.compile("^(?:jdbc:)?([a-zA-Z][\\w+.-]*)://([^/:,]+)(?::(\\d+))?");
  private static final Pattern HOST_PORT = Pattern.compile("^([a-zA-Z0-9][\\w.-]*):(\\d+)$");
  private static final Pattern HOST = Pattern.compile("^[a-zA-Z][\\w.-]*$");

  /**
   * Addresses in a value: URLs (default ports by scheme), comma-separated {@code host:port} lists;
   * a bare word counts as a host only if {@code bareHosts} is true (a property named {@code *.host}).
   */
  static List<Address> addresses(String value, boolean bareHosts) {
    List<Address> addresses = new ArrayList<>();
    if (value == null) {
      return addresses;
    }
    for (String part : value.split(",")) {
      String token = part.trim();
      Matcher url = URL.matcher(token);
      Matcher hostPort = HOST_PORT.matcher(token);
      if (url.find()) {
        Integer port = url.group(3) != null ? Integer.valueOf(url.group(3))
            : switch (url.group(1).toLowerCase()) {
              case "http" -> 80;
              case "https" -> 443;
              default -> null;
            };
        addresses.add(new Address(url.group(2), port, token));
      } else if (hostPort.matches()) {
        addresses.add(new Address(hostPort.group(1), Integer.valueOf(hostPort.group(2)), token));
      } else if (bareHosts && HOST.matcher(token).matches()) {
        addresses.add(new Address(token, null, token));
      }
    }
    return addresses;
  }

  static boolean isLocal(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("0.0.0.0");
  }

  private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG])");
  private static final Pattern QUANTITY = Pattern.compile("^(\\d+)(Ki|Mi|Gi|k|M|G)?$");

  /** -Xmx of JVM options in MiB, or -1. */
  static long heapMiB(String options) {
    if (options == null) {
      return -1;
    }
    Matcher xmx = XMX.matcher(options);
    if (!xmx.find()) {
      return -1;
    }
    long value = Long.parseLong(xmx.group(1));
    return switch (Character.toLowerCase(xmx.group(2).charAt(0))) {
      case 'k' -> value / 1024;
      case 'g' -> value * 1024;
      default -> value;
    };
  }

  /** A Kubernetes memory quantity in MiB, or -1 when unreadable. */
  static long quantityMiB(Object quantity) {
    if (quantity == null) {
      return -1;
    }
    Matcher m = QUANTITY.matcher(String.valueOf(quantity).trim());
    if (!m.matches()) {
      return -1;
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    return switch (unit) {
      case "Ki" -> value / 1024;
      case "Mi" -> value;
      case "Gi" -> value * 1024;
      case "k" -> value * 1000 / (1024 * 1024);
      case "M" -> value * 1_000_000 / (1024 * 1024);
      case "G" -> value * 1_000_000_000L / (1024 * 1024);
      default -> value / (1024 * 1024);
    };
  }
}
