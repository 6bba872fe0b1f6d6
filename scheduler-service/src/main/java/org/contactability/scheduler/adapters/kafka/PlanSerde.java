package org.contactability.scheduler.adapters.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.scheduler.domain.AfterConfirmation;
import org.contactability.scheduler.domain.AppointmentFacts;
import org.contactability.scheduler.domain.ContactPlan;
import org.contactability.scheduler.domain.ItemKind;
import org.contactability.scheduler.domain.ItemState;
import org.contactability.scheduler.domain.PlanItem;
import org.contactability.scheduler.domain.SendCondition;

/**
 * The plan store's format: a compact binary encoding of {@link ContactPlan}, led by a format
 * version byte. A plan is read and written at every step it sends; with a generic JSON mapper that
 * cost about 50 µs a plan, ten times the rest of the sending path (docs/benchmarks.md), so the
 * format is written out here. Enums are stored by name, so that adding symbols to the contracts
 * never shifts stored values. A new field means a new version byte, with the old one still read.
 */
public final class PlanSerde implements Serde<ContactPlan> {

  private static final byte V1 = 1;

  @Override
  public Serializer<ContactPlan> serializer() {
    return (topic, plan) -> plan == null ? null : write(plan);
  }

  @Override
  public Deserializer<ContactPlan> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(ContactPlan plan) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(V1);
      writeFacts(out, plan.appointment());
      out.writeInt(plan.version());
      out.writeBoolean(plan.reached());
      writeEnum(out, plan.patientDecision());
      writeInstant(out, plan.retainUntil());
      writeLocal(out, plan.previousStartsAtLocal());
      out.writeShort(plan.items().size());
      for (PlanItem item : plan.items()) {
        writeItem(out, item);
      }
    } catch (IOException e) {
      throw new SerializationException("Could not encode the contact plan of appointment "
          + plan.appointment().appointmentId(), e);
    }
    return bytes.toByteArray();
  }

  static ContactPlan read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != V1) {
        throw new SerializationException("Unknown contact plan format version " + version
            + ": written by a newer scheduler-service?");
      }
      AppointmentFacts facts = readFacts(in);
      int planVersion = in.readInt();
      boolean reached = in.readBoolean();
      String decision = readString(in);
      Instant retainUntil = readInstant(in);
      LocalDateTime previous = readLocal(in);
      int count = in.readShort();
      List<PlanItem> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        items.add(readItem(in));
      }
      return new ContactPlan(facts, planVersion, reached,
          decision == null ? null : AppointmentStatus.valueOf(decision), items, retainUntil, previous);
    } catch (IOException | IllegalArgumentException e) {
      throw new SerializationException("Could not decode a contact plan: " + e.getMessage(), e);
    }
  }

  private static void writeFacts(DataOutputStream out, AppointmentFacts a) throws IOException {
    for (String text : new String[] {a.appointmentId(), a.hospitalCode(), a.hospitalName(), a.hospitalPhone(),
        a.zone().getId(), a.siteId(), a.siteName(), a.siteAddress(), a.patientGivenNames(), a.patientFullName(),
        a.phone(), a.email(), a.professionalTitle(), a.professionalName(), a.specialty(), a.policyId()}) {
      writeString(out, text);
    }
    writeEnum(out, a.type());
    writeEnum(out, a.status());
    writeInstant(out, a.startsAt());
    writeLocal(out, a.startsAtLocal());
    writeInstant(out, a.bookedAt());
    writeInstant(out, a.sourceCommitTime());
  }

  private static AppointmentFacts readFacts(DataInputStream in) throws IOException {
    String[] t = new String[16];
    for (int i = 0; i < t.length; i++) {
      t[i] = readString(in);
    }
    String type = readString(in);
    String status = readString(in);
    Instant startsAt = readInstant(in);
    LocalDateTime startsAtLocal = readLocal(in);
    Instant bookedAt = readInstant(in);
    Instant commit = readInstant(in);
    return new AppointmentFacts(t[0], t[1], t[2], t[3], ZoneId.of(t[4]), t[5], t[6], t[7], t[8], t[9], t[10], t[11],
        t[12], t[13], t[14], type == null ? null : AppointmentType.valueOf(type), AppointmentStatus.valueOf(status),
        startsAt, startsAtLocal, bookedAt, t[15], commit);
  }

  private static void writeItem(DataOutputStream out, PlanItem item) throws IOException {
    writeString(out, item.stepId());
    writeEnum(out, item.kind());
    writeEnum(out, item.purpose());
    writeString(out, item.template());
    out.writeBoolean(item.offersAnswer());
    writeEnum(out, item.condition());
    writeEnum(out, item.afterConfirmation());
    writeEnum(out, item.channel());
    out.writeByte(item.fallback().size());
    for (Channel channel : item.fallback()) {
      writeEnum(out, channel);
    }
    out.writeBoolean(item.isFallback());
    writeInstant(out, item.dueAt());
    writeInstant(out, item.notAfter());
    writeInstant(out, item.causeCommitTime());
    writeEnum(out, item.state());
    writeEnum(out, item.delivery());
    out.writeBoolean(item.fellBack());
    writeString(out, item.note());
  }

  private static PlanItem readItem(DataInputStream in) throws IOException {
    String stepId = readString(in);
    ItemKind kind = ItemKind.valueOf(readString(in));
    ContactPurpose purpose = ContactPurpose.valueOf(readString(in));
    String template = readString(in);
    boolean offersAnswer = in.readBoolean();
    SendCondition condition = SendCondition.valueOf(readString(in));
    AfterConfirmation afterConfirmation = AfterConfirmation.valueOf(readString(in));
    Channel channel = Channel.valueOf(readString(in));
    int fallbacks = in.readByte();
    List<Channel> fallback = new ArrayList<>(fallbacks);
    for (int i = 0; i < fallbacks; i++) {
      fallback.add(Channel.valueOf(readString(in)));
    }
    boolean isFallback = in.readBoolean();
    Instant dueAt = readInstant(in);
    Instant notAfter = readInstant(in);
    Instant cause = readInstant(in);
    ItemState state = ItemState.valueOf(readString(in));
    String delivery = readString(in);
    boolean fellBack = in.readBoolean();
    String note = readString(in);
    return new PlanItem(stepId, kind, purpose, template, offersAnswer, condition, afterConfirmation, channel, fallback,
        isFallback, dueAt, notAfter, cause, state, delivery == null ? null : DeliveryStatus.valueOf(delivery), fellBack,
        note);
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    out.writeBoolean(text != null);
    if (text != null) {
      out.writeUTF(text);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void writeEnum(DataOutputStream out, Enum<?> value) throws IOException {
    writeString(out, value == null ? null : value.name());
  }

  private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
    out.writeBoolean(instant != null);
    if (instant != null) {
      out.writeLong(instant.getEpochSecond());
      out.writeInt(instant.getNano());
    }
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  private static void writeLocal(DataOutputStream out, LocalDateTime local) throws IOException {
    writeInstant(out, local == null ? null : local.toInstant(ZoneOffset.UTC));
  }

  private static LocalDateTime readLocal(DataInputStream in) throws IOException {
    Instant instant = readInstant(in);
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
