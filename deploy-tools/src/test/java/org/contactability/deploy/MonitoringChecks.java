package org.contactability.deploy;

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

/** Prometheus' scrape configuration and the Grafana provisioning and dashboard, against the code. */
final class MonitoringChecks {

  static final Path PROMETHEUS = ServiceCatalogue.ROOT.resolve("deploy/prometheus/prometheus.yml");
  static final Path DATASOURCES = ServiceCatalogue.ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml");
  static final Path DASHBOARD_PROVIDERS = ServiceCatalogue.ROOT
      .resolve("deploy/grafana/provisioning/dashboards/contactability.yml");
  static final Path DASHBOARD = ServiceCatalogue.ROOT.resolve("deploy/grafana/dashboards/contactability.json");

  /**
   * Metrics of libraries the services bind, by the code that binds them (the names are the libraries'
   * defaults: resilience4j-micrometer 2.4.0's {@code *MetricNames}, kafka_exporter's, Prometheus' own).
   */
  record Family(String binding, String where, Map<String, Set<String>> series) {
  }

  static final List<Family> LIBRARY_FAMILIES = List.of(
      new Family("TaggedCircuitBreakerMetrics", "service sources", Map.of(
          "resilience4j_circuitbreaker_state", Set.of("name", "state"),
          "resilience4j_circuitbreaker_failure_rate", Set.of("name"),
          "resilience4j_circuitbreaker_slow_call_rate", Set.of("name"),
          "resilience4j_circuitbreaker_buffered_calls", Set.of("name", "kind"),
          "resilience4j_circuitbreaker_not_permitted_calls_total", Set.of("name", "kind"),
          "resilience4j_circuitbreaker_calls_seconds_count", Set.of("name", "kind"),
          "resilience4j_circuitbreaker_calls_seconds_sum", Set.of("name", "kind"),
          "resilience4j_circuitbreaker_calls_seconds_max", Set.of("name", "kind"))),
      new Family("TaggedRetryMetrics", "service sources", Map.of(
          "resilience4j_retry_calls_total", Set.of("name", "kind"))),
      new Family("TaggedRateLimiterMetrics", "service sources", Map.of(
          "resilience4j_ratelimiter_available_permissions", Set.of("name"),
          "resilience4j_ratelimiter_waiting_threads", Set.of("name"))),
      new Family("danielqsj/kafka-exporter", "a scraped compose service's image", Map.of(
          "kafka_consumergroup_lag", Set.of("consumergroup", "topic", "partition"),
          "kafka_consumergroup_lag_sum", Set.of("consumergroup", "topic"),
          "kafka_consumergroup_current_offset", Set.of("consumergroup", "topic", "partition"),
          "kafka_consumergroup_members", Set.of("consumergroup"),
          "kafka_topic_partition_current_offset", Set.of("topic", "partition"))),
      new Family("scrape", "Prometheus itself", Map.of("up", Set.of())));

  /** Labels every scraped series carries (Prometheus adds them). */
  static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  private final ServiceCatalogue catalogue;
  private final ComposeChecks compose;
  private final List<String> problems = new ArrayList<>();

  MonitoringChecks(ServiceCatalogue catalogue, ComposeChecks compose) {
    this.catalogue = catalogue;
    this.compose = compose;
  }

  // ---------------------------------------------------------------------------------------------
  // Prometheus

  List<String> prometheusProblems(Map<String, Object> prometheus) {
    Set<String> scraped = new TreeSet<>();
    for (Object jobValue : list(prometheus.get("scrape_configs"))) {
      Map<String, Object> job = map(jobValue);
      String name = string(job.get("job_name"));
      String where = "deploy/prometheus/prometheus.yml job " + name;
      String path = job.containsKey("metrics_path") ? string(job.get("metrics_path")) : "/metrics";
      for (Object staticConfig : list(job.get("static_configs"))) {
        for (Object targetValue : list(map(staticConfig).get("targets"))) {
          List<Address> addresses = Descriptors.addresses(String.valueOf(targetValue), false);
          if (addresses.size() != 1 || addresses.get(0).port() == null) {
            problems.add(where + ": target " + targetValue + " is no host:port");
            continue;
          }
          Address target = addresses.get(0);
          if (!compose.services().containsKey(target.host())) {
            problems.add(where + ": target " + target.text() + " names no service of docker-compose.yml");
            continue;
          }
          Service service = catalogue.service(target.host());
          if (service == null) {
            Set<Integer> ports = compose.listeningPorts(target.host());
            if (!ports.contains(target.port())) {
              problems.add(where + ": " + target.host() + " listens on " + ports + ", not " + target.port());
            }
            continue;
          }
          scraped.add(service.name());
          if (target.port() != service.port()) {
            problems.add(where + ": " + service.name() + " listens on " + service.port() + " (server.port), not "
                + target.port());
          }
          if (!"/actuator/prometheus".equals(path)) {
            problems.add(where + ": metrics_path " + path + ", Spring Boot serves /actuator/prometheus");
          }
          if (!service.publishesPrometheus()) {
            problems.add(where + ": " + service.name() + " publishes no /actuator/prometheus (no "
                + "micrometer-registry-prometheus in " + service.moduleName() + "/pom.xml, or prometheus not in "
                + "management.endpoints.web.exposure.include)");
          }
          if (!service.name().equals(name)) {
            problems.add(where + ": name the job after the service (" + service.name() + "): the dashboard's job "
                + "labels are the service names");
          }
        }
      }
    }
    for (Service service : catalogue.services().values()) {
      if (service.publishesPrometheus() && !scraped.contains(service.name())) {
        problems.add("deploy/prometheus/prometheus.yml scrapes no " + service.name() + ", which publishes "
            + "/actuator/prometheus on " + service.port());
      }
    }
    Map<String, Object> prometheusService = map(compose.services().get("prometheus"));
    if (list(prometheusService.get("volumes")).stream().map(String::valueOf)
        .noneMatch(v -> v.startsWith("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"))) {
      problems.add("docker-compose.yml services.prometheus does not mount deploy/prometheus/prometheus.yml as "
          + "/etc/prometheus/prometheus.yml");
    }
    return problems;
  }

  // ---------------------------------------------------------------------------------------------
  // Grafana

  List<String> grafanaProblems(Map<String, Object> datasources, Map<String, Object> providers,
      Map<String, Object> dashboard, Map<String, Object> prometheus) {
    Set<String> uids = new TreeSet<>();
    for (Object value : list(datasources.get("datasources"))) {
      Map<String, Object> datasource = map(value);
      uids.add(string(datasource.get("uid")));
      List<Address> url = Descriptors.addresses(string(datasource.get("url")), false);
      if (url.size() != 1 || !compose.services().containsKey(url.get(0).host())
          || !compose.listeningPorts(url.get(0).host()).contains(url.get(0).port())) {
        problems.add("deploy/grafana/provisioning/datasources/prometheus.yml: url " + datasource.get("url")
            + " is no compose service on a port it listens on");
      }
    }
    Map<String, Object> grafana = map(compose.services().get("grafana"));
    List<String> mounts = list(grafana.get("volumes")).stream().map(String::valueOf).toList();
    if (!mounts.contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro")) {
      problems.add("docker-compose.yml services.grafana does not mount deploy/grafana/provisioning");
    }
    for (Object value : list(providers.get("providers"))) {
      String path = string(Descriptors.at(map(value), "options.path"));
      if (!mounts.contains("./deploy/grafana/dashboards:" + path + ":ro")) {
        problems.add("deploy/grafana/provisioning/dashboards: provider path " + path + " is not where "
            + "docker-compose.yml mounts deploy/grafana/dashboards");
      }
    }
    Map<String, Set<String>> metrics = availableMetrics(prometheus);
    List<Map<String, Object>> panels = new ArrayList<>();
    collectPanels(list(dashboard.get("panels")), panels);
    if (panels.stream().noneMatch(p -> !list(p.get("targets")).isEmpty())) {
      problems.add("deploy/grafana/dashboards/contactability.json has no panel with a query");
    }
    for (Map<String, Object> panel : panels) {
      String where = "dashboard panel '" + panel.get("title") + "'";
      for (Object targetValue : list(panel.get("targets"))) {
        Map<String, Object> target = map(targetValue);
        String uid = string(Descriptors.at(target, "datasource.uid"));
        if (uid == null) {
          uid = string(Descriptors.at(panel, "datasource.uid"));
        }
        if (!uids.contains(uid)) {
          problems.add(where + ": data source uid " + uid + " is not provisioned (" + uids + ")");
        }
        checkQuery(where, string(target.get("expr")), string(target.get("legendFormat")), metrics);
      }
    }
    for (Object variableValue : list(Descriptors.at(dashboard, "templating.list"))) {
      Map<String, Object> variable = map(variableValue);
      String query = string(Descriptors.at(variable, "query.query"));
      Matcher labelValues = Pattern.compile("label_values\\(\\s*([\\w:]+)\\s*,\\s*(\\w+)\\s*\\)").matcher(
          query == null ? "" : query);
      if (labelValues.find()) {
        String where = "dashboard variable $" + variable.get("name");
        Set<String> labels = metrics.get(labelValues.group(1));
        if (labels == null) {
          problems.add(where + ": " + labelValues.group(1) + " is published by nothing" + hint(labelValues.group(1)));
        } else if (!labels.contains(labelValues.group(2))) {
          problems.add(where + ": " + labelValues.group(1) + " has no label " + labelValues.group(2) + " (" + labels
              + ")");
        }
      }
    }
    return problems;
  }

  private void checkQuery(String where, String expr, String legend, Map<String, Set<String>> metrics) {
    if (expr == null || expr.isBlank()) {
      problems.add(where + ": a target without a query");
      return;
    }
    PromQl.Query query = PromQl.parse(expr);
    if (query.selectors().isEmpty()) {
      problems.add(where + ": query " + expr + " reads no metric");
    }
    Set<String> legendLabels = new TreeSet<>();
    Matcher placeholder = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(legend == null ? "" : legend);
    while (placeholder.find()) {
      legendLabels.add(placeholder.group(1));
    }
    for (PromQl.Selector selector : query.selectors()) {
      Set<String> labels = metrics.get(selector.metric());
      if (labels == null) {
        problems.add(where + ": query " + expr + " reads " + selector.metric() + ", which no service publishes"
            + hint(selector.metric()));
        continue;
      }
      for (String label : selector.labels()) {
        if (!labels.contains(label)) {
          problems.add(where + ": " + selector.metric() + " has no label " + label + " (it has " + labels + ")");
        }
      }
      for (String label : query.groupingLabels()) {
        if (!labels.contains(label)) {
          problems.add(where + ": query " + expr + " groups by " + label + ", which " + selector.metric()
              + " does not carry (it has " + labels + ")");
        }
      }
      Set<String> shown = query.groupingLabels().isEmpty() ? labels : query.groupingLabels();
      for (String label : legendLabels) {
        if (!shown.contains(label)) {
          problems.add(where + ": legend {{" + label + "}} is no label of the result of " + expr);
        }
      }
    }
  }

  /** Every series the stack publishes, with its labels: the services' meters and the bound libraries. */
  Map<String, Set<String>> availableMetrics(Map<String, Object> prometheus) {
    Map<String, Set<String>> metrics = new LinkedHashMap<>();
    catalogue.meters().prometheusSeries().forEach((name, series) -> {
      Set<String> labels = new LinkedHashSet<>(series.labels());
      labels.addAll(TARGET_LABELS);
      metrics.put(name, labels);
    });
    for (Family family : LIBRARY_FAMILIES) {
      if (familyBound(family, prometheus)) {
        family.series().forEach((name, tags) -> {
          Set<String> labels = new LinkedHashSet<>(tags);
          labels.addAll(TARGET_LABELS);
          metrics.put(name, labels);
        });
      }
    }
    return metrics;
  }

  private boolean familyBound(Family family, Map<String, Object> prometheus) {
    if (family.binding().equals("scrape")) {
      return true;
    }
    if (family.binding().contains("/")) {
      // An exporter: bound when Prometheus scrapes a compose service running its image.
      for (Object jobValue : list(prometheus.get("scrape_configs"))) {
        for (Object staticConfig : list(map(jobValue).get("static_configs"))) {
          for (Object target : list(map(staticConfig).get("targets"))) {
            String host = String.valueOf(target).split(":")[0];
            String image = string(map(compose.services().get(host)).get("image"));
            if (image != null && image.startsWith(family.binding())) {
              return true;
            }
          }
        }
      }
      return false;
    }
    for (Service service : catalogue.services().values()) {
      for (JavaSources.SourceFile file : JavaSources.of(List.of(service.module())).files()) {
        if (file.code().contains(family.binding() + ".of")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The published series closest to an unknown name. */
  private String hint(String metric) {
    List<String> close = catalogue.meters().prometheusSeries().keySet().stream()
        .sorted(java.util.Comparator.comparingInt(name -> Settings.distance(name, metric)))
        .limit(3).toList();
    return close.isEmpty() ? "" : " (closest published: " + String.join(", ", close) + ")";
  }

  @SuppressWarnings("unchecked")
  private static void collectPanels(List<Object> values, List<Map<String, Object>> out) {
    for (Object value : values) {
      Map<String, Object> panel = map(value);
      out.add(panel);
      collectPanels(list(panel.get("panels")), out);
    }
  }
}
