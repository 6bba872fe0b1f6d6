package org.contactability.scheduler.adapters.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;

/**
 * The primitives of the scheduler's binary store formats ({@link PlanSerde}, {@link JoinRowSerde}): length-prefixed
 * UTF-8 strings (length -1 for null), instants as a presence byte then seconds and nanos, local times and dates as
 * the same instant at UTC, and enums as their index in a table frozen with a format version.
 */
final class BinaryFormat {

  static final byte ABSENT = -1;

  /** The appointment statuses as both formats' first versions froze them. */
  static final Codes<AppointmentStatus> STATUSES = new Codes<>(AppointmentStatus.class,
      "BOOKED", "CONFIRMED", "CANCELLED_BY_PATIENT", "CANCELLED_BY_HOSPITAL", "ATTENDED", "NO_SHOW", "UNKNOWN");
  /** The appointment types as both formats' first versions froze them. */
  static final Codes<AppointmentType> TYPES = new Codes<>(AppointmentType.class,
      "NEW_CONSULTATION", "CONTROL", "PROCEDURE", "OTHER");

  private BinaryFormat() {
  }

  static String readString(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0) {
      return null;
    }
    String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }

  static Instant readInstant(ByteBuffer in) {
    if (in.get() == 0) {
      return null;
    }
    long seconds = in.getLong();
    return Instant.ofEpochSecond(seconds, in.getInt());
  }

  static LocalDateTime readLocal(ByteBuffer in) {
    Instant instant = readInstant(in);
    return instant == null ? null : LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(),
        ZoneOffset.UTC);
  }

  static LocalDate readDate(ByteBuffer in) {
    Instant instant = readInstant(in);
    return instant == null ? null : LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), 86_400L));
  }

  static Long readLong(ByteBuffer in) {
    return in.get() == 0 ? null : in.getLong();
  }

  /** A growable buffer: the values are a few hundred bytes. */
  static final class Writer {
    private ByteBuffer buffer;

    Writer(int initialCapacity) {
      buffer = ByteBuffer.allocate(initialCapacity);
    }

    private void ensure(int more) {
      if (buffer.remaining() < more) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
      }
    }

    void putByte(byte value) {
      ensure(1);
      buffer.put(value);
    }

    void putInt(int value) {
      ensure(4);
      buffer.putInt(value);
    }

    void putBoolean(boolean value) {
      putByte((byte) (value ? 1 : 0));
    }

    void putLong(Long value) {
      ensure(9);
      if (value == null) {
        buffer.put((byte) 0);
      } else {
        buffer.put((byte) 1);
        buffer.putLong(value);
      }
    }

    void putString(String text) {
      if (text == null) {
        putInt(-1);
        return;
      }
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      ensure(4 + bytes.length);
      buffer.putInt(bytes.length);
      buffer.put(bytes);
    }

    void putInstant(Instant instant) {
      ensure(13);
      if (instant == null) {
        buffer.put((byte) 0);
      } else {
        buffer.put((byte) 1);
        buffer.putLong(instant.getEpochSecond());
        buffer.putInt(instant.getNano());
      }
    }

    void putLocal(LocalDateTime local) {
      putInstant(local == null ? null : local.toInstant(ZoneOffset.UTC));
    }

    void putDate(LocalDate date) {
      putInstant(date == null ? null : Instant.ofEpochSecond(date.toEpochDay() * 86_400L));
    }

    <E extends Enum<E>> void putCode(Codes<E> codes, E value) {
      putByte(codes.code(value));
    }

    byte[] bytes() {
      byte[] bytes = new byte[buffer.position()];
      buffer.flip();
      buffer.get(bytes);
      return bytes;
    }
  }

  /** An enum's symbols as frozen in a format version: the stored byte is the index in this list. */
  static final class Codes<E extends Enum<E>> {
    private final List<E> symbols = new ArrayList<>();
    private final Map<E, Byte> codes;

    Codes(Class<E> type, String... frozen) {
      codes = new EnumMap<>(type);
      for (String name : frozen) {
        E symbol = Enum.valueOf(type, name);
        codes.put(symbol, (byte) symbols.size());
        symbols.add(symbol);
      }
    }

    byte code(E value) {
      if (value == null) {
        return ABSENT;
      }
      Byte code = codes.get(value);
      if (code == null) {
        throw new SerializationException(value.getDeclaringClass().getSimpleName() + "." + value
            + " is not in the store format's table: add it to a new format version");
      }
      return code;
    }

    E read(ByteBuffer in) {
      byte code = in.get();
      return code == ABSENT ? null : symbols.get(code);
    }
  }
}
