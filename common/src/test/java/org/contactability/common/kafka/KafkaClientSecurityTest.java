package org.contactability.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

  @Test
  void keeps_what_logs_in_and_encrypts_and_nothing_else() {
    Map<String, Object> client = Map.of(
        "bootstrap.servers", "kafka:9093",
        "client.id", "his-connector",
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "ssl.truststore.location", "/etc/kafka/truststore.p12",
        "sasl.login.callback.handler.class", String.class,
        "acks", "all");

    assertThat(KafkaClientSecurity.of(client)).containsOnly(
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
        Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
        Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"),
        Map.entry("sasl.login.callback.handler.class", "java.lang.String"));
  }
}
