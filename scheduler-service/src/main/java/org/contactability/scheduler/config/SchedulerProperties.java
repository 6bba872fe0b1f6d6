package org.contactability.scheduler.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * scheduler-service settings ({@code scheduler.*}); documented in docs/scheduler-service.md.
 *
 * @param serviceName {@code decidedBy} of the decisions it publishes
 * @param streams     the Kafka Streams application
 * @param plans       the due-step punctuator
 * @param hospitals   hospital code to hospital (zone, policy selection)
 * @param policies    policy id to policy
 */
@ConfigurationProperties("scheduler")
public record SchedulerProperties(
    @DefaultValue("scheduler-service") String serviceName,
    @DefaultValue Streams streams,
    @DefaultValue Plans plans,
    Map<String, HospitalProperties> hospitals,
    Map<String, PolicyProperties> policies) {

  public SchedulerProperties {
    hospitals = hospitals == null ? Map.of() : Map.copyOf(hospitals);
    policies = policies == null ? Map.of() : Map.copyOf(policies);
  }

  /**
   * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
   * @param stateDir      where RocksDB keeps the stores; one per application id and process
   * @param threads       stream threads
   * @param properties    any other Kafka Streams or client setting, passed as is
   */
  public record Streams(
      @DefaultValue("scheduler-service") String applicationId,
      @DefaultValue("${java.io.tmpdir}/contactability/scheduler-streams") Path stateDir,
      @DefaultValue("1") int threads,
      Map<String, String> properties) {

    public Streams {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
  }

  /**
   * @param tick              how often due steps are looked for (wall clock)
   * @param batchSize         due entries read from the time index at a time
   * @param punctuationBudget real time one tick may use before yielding to incoming records
   * @param requestsPerTick   most contact requests one tick sends (the pace of a catch-up: 250 per 500 ms tick
   *                          is 500 requests/s)
   */
  public record Plans(
      @DefaultValue("500ms") Duration tick,
      @DefaultValue("2000") int batchSize,
      @DefaultValue("500ms") Duration punctuationBudget,
      @DefaultValue("250") int requestsPerTick) {
  }

  /**
   * The hospital's name and phone are its profile's ({@code contactability.hospitals.<code>}), shared
   * with every service that speaks to patients.
   *
   * @param zone   IANA time zone
   * @param policy policy when no rule matches
   * @param rules  first match wins
   */
  public record HospitalProperties(String zone, String policy, List<RuleProperties> rules) {
  }

  /** Empty criteria match anything; sites by HIS id or name. */
  public record RuleProperties(List<String> sites, List<String> specialties, List<String> types, String policy) {
  }
}
