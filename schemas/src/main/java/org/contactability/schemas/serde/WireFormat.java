package org.contactability.schemas.serde;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: one magic byte 0, the schema id as a 4-byte big-endian integer, then the
 * Avro binary encoding of the record. Written byte for byte as Confluent's serializer does, so that
 * either side may be swapped for Confluent's classes.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {
  }

  /** The schema id of a framed record, after checking the magic byte. */
  public static int schemaId(String topic, byte[] data) {
    if (data.length < HEADER_LENGTH) {
      throw new SerializationException("Record on topic '" + topic + "' is " + data.length
          + " bytes long: too short for the schema registry wire format (magic byte + 4-byte schema id + Avro)");
    }
    if (data[0] != MAGIC_BYTE) {
      throw new SerializationException("Record on topic '" + topic + "' starts with byte " + data[0]
          + ", not the magic byte 0 of the schema registry wire format: it was not written by an Avro registry serializer");
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }
}
