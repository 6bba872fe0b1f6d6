package org.contactability.scheduler.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import io.micrometer.core.instrument.MeterRegistry;
import org.contactability.common.kafka.BoundedRocksDbMemory;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.StreamsDeadLetters;
import org.contactability.common.kafka.StreamsApplication;
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.spring.ContactabilityKafkaProperties;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.scheduler.adapters.kafka.SchedulerMetrics;
import org.contactability.scheduler.adapters.kafka.PlanSettings;
import org.contactability.scheduler.adapters.kafka.SchedulerTopology;
import org.contactability.scheduler.domain.PolicyCatalog;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.contactability.common.hospital.HospitalProfiles;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the scheduler: the policy catalog from configuration, the topology, and the Kafka Streams application. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulerProperties.class)
public class SchedulerConfiguration {

  @Bean
  PolicyCatalog policyCatalog(SchedulerProperties properties, HospitalProfiles profiles) {
    return PolicyCatalogFactory.create(properties, profiles);
  }

  @Bean
  AnswerTokens answerTokens() {
    return new AnswerTokens();
  }

  @Bean
  DeadLetters deadLetters(SchedulerProperties properties, Clock clock, TopicNaming naming, MeterRegistry meterRegistry) {
    return new DeadLetters(properties.serviceName(), clock, naming, meterRegistry);
  }

  @Bean(destroyMethod = "close")
  StreamsDeadLetters streamsDeadLetters(DeadLetters deadLetters, AvroSerdes serdes) {
    return StreamsDeadLetters.builder(deadLetters, serdes.forValues(DeadLetter.class).serializer()).build();
  }

  @Bean
  Topology schedulerTopology(SchedulerProperties properties, TopicNaming naming, AvroSerdes serdes,
      PolicyCatalog catalog, Clock clock, AnswerTokens tokens, MeterRegistry meterRegistry, DeadLetters deadLetters) {
    SchedulerProperties.Plans plans = properties.plans();
    return new SchedulerTopology(naming, serdes, catalog, clock, tokens, new PlanSettings(
        properties.serviceName(), plans.tick(), plans.batchSize(), plans.punctuationBudget(), plans.requestsPerTick()),
        new SchedulerMetrics(meterRegistry), deadLetters).build();
  }

  @Bean
  StreamsApplication schedulerStreams(Topology schedulerTopology, SchedulerProperties properties,
      KafkaProperties kafka, ContactabilityKafkaProperties contactability, AvroSerdes serdes,
      StreamsDeadLetters streamsDeadLetters, MeterRegistry meterRegistry) {
    return new StreamsApplication(schedulerTopology, streamsProperties(properties, kafka, contactability, serdes,
        streamsDeadLetters), new StreamsApplication.Lifecycle("scheduler", Duration.ofSeconds(30), false),
        meterRegistry);
  }

  static Properties streamsProperties(SchedulerProperties properties, KafkaProperties kafka,
      ContactabilityKafkaProperties contactability, AvroSerdes serdes, StreamsDeadLetters deadLetters) {
    SchedulerProperties.Streams streams = properties.streams();
    Properties props = new Properties();
    // Spring's client settings first (brokers, TLS, SASL, spring.kafka.properties.*): a secured cluster
    // is configured once, for every client of the service.
    props.putAll(kafka.buildStreamsProperties());
    props.putAll(serdes.config());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, streams.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, streams.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streams.threads());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) contactability.replicationFactor());
    props.putAll(deadLetters.settings());
    props.putAll(SchedulerTopology.streamsDefaults());
    props.putAll(BoundedRocksDbMemory.streamsDefaults());
    props.putAll(streams.properties());
    BoundedRocksDbMemory.check(props);
    return props;
  }

  @Bean(destroyMethod = "close")
  Admin schedulerAdmin(KafkaProperties kafka) {
    return Admin.create(kafka.buildAdminProperties());
  }

  @Bean
  SchedulerHealthIndicator schedulerHealthIndicator(StreamsApplication schedulerStreams, Admin schedulerAdmin) {
    return new SchedulerHealthIndicator(schedulerStreams, schedulerAdmin);
  }
}
