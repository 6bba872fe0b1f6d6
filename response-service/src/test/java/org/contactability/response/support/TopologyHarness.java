package org.contactability.response.support;

import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.testing.InMemoryKeyLog;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.response.application.AnswerPrivacy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.response.adapters.kafka.DeadLetterOnUnreadable;
import org.contactability.response.adapters.kafka.ResponseTopology;
import org.contactability.response.adapters.kafka.StoreAnswerDirectory;
import org.contactability.response.application.AnswerPublisher;
import org.contactability.common.PhoneNumber;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;

/**
 * The whole stream processor under {@link TopologyTestDriver}, with an in-memory schema registry, an
 * adjustable clock, and a publisher that pipes what the use cases publish straight into it.
 */
public final class TopologyHarness implements AutoCloseable {

  public static final Instant START = Instant.parse("2026-05-01T13:00:00Z");

  public final AdjustableClock clock = AdjustableClock.on(Clock.fixed(START, ZoneOffset.UTC));
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final TopicNaming naming = TopicNaming.none();
  public final AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mem://harness-" + UUID.randomUUID()));
  public final TopologyTestDriver driver;

  public final TestInputTopic<String, Appointment> appointments;
  public final TestInputTopic<String, ContactRequest> requests;
  public final TestInputTopic<String, ContactStatus> statuses;
  public final TestInputTopic<String, PatientResponse> responses;
  public final TestInputTopic<String, byte[]> rawResponses;
  public final TestInputTopic<String, AppointmentDecision> decisionsIn;

  public final TestOutputTopic<String, AppointmentDecision> decisions;
  public final TestOutputTopic<String, HisCommand> commands;
  public final TestOutputTopic<String, ContactRequest> answers;
  public final TestOutputTopic<String, DeadLetter> deadLetters;

  /** What the use cases published through {@link #publisher()}, in order. */
  public final List<AnswerPublisher.Keyed<PatientResponse>> published = new ArrayList<>();
  public final List<AnswerPublisher.Keyed<ContactRequest>> replies = new ArrayList<>();

  /** The real envelope cipher on an in-memory key log: what the topology and the use cases seal and open with. */
  public final PatientDataCipher cipher = TestCiphers.inMemory(new InMemoryKeyLog()).cipher();
  public final AnswerPrivacy privacy = new AnswerPrivacy(cipher, PhoneNumber.DEFAULT_REGION);

  public TopologyHarness(Path stateDir) {
    Properties settings = new Properties();
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "response-harness");
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    settings.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnUnreadable.class);
    settings.put(DeadLetterOnUnreadable.SOURCE_TOPIC, naming.name(Topics.PATIENT_RESPONSES));
    settings.put(DeadLetterOnUnreadable.DEAD_LETTER_TOPIC, naming.deadLetterName(Topics.PATIENT_RESPONSES));
    settings.put(DeadLetterOnUnreadable.SERIALIZER, serdes.forValues(DeadLetter.class).serializer());
    settings.put(DeadLetterOnUnreadable.DEAD_LETTERS, new DeadLetters(ResponseTopology.SERVICE, clock));
    driver = new TopologyTestDriver(ResponseTopology.build(naming, serdes, privacy::recipientIndex,
        java.time.Duration.ofDays(30), clock, meters), settings, START);

    StringSerializer keys = new StringSerializer();
    StringDeserializer keysIn = new StringDeserializer();
    appointments = driver.createInputTopic(naming.name(Topics.APPOINTMENTS), keys,
        serdes.forValues(Topics.APPOINTMENTS).serializer());
    requests = driver.createInputTopic(naming.name(Topics.CONTACT_REQUESTS), keys,
        serdes.forValues(Topics.CONTACT_REQUESTS).serializer());
    statuses = driver.createInputTopic(naming.name(Topics.CONTACT_STATUS), keys,
        serdes.forValues(Topics.CONTACT_STATUS).serializer());
    responses = driver.createInputTopic(naming.name(Topics.PATIENT_RESPONSES), keys,
        serdes.forValues(Topics.PATIENT_RESPONSES).serializer());
    rawResponses = driver.createInputTopic(naming.name(Topics.PATIENT_RESPONSES), keys,
        Serdes.ByteArray().serializer());
    decisionsIn = driver.createInputTopic(naming.name(Topics.APPOINTMENT_DECISIONS), keys,
        serdes.forValues(Topics.APPOINTMENT_DECISIONS).serializer());

    decisions = driver.createOutputTopic(naming.name(Topics.APPOINTMENT_DECISIONS), keysIn,
        serdes.forValues(Topics.APPOINTMENT_DECISIONS).deserializer());
    commands = driver.createOutputTopic(naming.name(Topics.HIS_COMMANDS), keysIn,
        serdes.forValues(Topics.HIS_COMMANDS).deserializer());
    answers = driver.createOutputTopic(naming.name(Topics.CONTACT_REQUESTS), keysIn,
        serdes.forValues(Topics.CONTACT_REQUESTS).deserializer());
    deadLetters = driver.createOutputTopic(naming.deadLetterName(Topics.PATIENT_RESPONSES), keysIn,
        serdes.forValues(DeadLetter.class).deserializer());
  }

  /** The answer directory over the driver's global stores. */
  public StoreAnswerDirectory directory() {
    return new StoreAnswerDirectory(new StoreAnswerDirectory.StoreAccess() {
      @Override
      @SuppressWarnings("unchecked")
      public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return (ReadOnlyKeyValueStore<String, V>) (ReadOnlyKeyValueStore<?, ?>) driver.getKeyValueStore(name);
      }
    }, () -> true);
  }

  /** Publishes into the driver: the answer into patient.responses (judged at once), replies into contact.requests. */
  public AnswerPublisher publisher() {
    return (response, messages) -> {
      published.add(response);
      replies.addAll(messages);
      responses.pipeInput(response.key(), response.value(), clock.instant());
      for (AnswerPublisher.Keyed<ContactRequest> message : messages) {
        requests.pipeInput(message.key(), message.value(), clock.instant());
      }
      return CompletableFuture.completedFuture(null);
    };
  }

  /** The judge's answer messages since the last call. */
  public List<ContactRequest> answersSent() {
    return answers.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
