package org.contactability.common.spring;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.common.time.OffsetFileClock;
import org.contactability.common.time.WallClock;
import org.contactability.schemas.serde.AvroSerdeConfig;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What every service gets: the one clock, the hospitals' profiles, the topic naming of the deployment, the serde factory
 * and, unless switched off, the catalogue's topics (internal ones included) created before any consumer starts (Spring's
 * {@link KafkaAdmin} creates declared topics while the context starts).
 */
@AutoConfiguration
@EnableConfigurationProperties({ContactabilityKafkaProperties.class, HospitalProfiles.Properties.class,
    ClockProperties.class})
public class ContactabilityAutoConfiguration {

  /**
   * Production time. The embedded platform registers its adjustable clock before this runs; the local cluster
   * ({@code bin/cluster}) gives every process one offset file ({@code contactability.clock.offset-file}) to move them
   * together.
   */
  @Bean
  @ConditionalOnMissingBean
  Clock clock(ClockProperties properties) {
    return properties.offsetFile() == null ? WallClock.utc() : OffsetFileClock.on(WallClock.utc(), properties.offsetFile());
  }

  /** How each hospital speaks to patients (contactability.hospitals.*, from the imported contactability-hospitals.yml). */
  @Bean
  @ConditionalOnMissingBean
  HospitalProfiles hospitalProfiles(HospitalProfiles.Properties properties) {
    return new HospitalProfiles(properties.hospitals());
  }

  @Bean
  @ConditionalOnMissingBean
  TopicNaming topicNaming(ContactabilityKafkaProperties properties) {
    return new TopicNaming(properties.topicPrefix());
  }

  @Bean
  @ConditionalOnMissingBean
  AvroSerdes avroSerdes(ContactabilityKafkaProperties properties) {
    Map<String, Object> config = new HashMap<>(properties.serde());
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, properties.schemaRegistryUrl());
    if (properties.schemaRegistryUserInfo() != null) {
      config.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, properties.schemaRegistryUserInfo());
    }
    return new AvroSerdes(config);
  }

  @Bean
  @ConditionalOnProperty(prefix = "contactability.kafka", name = "provision-topics", havingValue = "true",
      matchIfMissing = true)
  KafkaAdmin.NewTopics catalogueTopics(ContactabilityKafkaProperties properties, TopicNaming naming) {
    return new KafkaAdmin.NewTopics(Stream.concat(
        Topics.allWithDeadLetters().stream()
            .map(topic -> TopicProvisioner.newTopic(topic, naming, properties.replicationFactor())),
        Topics.internal().stream()
            .map(topic -> TopicProvisioner.newTopic(topic, naming, properties.replicationFactor())))
        .toArray(NewTopic[]::new));
  }
}
