package org.contactability.console.config;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.contactability.common.PhoneNumber;
import org.contactability.common.audit.AuditTrail;
import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.spring.PrivacyConfiguration;
import org.contactability.console.adapters.jdbc.HisPatientDirectory;
import org.contactability.console.application.AuditedErasures;
import org.contactability.console.adapters.kafka.ConsumerLagMonitor;
import org.contactability.console.adapters.kafka.KafkaRepublisher;
import org.contactability.console.adapters.kafka.ObservationTranslator;
import org.contactability.console.adapters.kafka.ReadModelFeed;
import org.contactability.console.adapters.web.FunnelStreamSettings;
import org.contactability.console.adapters.web.ReadModelHealth;
import org.contactability.console.adapters.web.SandboxSettings;
import org.contactability.console.application.ConsolePrivacy;
import org.contactability.console.application.DeadLetterReplays;
import org.contactability.console.application.ReadModel;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Wires the console from what every deployment has: the broker ({@code spring.kafka.*}), the
 * registry and topic naming ({@code contactability.kafka.*}, through {@code common}) and a
 * {@link Clock}. What only the embedded platform has is optional: a {@code ClockControl} (clock
 * control) and a {@code DataSource} of the HIS (patient picker), registered before this runs.
 */
@Configuration(proxyBeanMethods = false)
@Import(PrivacyConfiguration.class)
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleConfiguration {

  /** Erasures are recorded on the audit trail with what they destroyed, next to the request that asked for them. */
  @Bean
  ConsolePrivacy consolePrivacy(PatientDataCipher cipher, DataKeyRing keys, AuditTrail trail, Clock clock,
      @Value("${spring.application.name}") String service) {
    return new ConsolePrivacy(cipher, keys, new AuditedErasures(trail, clock, service));
  }

  @Bean
  ReadModel readModel(Clock clock, ConsoleProperties properties, ConsolePrivacy privacy) {
    return new ReadModel(clock, properties.zone(), properties.readModel().bounds(), privacy::rutKey);
  }

  @Bean
  ReadModelFeed readModelFeed(KafkaProperties kafka, TopicNaming naming, AvroSerdes serdes, ReadModel model,
      ConsoleProperties properties, ConsolePrivacy privacy) {
    Map<String, Object> settings = new HashMap<>(kafka.buildConsumerProperties());
    settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, properties.readModel().clientId());
    return new ReadModelFeed(settings, naming, serdes, model, new ObservationTranslator(properties.zone(), privacy),
        properties.readModel().metadataRefresh());
  }

  @Bean(destroyMethod = "close")
  KafkaRepublisher deadLetterRepublisher(KafkaProperties kafka) {
    return new KafkaRepublisher(kafka.buildProducerProperties());
  }

  @Bean
  DeadLetterReplays deadLetterReplays(ReadModel model, KafkaRepublisher republisher, TopicNaming naming) {
    Set<String> sources = Topics.all().stream().map(naming::name).collect(Collectors.toUnmodifiableSet());
    return new DeadLetterReplays(model, republisher, sources::contains);
  }

  @Bean(destroyMethod = "close")
  Admin consoleAdmin(KafkaProperties kafka) {
    Map<String, Object> settings = new HashMap<>(kafka.buildAdminProperties());
    settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, "console-lag");
    return Admin.create(settings);
  }

  @Bean
  ConsumerLagMonitor consumerLagMonitor(Admin consoleAdmin, KafkaProperties kafka, TopicNaming naming,
      ConsoleProperties properties, Clock clock) {
    Map<String, Object> settings = new HashMap<>(kafka.buildConsumerProperties());
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, "console-lag");
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new ConsumerLagMonitor(consoleAdmin,
        () -> new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer()), naming,
        properties.lag().services(), properties.lag().refresh(), clock);
  }

  @Bean
  FunnelStreamSettings funnelStreamSettings(ConsoleProperties properties) {
    ConsoleProperties.Funnel funnel = properties.funnel();
    return new FunnelStreamSettings(funnel.checkEvery(), funnel.refreshEvery(), funnel.heartbeat());
  }

  @Bean
  SandboxSettings sandboxSettings(ConsoleProperties properties) {
    ConsoleProperties.Sandbox sandbox = properties.sandbox();
    return new SandboxSettings(sandbox.enabled(), sandbox.notifierBase(), sandbox.responseBase(),
        sandbox.responsePublicBase(), sandbox.twilioAuthToken(), sandbox.twilioAccountSid(), sandbox.hospitalNumber(),
        sandbox.defaultRegion(), sandbox.patientsShown());
  }

  /** The patient picker, where the HIS's database is at hand (the embedded platform). */
  @Bean
  @ConditionalOnBean(DataSource.class)
  HisPatientDirectory hisPatientDirectory(DataSource his, ConsoleProperties properties, Clock clock) {
    return new HisPatientDirectory(his, PhoneNumber.requireRegion(properties.sandbox().defaultRegion()), clock,
        properties.zone());
  }

  /** The patient-phone page at {@code /telefonos} (static pages are otherwise served by their file names). */
  @Bean
  RouterFunction<ServerResponse> phonePage() {
    return page("/telefonos", "static/telefonos.html");
  }

  /** The outcomes page at {@code /resultados}. */
  @Bean
  RouterFunction<ServerResponse> outcomesPage() {
    return page("/resultados", "static/resultados.html");
  }

  /**
   * Chart.js for the outcomes page, from its webjar on the console's classpath (no CDN), at a path of the
   * console's own; the version is the console pom's.
   */
  @Bean
  RouterFunction<ServerResponse> chartLibrary() {
    return file("/assets/chart.js", "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js",
        MediaType.parseMediaType("text/javascript"));
  }

  private static RouterFunction<ServerResponse> page(String path, String file) {
    return file(path, file, MediaType.TEXT_HTML);
  }

  private static RouterFunction<ServerResponse> file(String path, String file, MediaType type) {
    Resource resource = new ClassPathResource(file);
    return RouterFunctions.route(RequestPredicates.GET(path),
        request -> ServerResponse.ok().contentType(type).bodyValue(resource));
  }

  @Bean
  ReadModelHealth readModelHealthIndicator(ReadModelFeed feed, ReadModel model) {
    return new ReadModelHealth(feed, model);
  }
}
