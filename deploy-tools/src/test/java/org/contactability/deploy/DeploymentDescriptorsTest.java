package org.contactability.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.contactability.deploy.Descriptors.at;
import static org.contactability.deploy.Descriptors.list;
import static org.contactability.deploy.Descriptors.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.contactability.deploy.KubernetesChecks.Resource;
import org.contactability.deploy.Meters.Meter;
import org.contactability.deploy.ServiceCatalogue.Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment descriptors (docker-compose.yml, deploy/docker, deploy/prometheus, deploy/grafana,
 * deploy/kubernetes) against the code, which no Docker engine or cluster here can run: every service
 * on its port, every setting bound to a property the service declares, every needed setting present,
 * dependencies in start order, probes on real actuator groups, scrape targets and dashboard queries on
 * what the services publish. The last tests break the descriptors on purpose and expect the checks to
 * say so.
 */
class DeploymentDescriptorsTest {

  private static ServiceCatalogue catalogue;
  private static Map<String, Object> compose;
  private static String dockerfile;
  private static Map<String, Object> prometheus;
  private static Map<String, Object> dashboard;
  private static Map<String, Object> realm;
  private static String demoIdentities;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws Exception {
    catalogue = ServiceCatalogue.load();
    compose = Descriptors.load(ComposeChecks.COMPOSE);
    dockerfile = ServiceCatalogue.read(ComposeChecks.DOCKERFILE);
    prometheus = Descriptors.load(MonitoringChecks.PROMETHEUS);
    dashboard = JsonMapper.builder().build().readValue(MonitoringChecks.DASHBOARD.toFile(), Map.class);
    List<String> unreadable = new ArrayList<>();
    realm = IdentityChecks.parseRealm(ServiceCatalogue.read(IdentityChecks.REALM), unreadable);
    assertNoProblems(unreadable);
    demoIdentities = ServiceCatalogue.read(IdentityChecks.DEMO_IDENTITIES);
  }

  @Test
  void the_code_model_finds_what_the_services_declare() {
    assertThat(catalogue.services().keySet()).containsExactly("his-connector", "scheduler-service",
        "notifier-service", "response-service", "waitlist-service", "console");
    assertThat(catalogue.services().values()).extracting(Service::port)
        .containsExactly(8082, 8083, 8084, 8085, 8086, 8080);

    Service scheduler = catalogue.service("scheduler-service");
    assertThat(scheduler.kafkaStreams()).isTrue();
    assertThat(bound(scheduler, "scheduler.streams.state-dir")).isEqualTo("scheduler.streams.state-dir");
    assertThat(bound(scheduler, "scheduler.streams.properties.num.standby.replicas"))
        .isEqualTo("scheduler.streams.properties.<any.key>");
    assertThat(bound(scheduler, "scheduler.hospitals.hchm.rules[0].policy"))
        .isEqualTo("scheduler.hospitals.<key>.rules[n].policy");
    assertThat(bound(scheduler, "scheduler.streams.state-directory")).isNull();

    Service connector = catalogue.service("his-connector");
    assertThat(connector.debezium()).isTrue();
    assertThat(connector.healthComponents()).contains("capture", "kafka");
    assertThat(bound(connector, "contactability.his-connector.mapping.appointments.columns.starts-at"))
        .isEqualTo("contactability.his-connector.mapping.appointments.columns.starts-at");
    assertThat(connector.requirements()).extracting(ServiceCatalogue.Requirement::property)
        .contains("spring.kafka.bootstrap-servers", "contactability.kafka.schema-registry-url",
            "contactability.his-connector.database.host");

    Service console = catalogue.service("console");
    assertThat(console.publishesPrometheus()).isTrue();
    assertThat(console.requirements()).anySatisfy(r -> {
      assertThat(r.property()).isEqualTo("contactability.console.sandbox.notifier-url");
      assertThat(r.guard()).isEqualTo("contactability.console.sandbox.enabled");
    });
    assertThat(bound(catalogue.service("notifier-service"), "spring.mail.host")).isEqualTo("spring.mail.host");

    Meter requests = catalogue.meters().all().stream()
        .filter(m -> m.name().equals("contactability.notifier.requests")).findFirst().orElseThrow();
    assertThat(requests.type()).isEqualTo(Meters.Type.COUNTER);
    assertThat(requests.tags()).containsExactlyInAnyOrder("hospital", "channel", "outcome");
    assertThat(catalogue.meters().prometheusSeries()).containsKeys("contactability_scheduler_send_delay_seconds_count",
        "contactability_response_inbound_total", "contactability_notifier_sms_segments_sum");
    assertThat(catalogue.meters().prometheusSeries().get("contactability_response_inbound_total").labels())
        .containsExactlyInAnyOrder("channel", "intent", "correlation");
  }

  @Test
  void the_compose_stack_runs_every_service_as_its_code_configures_it() {
    assertNoProblems(new ComposeChecks(catalogue, compose, dockerfile).problems());
  }

  @Test
  void prometheus_scrapes_every_service_that_publishes_metrics_on_its_port() {
    ComposeChecks composeChecks = new ComposeChecks(catalogue, compose, dockerfile);
    assertNoProblems(new MonitoringChecks(catalogue, composeChecks).prometheusProblems(prometheus));
  }

  @Test
  void the_grafana_dashboard_reads_only_metrics_the_services_publish() {
    ComposeChecks composeChecks = new ComposeChecks(catalogue, compose, dockerfile);
    assertNoProblems(new MonitoringChecks(catalogue, composeChecks).grafanaProblems(
        Descriptors.load(MonitoringChecks.DATASOURCES), Descriptors.load(MonitoringChecks.DASHBOARD_PROVIDERS),
        dashboard, prometheus));
  }

  @Test
  void the_kubernetes_manifests_deploy_every_service_as_its_code_configures_it() {
    List<String> problems = new ArrayList<>();
    List<Resource> resources = KubernetesChecks.load(KubernetesChecks.DIRECTORY, problems);
    List<Resource> monitoring = KubernetesChecks.load(KubernetesChecks.DIRECTORY.resolve("monitoring"), problems);
    problems.addAll(new KubernetesChecks(catalogue, resources, secretsExample(), monitoring).problems());
    assertNoProblems(problems);
  }

  @Test
  void the_keycloak_realm_holds_every_platform_role_and_the_embedded_demo_identities() {
    assertNoProblems(new IdentityChecks(catalogue, compose, realm, demoIdentities).realmProblems());
  }

  @Test
  void every_compose_service_validates_tokens_of_the_realm_and_the_console_logs_in_with_its_client() {
    assertNoProblems(new IdentityChecks(catalogue, compose, realm, demoIdentities).composeProblems());
  }

  @Test
  void prometheus_scrapes_with_a_viewer_token_of_the_realm() {
    assertNoProblems(new IdentityChecks(catalogue, compose, realm, demoIdentities).prometheusProblems(prometheus));
  }

  // ---------------------------------------------------------------------------------------------
  // The checks find what is wrong

  @Test
  void a_realm_that_does_not_parse_is_reported_with_the_reason() {
    List<String> problems = new ArrayList<>();

    IdentityChecks.parseRealm(ServiceCatalogue.read(IdentityChecks.REALM).replaceFirst("\\{", ""), problems);

    assertThat(problems).singleElement().asString().startsWith(IdentityChecks.REALM_FILE + " is no JSON");
  }

  @Test
  void a_realm_or_login_settings_that_disagree_are_reported() {
    Map<String, Object> brokenRealm = Descriptors.copy(realm);
    list(map(brokenRealm.get("roles")).get("realm")).removeIf(role -> "operator".equals(map(role).get("name")));
    Map<String, Object> console = realmEntry(brokenRealm, "clients", "clientId", "console");
    console.put("redirectUris", List.of("http://localhost:8080/login/oauth2/code/keycloak"));
    list(console.get("protocolMappers")).forEach(mapper -> map(map(mapper).get("config")).put("id.token.claim", "false"));
    realmEntry(brokenRealm, "users", "username", "admin").put("realmRoles", List.of("viewer"));
    realmEntry(brokenRealm, "clients", "clientId", "prometheus").put("secret", "changed");
    Map<String, Object> brokenCompose = Descriptors.copy(compose);
    Map<String, Object> services = map(brokenCompose.get("services"));
    map(map(services.get("notifier-service")).get("environment"))
        .put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", "http://keycloak:8080/realms/contactability");
    map(map(services.get("waitlist-service")).get("environment")).remove("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI");
    map(map(services.get("keycloak")).get("environment")).remove("KC_HOSTNAME");

    List<String> realmProblems = new IdentityChecks(catalogue, compose, brokenRealm, demoIdentities).realmProblems();
    List<String> composeProblems = new IdentityChecks(catalogue, compose, brokenRealm, demoIdentities).composeProblems();
    List<String> hostProblems = new IdentityChecks(catalogue, brokenCompose, realm, demoIdentities).composeProblems();
    List<String> scrapeProblems = new IdentityChecks(catalogue, compose, brokenRealm, demoIdentities)
        .prometheusProblems(prometheus);

    assertThat(realmProblems).anyMatch(p -> p.contains("no realm role operator (Role.OPERATOR)"));
    assertThat(realmProblems).anyMatch(p -> p.contains("user operator has realm role operator, which the realm does not"));
    assertThat(realmProblems).anyMatch(p -> p.contains("user admin has realm roles [viewer], in the embedded identity"
        + " provider [administrator]"));
    assertThat(composeProblems).anyMatch(p -> p.contains("services.console: redirect URI"
        + " http://localhost:8080/login/oauth2/code/platform is not among client console's redirectUris"));
    assertThat(composeProblems).anyMatch(p -> p.contains("client console of") && p.contains("id.token.claim"));
    assertThat(hostProblems).anyMatch(p -> p.contains("services.notifier-service: SPRING_SECURITY_OAUTH2_RESOURCESERVER"
        + "_JWT_ISSUERURI=http://keycloak:8080/realms/contactability, but the realm's tokens carry iss"
        + " http://localhost:8180/realms/contactability"));
    assertThat(hostProblems).anyMatch(p -> p.contains("services.waitlist-service: SPRING_SECURITY_OAUTH2_RESOURCESERVER"
        + "_JWT_JWKSETURI=null"));
    assertThat(hostProblems).anyMatch(p -> p.contains("services.keycloak: KC_HOSTNAME must be the full URL"));
    assertThat(scrapeProblems).anyMatch(p -> p.contains("client prometheus has secret 'changed', expected"
        + " 'prometheus-secret'"));
  }

  @Test
  void a_broken_compose_file_is_reported_setting_by_setting() {
    Map<String, Object> broken = Descriptors.copy(compose);
    Map<String, Object> services = map(broken.get("services"));
    Map<String, Object> notifier = map(services.get("notifier-service"));
    Map<String, Object> notifierEnv = map(notifier.get("environment"));
    notifierEnv.put("NOTIFIER_LINKBASEURL", notifierEnv.remove("NOTIFIER_LINKSBASEURL"));
    notifierEnv.put("NOTIFIER_HOSPITALS_HCHM_ZONE", "America/Santiago");
    map(services.get("scheduler-service")).put("ports", List.of("9083:9083"));
    Map<String, Object> connector = map(services.get("his-connector"));
    map(connector.get("depends_on")).remove("his-init");
    map(connector.get("environment")).put("SPRING_KAFKA_BOOTSTRAPSERVERS", "localhost:9092");
    map(map(services.get("waitlist-service")).get("environment")).remove("WAITLIST_STREAMS_STATEDIR");
    map(map(services.get("response-service")).get("environment")).remove("CONTACTABILITY_KAFKA_SCHEMAREGISTRYURL");

    List<String> problems = new ComposeChecks(catalogue, broken, dockerfile).problems();

    assertThat(problems).anyMatch(p -> p.contains("NOTIFIER_LINKBASEURL") && p.contains("binds to no property")
        && p.contains("did you mean notifier.links-base-url"));
    assertThat(problems).anyMatch(p -> p.contains("notifier-service needs notifier.links-base-url")
        && p.contains("NOTIFIER_LINKSBASEURL"));
    assertThat(problems).anyMatch(p -> p.contains("sets map key 'hchm'") && p.contains("'HCHM'"));
    assertThat(problems).anyMatch(p -> p.contains("services.scheduler-service: no port mapping to container port 8083"));
    assertThat(problems).anyMatch(p -> p.contains("services.his-connector") && p.contains("his-init")
        && p.contains("service_completed_successfully"));
    assertThat(problems).anyMatch(p -> p.contains("SPRING_KAFKA_BOOTSTRAPSERVERS=localhost:9092 points at localhost"));
    assertThat(problems).anyMatch(p -> p.contains("services.waitlist-service") && p.contains("waitlist.streams.state-dir"));
    assertThat(problems).anyMatch(p -> p.contains("response-service needs contactability.kafka.schema-registry-url"));
  }

  @Test
  void a_his_init_image_that_runs_another_jar_is_reported() {
    String broken = dockerfile.replace("COPY --from=build /out/his-init.jar", "COPY --from=build /out/platform.jar");

    assertThat(new ComposeChecks(catalogue, compose, broken).problems())
        .anyMatch(p -> p.contains("the his-init stage must run /out/his-init.jar"));
  }

  @Test
  void an_invented_metric_or_label_in_the_dashboard_is_reported() {
    Map<String, Object> broken = Descriptors.copy(dashboard);
    Map<String, Object> panel = list(broken.get("panels")).stream().map(Descriptors::map)
        .filter(p -> !list(p.get("targets")).isEmpty()).findFirst().orElseThrow();
    Map<String, Object> target = map(list(panel.get("targets")).get(0));
    target.put("expr", "sum by (channel) (rate(contactability_notifier_sends_total[5m]))"
        + " + sum by (hospital) (rate(contactability_notifier_statuses_total[5m]))");
    ComposeChecks composeChecks = new ComposeChecks(catalogue, compose, dockerfile);

    List<String> problems = new MonitoringChecks(catalogue, composeChecks).grafanaProblems(
        Descriptors.load(MonitoringChecks.DATASOURCES), Descriptors.load(MonitoringChecks.DASHBOARD_PROVIDERS),
        broken, prometheus);

    assertThat(problems).anyMatch(p -> p.contains("contactability_notifier_sends_total, which no service publishes"));
    assertThat(problems).anyMatch(p -> p.contains("groups by hospital, which contactability_notifier_statuses_total"));
  }

  @Test
  void a_scrape_target_on_the_wrong_port_is_reported() {
    Map<String, Object> broken = Descriptors.copy(prometheus);
    Map<String, Object> job = list(broken.get("scrape_configs")).stream().map(Descriptors::map)
        .filter(j -> "response-service".equals(j.get("job_name"))).findFirst().orElseThrow();
    job.put("static_configs", List.of(Map.of("targets", List.of("response-service:8080"))));
    ComposeChecks composeChecks = new ComposeChecks(catalogue, compose, dockerfile);

    assertThat(new MonitoringChecks(catalogue, composeChecks).prometheusProblems(broken))
        .anyMatch(p -> p.contains("response-service listens on 8085 (server.port), not 8080"));
  }

  @Test
  void kubernetes_manifests_without_standbys_or_with_two_connectors_without_leadership_are_reported() {
    List<Resource> resources = brokenManifests((resource, document) -> {
      if (resource.kind().equals("ConfigMap") && resource.name().equals("waitlist-service-env")) {
        map(document.get("data")).remove("WAITLIST_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS");
      }
      if (resource.kind().equals("ConfigMap") && resource.name().equals("notifier-service-files")) {
        Map<String, Object> data = map(document.get("data"));
        data.put("application.yml", String.valueOf(data.get("application.yml")).replace("whatsapp-from:", "whatsap-from:"));
      }
      if (resource.kind().equals("ConfigMap") && resource.name().equals("his-connector-env")) {
        map(document.get("data")).put("CONTACTABILITY_HISCONNECTOR_CAPTURE_LEADERSHIP_ENABLED", "false");
      }
      if (resource.kind().equals("StatefulSet") && resource.name().equals("scheduler-service")) {
        Map<String, Object> container = map(list(at(document, "spec.template.spec.containers")).get(0));
        map(map(container.get("readinessProbe")).get("httpGet")).put("path", "/actuator/health/ready");
      }
    });

    List<String> problems = new KubernetesChecks(catalogue, resources, secretsExample(), monitoring()).problems();

    assertThat(problems).anyMatch(p -> p.contains("StatefulSet/waitlist-service") && p.contains("without standby")
        && p.contains("WAITLIST_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS"));
    assertThat(problems).anyMatch(p -> p.contains("Deployment/his-connector") && p.contains("runs 2 replicas with "
        + "contactability.his-connector.capture.leadership.enabled=false"));
    assertThat(problems).anyMatch(p -> p.contains("notifier-service-files/application.yml key notifier.hospitals[HCHM]"
        + ".whatsap-from") && p.contains("binds to no property"));
    assertThat(problems).anyMatch(p -> p.contains("StatefulSet/scheduler-service: readinessProbe calls "
        + "/actuator/health/ready"));
  }

  @Test
  void services_that_read_different_keysets_or_issuers_or_make_their_own_are_reported() {
    List<Resource> resources = brokenManifests((resource, document) -> {
      if (resource.kind().equals("ConfigMap") && resource.name().equals("notifier-service-env")) {
        map(document.get("data")).remove("CONTACTABILITY_PRIVACY_KEK_LOCAL_CREATEIFMISSING");
      }
      if (resource.kind().equals("ConfigMap") && resource.name().equals("response-service-env")) {
        map(document.get("data")).remove("CONTACTABILITY_PRIVACY_KEK_LOCAL_KEYSETFILE");
      }
      if (resource.kind().equals("ConfigMap") && resource.name().equals("contactability-shared")) {
        map(document.get("data")).remove("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI");
      }
      if (resource.kind().equals("Deployment") && resource.name().equals("console")) {
        map(list(at(document, "spec.template.spec.containers")).get(0)).remove("env");
        list(at(document, "spec.template.spec.volumes")).stream().map(Descriptors::map)
            .filter(v -> "privacy-kek".equals(v.get("name")))
            .forEach(v -> map(v.get("secret")).put("secretName", "console-kek"));
      }
    });
    Map<String, Object> brokenCompose = Descriptors.copy(compose);
    Map<String, Object> connector = map(map(brokenCompose.get("services")).get("his-connector"));
    connector.put("volumes", list(connector.get("volumes")).stream().map(String::valueOf)
        .map(v -> v.replace("privacy-keys:", "connector-keys:")).toList());

    List<String> problems = new KubernetesChecks(catalogue, resources, secretsExample(), monitoring()).problems();
    List<String> composeProblems = new ComposeChecks(catalogue, brokenCompose, dockerfile).problems();

    assertThat(problems).anyMatch(p -> p.contains("Deployment/notifier-service")
        && p.contains("CONTACTABILITY_PRIVACY_KEK_LOCAL_CREATEIFMISSING"));
    assertThat(problems).anyMatch(p -> p.contains("StatefulSet/response-service")
        && p.contains("CONTACTABILITY_PRIVACY_KEK_LOCAL_KEYSETFILE") && p.contains("a keyset of its own"));
    assertThat(problems).anyMatch(p -> p.contains("Deployment/console") && p.contains("secret console-kek key kek.json")
        && p.contains("secrets.example.yaml does not describe"));
    assertThat(problems).anyMatch(p -> p.startsWith("deploy/kubernetes: the services that seal and open patient data"
        + " read different keysets") && p.contains("console=secret console-kek/kek.json")
        && p.contains("his-connector=secret privacy-kek/kek.json"));
    assertThat(composeProblems).anyMatch(p -> p.startsWith("docker-compose.yml: the services that seal and open"
        + " patient data read different keysets") && p.contains("his-connector=volume connector-keys/kek.json"));
    assertThat(problems).anyMatch(p -> p.contains("StatefulSet/scheduler-service: sets no"
        + " SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI"));
    assertThat(problems).anyMatch(p -> p.contains("Deployment/console: the console's login lacks"
        + " SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_PLATFORM_CLIENTSECRET"));
  }

  @Test
  void services_that_accept_tokens_of_different_issuers_are_reported() {
    List<String> problems = new ArrayList<>();

    IdentityChecks.checkOneIssuer("deploy/kubernetes", Map.of("console", "https://idp.example/realms/a",
        "notifier-service", "https://idp.example/realms/b"), problems);
    IdentityChecks.checkOneIssuer("deploy/kubernetes", Map.of("console", "https://idp.example/realms/a",
        "notifier-service", "https://idp.example/realms/a"), problems);

    assertThat(problems).singleElement().asString()
        .startsWith("deploy/kubernetes: the services accept tokens of different issuers");
  }

  // ---------------------------------------------------------------------------------------------

  /** The entry of a list of the realm ({@code clients}, {@code users}) whose {@code key} is {@code value}. */
  private static Map<String, Object> realmEntry(Map<String, Object> realm, String list, String key, String value) {
    return list(realm.get(list)).stream().map(Descriptors::map).filter(e -> value.equals(e.get(key))).findFirst()
        .orElseThrow();
  }

  private static String bound(Service service, String property) {
    return service.properties().bind(ConfigurationPropertyName.of(property))
        .map(b -> b.declared().displayName()).orElse(null);
  }

  /** The manifests, each a copy that {@code breaking} may change (it is given the original and the copy). */
  private static List<Resource> brokenManifests(BiConsumer<Resource, Map<String, Object>> breaking) {
    List<Resource> resources = new ArrayList<>();
    for (Resource resource : KubernetesChecks.load(KubernetesChecks.DIRECTORY, new ArrayList<>())) {
      Map<String, Object> document = Descriptors.copy(resource.document());
      breaking.accept(resource, document);
      resources.add(new Resource(resource.file(), document));
    }
    return resources;
  }

  private static List<Resource> monitoring() {
    return KubernetesChecks.load(KubernetesChecks.DIRECTORY.resolve("monitoring"), new ArrayList<>());
  }

  private static List<Resource> secretsExample() {
    return Descriptors.loadAll(KubernetesChecks.DIRECTORY.resolve("secrets.example.yaml")).stream()
        .map(d -> new Resource("secrets.example.yaml", d)).toList();
  }

  private static void assertNoProblems(List<String> problems) {
    if (!problems.isEmpty()) {
      fail(problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
    }
  }
}
