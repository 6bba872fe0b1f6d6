package org.contactability.response.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.contactability.common.PhoneNumber;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.StreamsDeadLetters;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.testing.InMemoryKeyLog;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.response.adapters.kafka.ResponseTopology;
import org.contactability.response.adapters.kafka.StoreAnswerDirectory;
import org.contactability.response.application.AnswerPrivacy;
import org.contactability.response.application.AnswerPublisher;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.TopologyHarness;

/**
 * response-service's whole stream processor on testkit's {@link TopologyHarness}, with an in-memory schema
 * registry, an adjustable clock, its topics, the answer directory over the driver's global stores and a
 * publisher that pipes what the use cases publish straight into it.
 */
public final class TopologyFixture implements AutoCloseable {

  public static final Instant START = Instant.parse("2026-05-01T13:00:00Z");

  public final AdjustableClock clock = AdjustableClock.on(Clock.fixed(START, ZoneOffset.UTC));
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final TopicNaming naming = TopicNaming.none();
  public final AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mem://harness-" + UUID.randomUUID()));
  public final TopologyHarness harness;
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

  public TopologyFixture() {
    DeadLetters letters = new DeadLetters(ResponseTopology.SERVICE, clock, naming, meters);
    Map<String, Object> settings = new HashMap<>(StreamsDeadLetters.builder(letters,
        serdes.forValues(DeadLetter.class).serializer()).parkedByTheirOwners(ResponseTopology.VIEWS).build().settings());
    harness = new TopologyHarness(ResponseTopology.build(naming, serdes, privacy::recipientIndex,
        java.time.Duration.ofDays(30), clock, meters, letters), settings, START, clock::advance);
    driver = harness.driver();

    appointments = harness.input(naming.name(Topics.APPOINTMENTS), serdes.forValues(Topics.APPOINTMENTS));
    requests = harness.input(naming.name(Topics.CONTACT_REQUESTS), serdes.forValues(Topics.CONTACT_REQUESTS));
    statuses = harness.input(naming.name(Topics.CONTACT_STATUS), serdes.forValues(Topics.CONTACT_STATUS));
    responses = harness.input(naming.name(Topics.PATIENT_RESPONSES), serdes.forValues(Topics.PATIENT_RESPONSES));
    rawResponses = harness.rawInput(naming.name(Topics.PATIENT_RESPONSES));
    decisionsIn = harness.input(naming.name(Topics.APPOINTMENT_DECISIONS),
        serdes.forValues(Topics.APPOINTMENT_DECISIONS));

    decisions = harness.output(naming.name(Topics.APPOINTMENT_DECISIONS),
        serdes.forValues(Topics.APPOINTMENT_DECISIONS));
    commands = harness.output(naming.name(Topics.HIS_COMMANDS), serdes.forValues(Topics.HIS_COMMANDS));
    answers = harness.output(naming.name(Topics.CONTACT_REQUESTS), serdes.forValues(Topics.CONTACT_REQUESTS));
    deadLetters = harness.output(naming.deadLetterName(Topics.PATIENT_RESPONSES), serdes.forValues(DeadLetter.class));
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
    harness.close();
  }
}
