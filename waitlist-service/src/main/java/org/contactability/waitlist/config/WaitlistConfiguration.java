package org.contactability.waitlist.config;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.common.kafka.BoundedRocksDbMemory;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.StreamsApplication;
import org.contactability.common.kafka.StreamsDeadLetters;
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.security.Access;
import org.contactability.common.security.AccessRules;
import org.contactability.common.security.Role;
import org.contactability.common.spring.ContactabilityKafkaProperties;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.waitlist.adapters.kafka.KafkaCampaignRequests;
import org.contactability.waitlist.adapters.kafka.TopologySettings;
import org.contactability.waitlist.adapters.kafka.StoreCampaignProgress;
import org.contactability.waitlist.adapters.kafka.WaitlistTopology;
import org.contactability.waitlist.application.AnswerWindows;
import org.contactability.waitlist.application.CampaignProgressView;
import org.contactability.waitlist.application.CampaignSettings;
import org.contactability.waitlist.application.HospitalPolicies;
import org.contactability.waitlist.domain.campaign.Pacer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wires the waitlist topology, its Kafka Streams application (common's {@link StreamsApplication}), health
 * and the campaign producer. The Kafka clients are closed with the context.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WaitlistProperties.class)
public class WaitlistConfiguration {

  @Bean
  ConfiguredHospitalPolicies hospitalPolicies(WaitlistProperties properties, HospitalProfiles profiles) {
    return new ConfiguredHospitalPolicies(properties, profiles);
  }

  @Bean
  CampaignSettings campaignSettings(WaitlistProperties properties) {
    WaitlistProperties.Campaigns c = properties.campaigns();
    return new CampaignSettings(new Pacer(c.sendRatePerSecond(), c.burst()), properties.channels(),
        c.keepCompletedFor());
  }

  @Bean
  AnswerWindows answerWindows(WaitlistProperties properties) {
    WaitlistProperties.Campaigns c = properties.campaigns();
    return new AnswerWindows(c.defaultAnswerWindowDays(), c.maxAnswerWindowDays());
  }

  @Bean
  AnswerTokens answerTokens() {
    return new AnswerTokens();
  }

  @Bean
  DeadLetters deadLetters(Clock clock, TopicNaming naming, MeterRegistry meters) {
    return new DeadLetters("waitlist-service", clock, naming, meters);
  }

  /** The global stores' letters go through a producer of their own (client id {@code <application id>-dead-letters}). */
  @Bean(destroyMethod = "close")
  StreamsDeadLetters streamsDeadLetters(WaitlistProperties properties, KafkaProperties kafka, DeadLetters deadLetters,
      AvroSerdes serdes) {
    Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
    producer.put(ProducerConfig.CLIENT_ID_CONFIG, properties.streams().applicationId() + "-dead-letters");
    return StreamsDeadLetters.builder(deadLetters, serdes.forValues(DeadLetter.class).serializer())
        .repartitions(WaitlistTopology.REPARTITIONS)
        .globalStores(WaitlistTopology.GLOBAL_SOURCES,
            new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer()))
        .build();
  }

  @Bean
  StreamsApplication waitlistStreams(WaitlistProperties properties, KafkaProperties kafka,
      ContactabilityKafkaProperties contactability, Clock clock, HospitalPolicies policies, CampaignSettings campaigns,
      AnswerTokens tokens, MeterRegistry meters, TopicNaming naming, AvroSerdes serdes,
      StreamsDeadLetters deadLetters) {
    WaitlistProperties.Streams s = properties.streams();
    TopologySettings settings = new TopologySettings(clock, policies, campaigns, s.tick(), s.partitions(), tokens,
        meters);
    Properties config = new Properties();
    config.putAll(kafka.buildStreamsProperties());
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
    config.put(StreamsConfig.CLIENT_ID_CONFIG, s.applicationId());
    config.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDirectory().toString());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) contactability.replicationFactor());
    config.putAll(deadLetters.settings());
    config.putAll(BoundedRocksDbMemory.streamsDefaults());
    config.putAll(s.properties());
    BoundedRocksDbMemory.check(config);
    // Leaving the group on stop hands this instance's slots to the others at once, not after a session timeout.
    return new StreamsApplication(new WaitlistTopology(settings, naming, serdes).build(), config,
        new StreamsApplication.Lifecycle("waitlist", Duration.ofSeconds(30), true), meters);
  }

  @Bean
  HealthIndicator waitlistStreamsHealthIndicator(StreamsApplication streams) {
    return () -> {
      var state = streams.state();
      Health.Builder health = state.isRunningOrRebalancing() ? Health.up() : Health.down();
      return health.withDetail("state", state.name()).build();
    };
  }

  @Bean
  CampaignProgressView campaignProgressView(StreamsApplication streams) {
    return new StoreCampaignProgress(streams);
  }

  @Bean
  KafkaCampaignRequests campaignRequests(KafkaProperties kafka, TopicNaming naming, AvroSerdes serdes,
      WaitlistProperties properties) {
    return new KafkaCampaignRequests(kafka.buildProducerProperties(),
        properties.streams().applicationId() + "-campaign-requests", naming, serdes);
  }


  /** Purge campaigns are an operator's work. */
  @Bean
  AccessRules waitlistAccess() {
    return () -> java.util.List.of(
        Access.of(Role.OPERATOR, org.springframework.http.HttpMethod.POST, "/api/campaigns"),
        Access.of(Role.OPERATOR, org.springframework.http.HttpMethod.GET, "/api/campaigns/{id}"));
  }
}
