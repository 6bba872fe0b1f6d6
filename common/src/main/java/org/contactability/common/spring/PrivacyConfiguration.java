package org.contactability.common.spring;

import java.net.http.HttpClient;
import java.time.Clock;

import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.EnvelopeCipher;
import org.contactability.common.privacy.KafkaKeyLog;
import org.contactability.common.privacy.KeyEncryptionKeys;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.kms.AwsKmsKeks;
import org.contactability.common.privacy.kms.AzureKeyVaultKeks;
import org.contactability.common.privacy.kms.LocalKeysetKeks;
import org.contactability.common.privacy.kms.VaultTransitKeks;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;

/**
 * The patient-data cipher for the services that seal or open values (his-connector, notifier, response-service, the
 * console), imported by each of them: the KMS adapter that configuration names, the keys read from privacy.keys, and
 * the cipher on top. The scheduler and the waiting list copy sealed values and never import it.
 *
 * <p>A service makes its own ring unless one is given to it: the embedded platform runs every service in one JVM and
 * gives them one ring, read from privacy.keys once ({@code SharedKeyRing} there), since four rings there each held
 * every patient's key. {@link OwnKeyRing}, a nested configuration, is registered with this one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyConfiguration {

  @Bean
  PatientDataCipher patientDataCipher(DataKeyRing ring) {
    return new EnvelopeCipher(ring);
  }

  /** The KMS adapter, the key log and the ring of a service that was given no ring. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(DataKeyRing.class)
  static class OwnKeyRing {

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(PrivacyProperties properties, Clock clock) {
      PrivacyProperties.Kek kek = properties.kek();
      return switch (kek.provider()) {
        case LOCAL -> LocalKeysetKeks.open(kek.local().keysetFile(), kek.local().createIfMissing());
        case AWS_KMS -> new AwsKmsKeks(kek.aws().keyUri(), kek.aws().previousKeyUris(),
            DefaultAWSCredentialsProviderChain.getInstance(), kek.aws().endpoint());
        case VAULT_TRANSIT -> new VaultTransitKeks(required(kek.vault().address(), "vault.address"),
            required(kek.vault().token(), "vault.token"), kek.vault().mount(), kek.vault().key(),
            kek.vault().namespace(), HttpClient.newHttpClient(), clock);
        case AZURE_KEY_VAULT -> new AzureKeyVaultKeks(required(kek.azure().keyId(), "azure.key-id"),
            kek.azure().authority(), required(kek.azure().tenantId(), "azure.tenant-id"),
            required(kek.azure().clientId(), "azure.client-id"),
            required(kek.azure().clientSecret(), "azure.client-secret"), HttpClient.newHttpClient(), clock);
      };
    }

    @Bean(destroyMethod = "close")
    KafkaKeyLog keyLog(KafkaProperties kafka, AvroSerdes serdes, TopicNaming naming) {
      var serde = serdes.forValues(Topics.PRIVACY_KEYS);
      return new KafkaKeyLog(naming.name(Topics.PRIVACY_KEYS), kafka.buildProducerProperties(),
          kafka.buildConsumerProperties(), serde.serializer(), serde.deserializer());
    }

    @Bean
    DataKeyRing dataKeyRing(KeyEncryptionKeys keks, KafkaKeyLog keyLog, Clock clock, PrivacyProperties properties) {
      return new DataKeyRing(keks, keyLog, clock, properties.keyWait(), properties.openKeysKept());
    }

    /**
     * Reads privacy.keys to its end before anything else of the service starts (consumers, stream threads, the web
     * server), and after the topics were created at start-up (Spring's KafkaAdmin creates them before lifecycles
     * start).
     */
    @Bean
    SmartLifecycle privacyKeysReader(KafkaKeyLog keyLog, DataKeyRing ring, PrivacyProperties properties) {
      return new SmartLifecycle() {
        private volatile boolean running;

        @Override
        public void start() {
          keyLog.start(ring::apply, properties.startTimeout());
          running = true;
        }

        @Override
        public void stop() {
          running = false;
        }

        @Override
        public boolean isRunning() {
          return running;
        }

        @Override
        public int getPhase() {
          return Integer.MIN_VALUE + 1000;
        }
      };
    }
  }

  private static <T> T required(T value, String property) {
    if (value == null || value.toString().isBlank()) {
      throw new IllegalStateException("contactability.privacy.kek." + property + " must be set for this KMS provider");
    }
    return value;
  }
}
