package org.contactability.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.contactability.deploy.JavaSources.SourceFile;

/**
 * The meters the services register, found in their sources ({@code Counter.builder("contactability.x")},
 * {@code registry.counter("contactability.x", "tag", value, ...)}, helpers called the same way), and the
 * names Micrometer's Prometheus registry gives them ({@code _total}, {@code _seconds_count}, ...).
 */
final class Meters {

  enum Type { COUNTER, TIMER, SUMMARY, GAUGE }

  /** A meter with its tags, and the services whose code registers it. */
  record Meter(String name, Type type, Set<String> tags, Set<String> services, Set<String> baseUnits) {
  }

  /** A Prometheus series name a meter produces, and the labels it may carry. */
  record Series(String name, Meter meter, Set<String> labels) {
  }

  private static final Pattern METER_CALL = Pattern.compile(
      "([\\w.]*?(?:builder|counter|timer|summary|gauge))\\s*\\(\\s*\"(contactability\\.[a-z0-9._]+)\"",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("\\.tag\\s*\\(\\s*\"([\\w.]+)\"");
  private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\s*\\(\\s*\"(\\w+)\"");

  private final Map<String, Meter> meters = new LinkedHashMap<>();

  /** Meters registered by the sources of one service. */
  void scan(String service, JavaSources sources) {
    for (SourceFile file : sources.files()) {
      Matcher call = METER_CALL.matcher(file.code());
      while (call.find()) {
        String callee = call.group(1);
        String name = call.group(2);
        Type type = typeOf(callee);
        int open = file.code().indexOf('(', call.start(1) + callee.length());
        int close = JavaSources.closing(file.code(), open);
        Set<String> tags = new TreeSet<>();
        Set<String> units = new TreeSet<>();
        if (callee.toLowerCase().endsWith("builder")) {
          int register = file.code().indexOf(".register(", close);
          String chain = file.code().substring(close, register < 0 ? close : register);
          Matcher tag = TAG.matcher(chain);
          while (tag.find()) {
            tags.add(tag.group(1));
          }
          Matcher unit = BASE_UNIT.matcher(chain);
          while (unit.find()) {
            units.add(unit.group(1));
          }
        } else {
          List<String> arguments = JavaSources.splitTopLevel(file.code().substring(open + 1, close));
          for (int i = 1; i < arguments.size(); i += 2) {
            String key = JavaSources.stringLiteral(arguments.get(i));
            if (key != null) {
              tags.add(key);
            }
          }
        }
        Meter known = meters.get(name);
        if (known != null && known.type() != type) {
          throw new IllegalStateException("Meter " + name + " is registered both as " + known.type() + " and as "
              + type + " (" + file.path() + ")");
        }
        Meter meter = known != null ? known : new Meter(name, type, new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        meter.tags().addAll(tags);
        meter.baseUnits().addAll(units);
        meter.services().add(service);
        meters.put(name, meter);
      }
    }
  }

  private static Type typeOf(String callee) {
    String c = callee.toLowerCase();
    if (c.contains("timer")) {
      return Type.TIMER;
    }
    if (c.contains("summary")) {
      return Type.SUMMARY;
    }
    if (c.contains("gauge")) {
      return Type.GAUGE;
    }
    return Type.COUNTER;
  }

  List<Meter> all() {
    return List.copyOf(meters.values());
  }

  /** Every Prometheus series name of every meter found, with its labels. */
  Map<String, Series> prometheusSeries() {
    Map<String, Series> series = new LinkedHashMap<>();
    for (Meter meter : meters.values()) {
      String base = meter.name().replace('.', '_');
      Set<String> labels = new LinkedHashSet<>(meter.tags());
      switch (meter.type()) {
        case COUNTER -> put(series, base + "_total", meter, labels);
        // Micrometer's Prometheus naming appends a gauge's base unit (a timer's is always seconds).
        case GAUGE -> put(series, meter.baseUnits().isEmpty() ? base : base + "_" + meter.baseUnits().iterator().next(),
            meter, labels);
        case TIMER -> distribution(series, base + "_seconds", meter, labels);
        case SUMMARY -> distribution(series, base, meter, labels);
        default -> throw new IllegalStateException();
      }
    }
    return series;
  }

  private static void distribution(Map<String, Series> series, String base, Meter meter, Set<String> labels) {
    put(series, base + "_count", meter, labels);
    put(series, base + "_sum", meter, labels);
    put(series, base + "_max", meter, labels);
    Set<String> quantiles = new LinkedHashSet<>(labels);
    quantiles.add("quantile");
    put(series, base, meter, quantiles);
    Set<String> buckets = new LinkedHashSet<>(labels);
    buckets.add("le");
    put(series, base + "_bucket", meter, buckets);
  }

  private static void put(Map<String, Series> series, String name, Meter meter, Set<String> labels) {
    series.put(name, new Series(name, meter, Set.copyOf(labels)));
  }

  /** Names of the meters found, for messages. */
  List<String> names() {
    return new ArrayList<>(meters.keySet());
  }
}
