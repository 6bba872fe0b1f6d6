package org.contactability.notifier.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TopicProbe;

/** The catalogue's topics of one test class on the shared broker: created, written, probed. */
public final class Topics4Test implements AutoCloseable {

  private final TopicNaming naming;
  private final AvroSerdes serdes;
  private final KafkaProducer<String, byte[]> producer =
      SharedKafka.producer(new StringSerializer(), new ByteArraySerializer());

  public Topics4Test(String prefix, String registryUrl) {
    this.naming = new TopicNaming(prefix);
    this.serdes = new AvroSerdes(Map.of("schema.registry.url", registryUrl));
    SharedKafka.createTopics(Topics.allWithDeadLetters().stream()
        .map(topic -> TopicProvisioner.newTopic(topic, naming, (short) 1)).toList());
  }

  public TopicNaming naming() {
    return naming;
  }

  public <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
    String name = naming.name(topic);
    sendRaw(name, key, serdes.forValues(topic).serializer().serialize(name, value));
  }

  public void sendRaw(String topicName, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topicName, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code value} in a transaction that is then aborted, as a scheduler cut off mid-transaction leaves it: on
   * the topic, never committed.
   */
  public <V extends SpecificRecord> void sendAborted(TopicSpec<V> topic, String key, V value) {
    String name = naming.name(topic);
    try (KafkaProducer<String, byte[]> transactional = SharedKafka.transactionalProducer(
        "aborting-" + UUID.randomUUID(), new StringSerializer(), new ByteArraySerializer())) {
      transactional.beginTransaction();
      transactional.send(new ProducerRecord<>(name, key, serdes.forValues(topic).serializer().serialize(name, value)));
      transactional.flush();
      transactional.abortTransaction();
    }
  }

  public <V extends SpecificRecord> TopicProbe<String, V> probe(TopicSpec<V> topic) {
    return TopicProbe.on(naming.name(topic), new StringDeserializer(), serdes.forValues(topic).deserializer());
  }

  /** The statuses of one request, once {@code done} holds for them. */
  public List<ContactStatus> statusesOf(String requestId, Predicate<List<ContactStatus>> done, String expectation) {
    return statusesOf(requestId, done, expectation, probe(Topics.CONTACT_STATUS));
  }

  /** The statuses of one request, once {@code done} holds for them within {@code timeout}. */
  public List<ContactStatus> statusesOf(String requestId, Predicate<List<ContactStatus>> done, String expectation,
      Duration timeout) {
    return statusesOf(requestId, done, expectation, probe(Topics.CONTACT_STATUS).within(timeout));
  }

  private static List<ContactStatus> statusesOf(String requestId, Predicate<List<ContactStatus>> done,
      String expectation, TopicProbe<String, ContactStatus> probe) {
    Predicate<ConsumerRecord<String, ContactStatus>> ofRequest = r -> r.value().getRequestId().equals(requestId);
    return probe
        .readUntil(expectation, records -> done.test(records.stream().filter(ofRequest).map(ConsumerRecord::value).toList()))
        .stream().filter(ofRequest).map(ConsumerRecord::value).toList();
  }

  @Override
  public void close() {
    producer.close();
  }
}
