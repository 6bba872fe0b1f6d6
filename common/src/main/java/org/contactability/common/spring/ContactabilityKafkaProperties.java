package org.contactability.common.spring;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every service shares ({@code contactability.kafka.*}). The broker address itself is
 * Spring Boot's {@code spring.kafka.bootstrap-servers}.
 *
 * @param schemaRegistryUrl       Confluent-compatible registry URL(s), or {@code mem://<scope>} in process
 * @param schemaRegistryUserInfo  "user:password" when the registry wants basic authentication
 * @param topicPrefix             prefix of every topic name of this deployment (e.g. "chillan"), may be empty
 * @param provisionTopics         create missing catalogue topics at start-up (off where Strimzi creates them)
 * @param replicationFactor       replication factor of topics created at start-up
 * @param serde                   extra serde settings, e.g. {@code avro.serde.class} to use Confluent's serde
 */
@ConfigurationProperties("contactability.kafka")
public record ContactabilityKafkaProperties(
    @DefaultValue("http://localhost:8081") String schemaRegistryUrl,
    String schemaRegistryUserInfo,
    @DefaultValue("") String topicPrefix,
    @DefaultValue("true") boolean provisionTopics,
    @DefaultValue("1") short replicationFactor,
    Map<String, String> serde) {

  public ContactabilityKafkaProperties {
    serde = serde == null ? Map.of() : Map.copyOf(serde);
  }
}
