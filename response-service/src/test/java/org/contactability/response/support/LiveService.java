package org.contactability.response.support;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.contactability.common.kafka.StreamsApplication;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.Channel;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.time.AdjustableClock;
import org.contactability.response.ResponseApplication;
import org.contactability.response.application.AnswerDirectory;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.serde.AvroSerializer;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedInfrastructure;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TestTokens;
import org.contactability.testkit.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real service on the shared test broker: one Spring context, made once and shared by every test
 * class that extends this one (same configuration, so Spring's test context cache reuses it). Classes
 * keep apart by using their own appointment ids, tokens and phone numbers; the context is closed at the
 * end of the test session, while the broker still runs.
 */
@SpringBootTest(classes = ResponseApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(LiveService.SharedClock.class)
public abstract class LiveService {

  protected static final String PREFIX = SharedKafka.topicPrefix(LiveService.class);
  protected static final TopicNaming NAMING = new TopicNaming(PREFIX);
  protected static final String REGISTRY = "mem://response-live-" + UUID.randomUUID();
  protected static final String AUTH_TOKEN = "f2b0c3d4e5f60718293a4b5c6d7e8f90";
  /** What Twilio and patients call: deliberately not this process's own address, as behind a proxy. */
  protected static final String PUBLIC_URL = "https://respuestas.hospital.example";
  protected static final AvroSerdes SERDES = new AvroSerdes(Map.of("schema.registry.url", REGISTRY));

  private static KafkaProducer<String, SpecificRecord> producer;
  private static boolean closingRegistered;

  @LocalServerPort
  protected int port;
  @Autowired
  protected AdjustableClock clock;
  @Autowired
  protected StreamsApplication streams;
  @Autowired
  protected AnswerDirectory directory;
  /** The service's own cipher: opens what it sealed. */
  @Autowired
  protected PatientDataCipher cipher;
  @Autowired
  private ConfigurableApplicationContext context;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    String run = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(256),
        (byte) ThreadLocalRandom.current().nextInt(256), (byte) ThreadLocalRandom.current().nextInt(256)});
    registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
    registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
    registry.add("contactability.kafka.topic-prefix", () -> PREFIX);
    registry.add("contactability.kafka.schema-registry-url", () -> REGISTRY);
    registry.add("contactability.response.public-base-url", () -> PUBLIC_URL);
    registry.add("contactability.response.twilio.auth-tokens", () -> AUTH_TOKEN);
    registry.add("contactability.response.default-hospital", () -> Fixtures.HOSPITAL);
    registry.add("contactability.response.answer-wait", () -> "10s");
    registry.add("contactability.response.streams.application-id", () -> "response-live-" + run);
    registry.add("contactability.response.streams.state-dir",
        () -> Path.of(System.getProperty("java.io.tmpdir"), "response-live-" + run).toString());
    registry.add("contactability.response.streams.commit-interval", () -> "50ms");
  }

  /** One adjustable clock, as the embedded platform gives every service. */
  @TestConfiguration(proxyBeanMethods = false)
  static class SharedClock {
    @Bean
    AdjustableClock clock() {
      return AdjustableClock.on(Clock.systemUTC());
    }
  }

  @BeforeEach
  void serviceIsReady() {
    synchronized (LiveService.class) {
      if (!closingRegistered) {
        SharedInfrastructure.closeAtSessionEnd(context::close);
        closingRegistered = true;
      }
    }
    Awaitility.await("the stream processor to run").atMost(Duration.ofSeconds(60)).until(streams::isReady);
  }

  protected WebTestClient web() {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** A start time {@code days} ahead of the clock, on a whole hour of the hospital's day. */
  protected LocalDateTime daysAhead(int days, int hour) {
    return LocalDateTime.ofInstant(clock.instant(), Fixtures.SANTIAGO).plusDays(days)
        .truncatedTo(ChronoUnit.DAYS).withHour(hour);
  }

  /**
   * Publishes Juan's appointment {@code days} ahead at 10:00 and its SMS reminder carrying the answer link
   * {@code token}, and waits until the service's views know both.
   */
  protected Appointment anAppointmentWithAnSmsLink(String appointmentId, String token, int days) {
    Appointment appointment = Fixtures.appointment(appointmentId, daysAhead(days, 10));
    publish(Topics.APPOINTMENTS, appointmentId, appointment);
    publish(Topics.CONTACT_REQUESTS, appointmentId,
        Fixtures.reminder(appointmentId + ":reminder:SMS", appointment, Channel.SMS, token, now()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        directory.requestByToken(token).isPresent() && directory.appointment(appointmentId).isPresent());
    return appointment;
  }

  protected Instant now() {
    return clock.instant();
  }

  protected static synchronized <V extends SpecificRecord> void publish(TopicSpec<V> topic, String key, V value) {
    if (producer == null) {
      producer = SharedKafka.producer(new StringSerializer(), serializer());
      SharedInfrastructure.closeAtSessionEnd(producer);
    }
    try {
      producer.send(new ProducerRecord<>(NAMING.name(topic), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not publish to " + topic.name(), e);
    }
  }

  /** The first record of {@code topic} that matches; fails after 30 s listing what was seen. */
  protected static <V extends SpecificRecord> ConsumerRecord<String, V> readFirst(TopicSpec<V> topic,
      String expectation, Predicate<ConsumerRecord<String, V>> match) {
    return TopicProbe.on(NAMING.name(topic), new StringDeserializer(), SERDES.forValues(topic).deserializer())
        .readFirstMatching(expectation, match);
  }

  /** Every record of {@code topic} that matches, read for {@code within}: for "nothing (else) arrived" checks. */
  protected static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(TopicSpec<V> topic,
      Duration within, Predicate<ConsumerRecord<String, V>> match) {
    return TopicProbe.on(NAMING.name(topic), new StringDeserializer(), SERDES.forValues(topic).deserializer())
        .within(within).readAll().stream().filter(match).toList();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static AvroSerializer<SpecificRecord> serializer() {
    AvroSerializer serializer = new AvroSerializer();
    serializer.configure(Map.of("schema.registry.url", REGISTRY), false);
    return serializer;
  }
}
