package org.contactability.scheduler.adapters.kafka;

import static org.contactability.scheduler.adapters.kafka.BinaryFormat.readDate;
import static org.contactability.scheduler.adapters.kafka.BinaryFormat.readInstant;
import static org.contactability.scheduler.adapters.kafka.BinaryFormat.readLocal;
import static org.contactability.scheduler.adapters.kafka.BinaryFormat.readLong;
import static org.contactability.scheduler.adapters.kafka.BinaryFormat.readString;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.scheduler.adapters.kafka.BinaryFormat.Writer;

/**
 * The format of the join stores' values: the four HIS row tables, the three foreign-key join results and the parked
 * views. Every booking is written and read several times across the joins; as JSON that was two fifths of the
 * scheduler's stream thread (docs/benchmarks.md), so the rows are written out here, led by a format version byte.
 *
 * <p>Values written as JSON by earlier schedulers start with <code>{</code> and are still read as JSON (with
 * {@link JsonSerde}'s tolerance of missing fields), so a store or changelog written before keeps working. Version 1
 * is the first binary one; a field added later goes into a new version, and older versions read it as null.
 */
final class JoinRowSerde<T> implements Serde<T> {

  private static final byte V1 = 1;
  private static final byte JSON_START = '{';

  private final Class<T> type;
  private final BiConsumer<Writer, T> write;
  private final Function<ByteBuffer, T> read;
  private final JsonSerde<T> legacy;

  private JoinRowSerde(Class<T> type, BiConsumer<Writer, T> write, Function<ByteBuffer, T> read) {
    this.type = type;
    this.write = write;
    this.read = read;
    this.legacy = new JsonSerde<>(type);
  }

  static JoinRowSerde<JoinedAppointment.Site> sites() {
    return new JoinRowSerde<>(JoinedAppointment.Site.class, JoinRowSerde::writeSite, JoinRowSerde::readSite);
  }

  static JoinRowSerde<JoinedAppointment.Patient> patients() {
    return new JoinRowSerde<>(JoinedAppointment.Patient.class, JoinRowSerde::writePatient,
        JoinRowSerde::readPatient);
  }

  static JoinRowSerde<JoinedAppointment.Professional> professionals() {
    return new JoinRowSerde<>(JoinedAppointment.Professional.class, JoinRowSerde::writeProfessional,
        JoinRowSerde::readProfessional);
  }

  static JoinRowSerde<JoinedAppointment.Appointment> appointments() {
    return new JoinRowSerde<>(JoinedAppointment.Appointment.class, JoinRowSerde::writeAppointment,
        JoinRowSerde::readAppointment);
  }

  static JoinRowSerde<JoinedAppointment> joined() {
    return new JoinRowSerde<>(JoinedAppointment.class, JoinRowSerde::writeJoined, JoinRowSerde::readJoined);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : write(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  byte[] write(T value) {
    Writer out = new Writer(384);
    out.putByte(V1);
    write.accept(out, value);
    return out.bytes();
  }

  T read(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == JSON_START) {
      return legacy.deserializer().deserialize(null, bytes);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte version = in.get();
      if (version != V1) {
        throw new SerializationException("Unknown join row format version " + version + " for a "
            + type.getSimpleName() + ": written by a newer scheduler-service?");
      }
      return read.apply(in);
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new SerializationException("Could not decode a " + type.getSimpleName() + ": " + e, e);
    }
  }

  private static void writeSite(Writer out, JoinedAppointment.Site site) {
    out.putString(site.id());
    out.putString(site.hospitalCode());
    out.putString(site.name());
    out.putString(site.address());
    out.putString(site.commune());
    out.putInstant(site.commitTime());
  }

  private static JoinedAppointment.Site readSite(ByteBuffer in) {
    return new JoinedAppointment.Site(readString(in), readString(in), readString(in), readString(in),
        readString(in), readInstant(in));
  }

  /** The full name as the record gives it: sealed as a whole, or joined from the clear parts of old rows (as JSON). */
  private static void writePatient(Writer out, JoinedAppointment.Patient patient) {
    out.putString(patient.id());
    out.putString(patient.rut());
    out.putString(patient.givenNames());
    out.putString(patient.paternalSurname());
    out.putString(patient.maternalSurname());
    out.putString(patient.mobilePhone());
    out.putString(patient.email());
    out.putDate(patient.birthDate());
    out.putInstant(patient.commitTime());
    out.putString(patient.landlinePhone());
    out.putString(patient.fullName());
  }

  private static JoinedAppointment.Patient readPatient(ByteBuffer in) {
    return new JoinedAppointment.Patient(readString(in), readString(in), readString(in), readString(in),
        readString(in), readString(in), readString(in), readDate(in), readInstant(in), readString(in),
        readString(in));
  }

  private static void writeProfessional(Writer out, JoinedAppointment.Professional professional) {
    out.putString(professional.id());
    out.putString(professional.title());
    out.putString(professional.givenNames());
    out.putString(professional.paternalSurname());
    out.putString(professional.maternalSurname());
    out.putInstant(professional.commitTime());
  }

  private static JoinedAppointment.Professional readProfessional(ByteBuffer in) {
    return new JoinedAppointment.Professional(readString(in), readString(in), readString(in), readString(in),
        readString(in), readInstant(in));
  }

  private static void writeAppointment(Writer out, JoinedAppointment.Appointment appointment) {
    out.putString(appointment.id());
    out.putString(appointment.patientId());
    out.putString(appointment.professionalId());
    out.putString(appointment.siteId());
    out.putString(appointment.specialty());
    out.putLocal(appointment.startsAtLocal());
    out.putInt(appointment.durationMinutes());
    out.putCode(BinaryFormat.TYPES, appointment.type());
    out.putCode(BinaryFormat.STATUSES, appointment.status());
    out.putString(appointment.waitlistEntryId());
    out.putInstant(appointment.bookedAt());
    out.putInstant(appointment.commitTime());
    out.putString(appointment.sourceTable());
    out.putLong(appointment.lsn());
    out.putLong(appointment.txId());
  }

  private static JoinedAppointment.Appointment readAppointment(ByteBuffer in) {
    return new JoinedAppointment.Appointment(readString(in), readString(in), readString(in), readString(in),
        readString(in), readLocal(in), in.getInt(), BinaryFormat.TYPES.read(in), BinaryFormat.STATUSES.read(in),
        readString(in), readInstant(in), readInstant(in), readString(in), readLong(in), readLong(in));
  }

  /** Each part is led by a presence byte: a left join leaves the patient out. */
  private static void writeJoined(Writer out, JoinedAppointment joined) {
    writePart(out, joined.appointment(), JoinRowSerde::writeAppointment);
    writePart(out, joined.site(), JoinRowSerde::writeSite);
    writePart(out, joined.patient(), JoinRowSerde::writePatient);
    writePart(out, joined.professional(), JoinRowSerde::writeProfessional);
  }

  private static JoinedAppointment readJoined(ByteBuffer in) {
    return new JoinedAppointment(readPart(in, JoinRowSerde::readAppointment), readPart(in, JoinRowSerde::readSite),
        readPart(in, JoinRowSerde::readPatient), readPart(in, JoinRowSerde::readProfessional));
  }

  private static <P> void writePart(Writer out, P part, BiConsumer<Writer, P> write) {
    out.putBoolean(part != null);
    if (part != null) {
      write.accept(out, part);
    }
  }

  private static <P> P readPart(ByteBuffer in, Function<ByteBuffer, P> read) {
    return in.get() == 0 ? null : read.apply(in);
  }
}
