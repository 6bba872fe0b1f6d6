package org.contactability.platform.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificData;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.registry.HttpSchemaRegistry;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicSpec;

/**
 * Bytes no consumer can read as its topic's contract, each unreadable in another way: not the wire
 * format at all, an unknown schema id, the right schema id over broken Avro, nothing, and another
 * contract's well-formed record.
 */
final class UnreadablePayloads {

  private UnreadablePayloads() {
  }

  static List<byte[]> forTopic(TopicSpec<?> topic, String registryUrl) {
    HttpSchemaRegistry registry = new HttpSchemaRegistry(registryUrl);
    int ownId = registry.register(TopicSpec.valueSubject(topic.name()),
        SpecificData.get().getSchema(topic.valueType()));
    List<byte[]> payloads = new java.util.ArrayList<>(List.of(
        "not avro at all: <script>alert(1)</script> 😀".getBytes(StandardCharsets.UTF_8),
        wire(0x7ffffff0, new byte[] {1, 2, 3}),
        wire(ownId, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}),
        new byte[0]));
    // another contract is written under the topic's dead-letter schema; privacy.keys has no dead-letter topic
    topic.deadLetter().ifPresent(dlq -> payloads.add(anotherContract(topic, registryUrl)));
    return payloads;
  }

  /** Confluent's wire format: magic byte 0, the schema id, then the Avro body. */
  private static byte[] wire(int schemaId, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
  }

  /** A dead letter, well-formed under its own schema, where the topic's contract is expected. */
  private static byte[] anotherContract(TopicSpec<?> topic, String registryUrl) {
    TopicSpec<DeadLetter> deadLetters = topic.deadLetter().orElseThrow();
    DeadLetter letter = DeadLetter.newBuilder().setId("hostile").setTopic(topic.name()).setPayloadFormat("unknown")
        .setReason("written by the fuzz suite").setErrorType("Hostile").setService("fuzz")
        .setFailedAt(Instant.EPOCH).build();
    try (var serializer = new AvroSerdes(Map.of("schema.registry.url", registryUrl)).forValues(deadLetters)
        .serializer()) {
      return serializer.serialize(deadLetters.name(), letter);
    }
  }
}
