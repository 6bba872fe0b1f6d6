package org.contactability.waitlist.config;

import java.time.Clock;
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
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.spring.ContactabilityKafkaProperties;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.waitlist.adapters.kafka.DeadLetterHandler;
import org.contactability.waitlist.adapters.kafka.DeadLetterRouter;
import org.contactability.waitlist.adapters.kafka.KafkaCampaignRequests;
import org.contactability.waitlist.adapters.kafka.TopologySettings;
import org.contactability.waitlist.adapters.kafka.WaitlistStreams;
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
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

/**
 * Wires the waitlist topology, its Kafka Streams runtime, health, metrics and the campaign producer.
 * Both Kafka clients are closed with the context (their {@code close} is the inferred destroy method).
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
  DeadLetterRouter deadLetterRouter(WaitlistProperties properties, KafkaProperties kafka, TopicNaming naming,
      AvroSerdes serdes, Clock clock, MeterRegistry meters) {
    Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
    producer.put(ProducerConfig.CLIENT_ID_CONFIG, properties.streams().applicationId() + "-dead-letters");
    return new DeadLetterRouter(naming, new DeadLetters("waitlist-service", clock),
        serdes.forValues(DeadLetter.class).serializer(), WaitlistTopology.REPARTITIONS, WaitlistTopology.GLOBAL_SOURCES,
        new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer()), meters);
  }

  @Bean
  WaitlistStreams waitlistStreams(WaitlistProperties properties, KafkaProperties kafka,
      ContactabilityKafkaProperties contactability, Clock clock, HospitalPolicies policies, CampaignSettings campaigns,
      AnswerTokens tokens, MeterRegistry meters, TopicNaming naming, AvroSerdes serdes, DeadLetterRouter deadLetters) {
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
    config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    config.put(DeadLetterRouter.CONFIG_KEY, deadLetters);
    config.putAll(BoundedRocksDbMemory.streamsDefaults());
    config.putAll(s.properties());
    BoundedRocksDbMemory.check(config);
    return new WaitlistStreams(new WaitlistTopology(settings, naming, serdes).build(), config);
  }

  /** Starts the stream after the catalogue topics exist, stops it before the context closes. */
  @Bean
  SmartLifecycle waitlistStreamsLifecycle(WaitlistStreams streams) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        streams.start();
        running = true;
      }

      @Override
      public void stop() {
        streams.close();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }

  @Bean
  HealthIndicator waitlistStreamsHealthIndicator(WaitlistStreams streams) {
    return () -> {
      var state = streams.state();
      Health.Builder health = state.isRunningOrRebalancing() ? Health.up() : Health.down();
      return health.withDetail("state", state.name()).build();
    };
  }

  @Bean
  MeterBinder waitlistStreamsMetrics(WaitlistStreams streams) {
    return new KafkaStreamsMetrics(streams.kafkaStreams());
  }

  @Bean
  CampaignProgressView campaignProgressView(WaitlistStreams streams) {
    return streams::progress;
  }

  @Bean
  KafkaCampaignRequests campaignRequests(KafkaProperties kafka, TopicNaming naming, AvroSerdes serdes,
      WaitlistProperties properties) {
    return new KafkaCampaignRequests(kafka.buildProducerProperties(),
        properties.streams().applicationId() + "-campaign-requests", naming, serdes);
  }

}
