package org.contactability.response.config;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.contactability.common.PhoneNumber;
import org.contactability.common.kafka.BoundedRocksDbMemory;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.StreamsApplication;
import org.contactability.common.kafka.StreamsDeadLetters;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.security.Access;
import org.contactability.common.security.AccessRules;
import org.contactability.common.spring.ContactabilityKafkaProperties;
import org.contactability.common.spring.PrivacyConfiguration;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.response.adapters.kafka.KafkaAnswerPublisher;
import org.contactability.response.adapters.kafka.ResponseStreamsHealth;
import org.contactability.response.adapters.kafka.ResponseTopology;
import org.contactability.response.adapters.kafka.StoreAnswerDirectory;
import org.contactability.response.adapters.twilio.TwilioSignatures;
import org.contactability.response.adapters.twilio.TwilioWebhooks;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.response.adapters.twilio.VoiceScripts;
import org.contactability.response.adapters.web.AnswerPageModel;
import org.contactability.response.adapters.web.DecisionWaits;
import org.contactability.response.application.AnswerDirectory;
import org.contactability.response.application.AnswerLinks;
import org.contactability.response.application.AnswerPublisher;
import org.contactability.response.application.InboundMessages;
import org.contactability.response.application.AnswerPrivacy;
import org.contactability.response.application.TokenAnswers;
import org.contactability.response.application.VoiceCalls;
import org.contactability.response.domain.Correlator;
import org.contactability.response.domain.ReplyParser;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.serde.AvroSerializer;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Wires response-service: the stream processor, the publisher, the use cases and the webhooks. */
@Configuration(proxyBeanMethods = false)
@Import(PrivacyConfiguration.class)
@EnableConfigurationProperties(ResponseProperties.class)
public class ResponseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ResponseConfiguration.class);
  /** How long webhooks wait for the views after a start before answering 503 (Twilio gives up after 15 s). */
  private static final Duration READY_WAIT = Duration.ofSeconds(10);

  @Bean
  DeadLetters deadLetters(Clock clock, TopicNaming naming, MeterRegistry meters) {
    return new DeadLetters(ResponseTopology.SERVICE, clock, naming, meters);
  }

  /** Unreadable views are their owners' to park: the notifier, the scheduler, this service's judge. */
  @Bean(destroyMethod = "close")
  StreamsDeadLetters streamsDeadLetters(DeadLetters deadLetters, AvroSerdes serdes) {
    return StreamsDeadLetters.builder(deadLetters, serdes.forValues(DeadLetter.class).serializer())
        .parkedByTheirOwners(ResponseTopology.VIEWS)
        .build();
  }

  @Bean
  StreamsApplication responseStreams(ResponseProperties properties, KafkaProperties kafka,
      ContactabilityKafkaProperties contactability, TopicNaming naming, AvroSerdes serdes,
      Clock clock, MeterRegistry meters, DeadLetters deadLetters, StreamsDeadLetters streamsDeadLetters,
      AnswerPrivacy senders) {
    ResponseProperties.Streams streams = properties.streams();
    Map<String, Object> settings = new HashMap<>(kafka.buildStreamsProperties());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, streams.applicationId());
    settings.put(StreamsConfig.CLIENT_ID_CONFIG, streams.applicationId());
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
    settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    settings.put(StreamsConfig.STATE_DIR_CONFIG, streams.stateDirOrDefault());
    settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streams.threads());
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, streams.commitInterval().toMillis());
    settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) contactability.replicationFactor());
    settings.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    settings.putAll(streamsDeadLetters.settings());
    settings.putAll(BoundedRocksDbMemory.streamsDefaults());
    settings.putAll(streams.properties());
    BoundedRocksDbMemory.check(settings);
    return new StreamsApplication(ResponseTopology.build(naming, serdes, senders::recipientIndex,
        properties.correlation().questionRetention(), clock, meters, deadLetters), settings,
        new StreamsApplication.Lifecycle("response", Duration.ofSeconds(10), false), meters);
  }

  @Bean
  AnswerPrivacy answerPrivacy(PatientDataCipher cipher, ResponseProperties properties) {
    return new AnswerPrivacy(cipher, PhoneNumber.requireRegion(properties.defaultRegion()));
  }

  @Bean
  ResponseStreamsHealth responseStreamsHealthIndicator(StreamsApplication streams) {
    return new ResponseStreamsHealth(streams);
  }

  @Bean
  AnswerDirectory answerDirectory(StreamsApplication streams) {
    return new StoreAnswerDirectory(streams::store, streams::isReady);
  }

  @Bean
  KafkaTemplate<String, SpecificRecord> answerTemplate(KafkaProperties kafka, AvroSerdes serdes,
      ResponseProperties properties) {
    Map<String, Object> settings = new HashMap<>(kafka.buildProducerProperties());
    settings.putAll(serdes.config());
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, properties.streams().applicationId() + "-webhooks");
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
    return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(settings));
  }

  @Bean
  AnswerPublisher answerPublisher(KafkaTemplate<String, SpecificRecord> answerTemplate, TopicNaming naming) {
    return new KafkaAnswerPublisher(answerTemplate, naming);
  }

  @Bean
  InboundMessages inboundMessages(AnswerDirectory directory, AnswerPublisher publisher,
      Clock clock, ResponseProperties properties, AnswerPrivacy senders) {
    ResponseProperties.Correlation correlation = properties.correlation();
    return new InboundMessages(directory, publisher, new ReplyParser(),
        new Correlator(correlation.ambiguityWindow(), correlation.lateAnswerWindow()),
        PhoneNumber.requireRegion(properties.defaultRegion()), clock,
        properties.defaultHospital(), correlation.whichQuestionValidity(), senders);
  }

  @Bean
  TokenAnswers tokenAnswers(AnswerPublisher publisher, Clock clock, AnswerPrivacy senders) {
    return new TokenAnswers(publisher, clock, senders);
  }

  @Bean
  AnswerLinks answerLinks(AnswerDirectory directory, TokenAnswers answers, AnswerPrivacy privacy) {
    return new AnswerLinks(directory, answers, privacy);
  }

  @Bean
  VoiceCalls voiceCalls(AnswerLinks links, TokenAnswers answers, HospitalProfiles profiles) {
    return new VoiceCalls(links, answers, profiles);
  }

  @Bean
  DecisionWaits decisionWaits(AnswerDirectory directory, ResponseProperties properties) {
    return new DecisionWaits(directory, properties.answerWait(), READY_WAIT);
  }

  @Bean
  AnswerPageModel answerPageModel(HospitalProfiles profiles) {
    return new AnswerPageModel(profiles);
  }

  @Bean
  TwilioSignatures twilioSignatures(ResponseProperties properties) {
    TwilioSignatures signatures = new TwilioSignatures(properties.twilio().authTokens());
    if (!signatures.isConfigured()) {
      log.warn("No Twilio auth token configured (contactability.response.twilio.auth-tokens):"
          + " every Twilio webhook will be refused with 403");
    }
    return signatures;
  }

  @Bean
  RouterFunction<ServerResponse> twilioRoutes(TwilioWebhooks webhooks) {
    return webhooks.routes();
  }

  @Bean
  TwilioWebhooks twilioWebhooks(TwilioSignatures signatures, InboundMessages inbound, VoiceCalls calls,
      DecisionWaits waits, ResponseProperties properties, Clock clock, MeterRegistry meters) {
    ResponseProperties.Voice voice = properties.voice();
    return new TwilioWebhooks(signatures, PhoneNumber.requireRegion(properties.defaultRegion()), inbound, calls,
        new VoiceScripts(voice.language(), voice.voice(), (int) voice.gatherTimeout().toSeconds(), voice.attempts()),
        waits, properties.baseUrl(), clock, meters);
  }

  /**
   * Patients' doors, all open: Twilio's webhooks (each checks Twilio's signature, and answers a wrong
   * method or path itself), the answer page and its stylesheet (the token in the link is the key).
   */
  @Bean
  AccessRules responseAccess() {
    return () -> java.util.List.of(
        Access.open(null, "/twilio/**"),
        Access.open(null, "/r/**"),
        Access.open(org.springframework.http.HttpMethod.GET, "/assets/answer-page.css"));
  }
}
