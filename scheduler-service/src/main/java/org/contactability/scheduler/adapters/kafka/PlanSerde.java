package org.contactability.scheduler.adapters.kafka;

import static org.contactability.scheduler.adapters.kafka.BinaryFormat.readInstant;
import static org.contactability.scheduler.adapters.kafka.BinaryFormat.readLocal;
import static org.contactability.scheduler.adapters.kafka.BinaryFormat.readString;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.scheduler.adapters.kafka.BinaryFormat.Codes;
import org.contactability.scheduler.adapters.kafka.BinaryFormat.Writer;
import org.contactability.scheduler.domain.AfterConfirmation;
import org.contactability.scheduler.domain.AppointmentFacts;
import org.contactability.scheduler.domain.ContactPlan;
import org.contactability.scheduler.domain.ItemKind;
import org.contactability.scheduler.domain.ItemState;
import org.contactability.scheduler.domain.PlanItem;
import org.contactability.scheduler.domain.SendCondition;
import org.contactability.scheduler.domain.SkipReason;

/**
 * The plan store's format: a compact binary encoding of {@link ContactPlan}, led by a format
 * version byte. A plan is read and written at every step it sends; with a generic JSON mapper that
 * cost about 50 µs a plan, more than the rest of the sending path together (docs/benchmarks.md),
 * so the format is written out here. Enums are stored as their index in tables frozen with the
 * format version (below), so that symbols added to the contracts later never shift stored values;
 * a symbol missing from a table fails loudly when written, and goes into the next version's table.
 *
 * <p>Versions: 1, the first; 2 adds the site's commune; 3 adds the patient's landline and whether an
 * item is held; 4 adds why an item was skipped. Plans are always written in the newest version and read in any: a store written by
 * an older scheduler is read as it was.
 */
public final class PlanSerde implements Serde<ContactPlan> {

  private static final byte V1 = 1;
  /** V1 plus the site's commune after its address. */
  private static final byte V2 = 2;
  /** V2 plus the patient's landline, and whether each item is held. */
  private static final byte V3 = 3;
  /** V3 plus each item's skip reason after its note. */
  private static final byte V4 = 4;
  private static final Codes<AppointmentStatus> STATUSES = BinaryFormat.STATUSES;
  private static final Codes<AppointmentType> TYPES = BinaryFormat.TYPES;
  private static final Codes<Channel> CHANNELS = new Codes<>(Channel.class, "WHATSAPP", "SMS", "EMAIL", "VOICE", "WEB");
  private static final Codes<ContactPurpose> PURPOSES = new Codes<>(ContactPurpose.class,
      "BOOKING_NOTICE", "REMINDER", "RESCHEDULE_NOTICE", "HOSPITAL_CANCELLATION_NOTICE", "CONFIRMATION_ANSWER",
      "CANCELLATION_ANSWER", "TOO_LATE_ANSWER", "ALREADY_CANCELLED_ANSWER", "HELP_ANSWER",
      "WHICH_APPOINTMENT_QUESTION", "OPT_OUT_ANSWER", "SLOT_OFFER", "OFFER_ACCEPTED_ANSWER", "OFFER_TAKEN_ANSWER",
      "OFFER_DECLINED_ANSWER", "STILL_NEEDED_QUESTION", "STILL_NEEDED_ANSWER", "OTHER");
  private static final Codes<DeliveryStatus> DELIVERIES = new Codes<>(DeliveryStatus.class,
      "QUEUED", "SENT", "DELIVERED", "READ", "FAILED", "UNDELIVERED", "SUPPRESSED", "EXPIRED", "OTHER", "SENDING",
      "SKIPPED");
  private static final Codes<ItemKind> KINDS = new Codes<>(ItemKind.class, "STEP", "NOTICE");
  private static final Codes<ItemState> STATES = new Codes<>(ItemState.class,
      "PENDING", "SENT", "SKIPPED", "CANCELLED", "EXPIRED");
  private static final Codes<SendCondition> CONDITIONS = new Codes<>(SendCondition.class, "ALWAYS", "UNLESS_REACHED");
  private static final Codes<SkipReason> SKIP_REASONS = new Codes<>(SkipReason.class,
      "REACHED", "CONFIRMED", "SUPERSEDED", "BOOKED_TOO_LATE", "NO_TIME_LEFT", "OTHER_CHANNEL", "HELD_UNTIL_DEADLINE",
      "CHANNEL_FAILED", "MISSED", "NO_CONTACTABLE_CHANNEL", "PATIENT_UNREADABLE", "HOSPITAL_NOT_CONFIGURED");
  private static final Codes<AfterConfirmation> AFTER_CONFIRMATION = new Codes<>(AfterConfirmation.class,
      "DROP", "KEEP");

  @Override
  public Serializer<ContactPlan> serializer() {
    return (topic, plan) -> plan == null ? null : write(plan);
  }

  @Override
  public Deserializer<ContactPlan> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(ContactPlan plan) {
    Writer out = new Writer(768);
    out.putByte(V4);
    writeFacts(out, plan.appointment());
    out.putInt(plan.version());
    out.putBoolean(plan.reached());
    out.putCode(STATUSES, plan.patientDecision());
    out.putInstant(plan.retainUntil());
    out.putLocal(plan.previousStartsAtLocal());
    out.putInt(plan.items().size());
    for (PlanItem item : plan.items()) {
      writeItem(out, item);
    }
    return out.bytes();
  }

  static ContactPlan read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte version = in.get();
      if (version < V1 || version > V4) {
        throw new SerializationException("Unknown contact plan format version " + version
            + ": written by a newer scheduler-service?");
      }
      AppointmentFacts facts = readFacts(in, version);
      int planVersion = in.getInt();
      boolean reached = in.get() != 0;
      AppointmentStatus decision = STATUSES.read(in);
      Instant retainUntil = readInstant(in);
      LocalDateTime previous = readLocal(in);
      int count = in.getInt();
      List<PlanItem> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        items.add(readItem(in, version));
      }
      return new ContactPlan(facts, planVersion, reached, decision, items, retainUntil, previous);
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new SerializationException("Could not decode a contact plan: " + e, e);
    }
  }

  private static void writeFacts(Writer out, AppointmentFacts a) {
    for (String text : new String[] {a.appointmentId(), a.hospitalCode(), a.hospitalName(), a.hospitalPhone(),
        a.zone().getId(), a.siteId(), a.siteName(), a.siteAddress(), a.siteCommune(), a.patientGivenNames(),
        a.patientFullName(), a.phone(), a.email(), a.professionalTitle(), a.professionalName(), a.specialty(),
        a.policyId(), a.landline()}) {
      out.putString(text);
    }
    out.putCode(TYPES, a.type());
    out.putCode(STATUSES, a.status());
    out.putInstant(a.startsAt());
    out.putLocal(a.startsAtLocal());
    out.putInstant(a.bookedAt());
    out.putInstant(a.sourceCommitTime());
  }

  private static AppointmentFacts readFacts(ByteBuffer in, byte version) {
    String[] t = new String[18];
    for (int i = 0; i < t.length; i++) {
      // V1 has no commune (index 8), V1 and V2 no landline (index 17): they read as absent.
      boolean absent = version == V1 && i == 8 || version < V3 && i == 17;
      t[i] = absent ? null : readString(in);
    }
    AppointmentType type = TYPES.read(in);
    AppointmentStatus status = STATUSES.read(in);
    Instant startsAt = readInstant(in);
    LocalDateTime startsAtLocal = readLocal(in);
    Instant bookedAt = readInstant(in);
    Instant commit = readInstant(in);
    return new AppointmentFacts(t[0], t[1], t[2], t[3], zone(t[4]), t[5], t[6], t[7], t[8], t[9], t[10], t[11],
        t[12], t[17], t[13], t[14], t[15], type, status, startsAt, startsAtLocal, bookedAt, t[16], commit);
  }

  private static void writeItem(Writer out, PlanItem item) {
    out.putString(item.stepId());
    out.putCode(KINDS, item.kind());
    out.putCode(PURPOSES, item.purpose());
    out.putString(item.template());
    out.putBoolean(item.offersAnswer());
    out.putCode(CONDITIONS, item.condition());
    out.putCode(AFTER_CONFIRMATION, item.afterConfirmation());
    out.putCode(CHANNELS, item.channel());
    out.putInt(item.fallback().size());
    for (Channel channel : item.fallback()) {
      out.putCode(CHANNELS, channel);
    }
    out.putBoolean(item.isFallback());
    out.putInstant(item.dueAt());
    out.putInstant(item.notAfter());
    out.putInstant(item.causeCommitTime());
    out.putCode(STATES, item.state());
    out.putCode(DELIVERIES, item.delivery());
    out.putBoolean(item.fellBack());
    out.putBoolean(item.held());
    out.putString(item.note());
    out.putCode(SKIP_REASONS, item.skip());
  }

  private static PlanItem readItem(ByteBuffer in, byte version) {
    String stepId = readString(in);
    ItemKind kind = KINDS.read(in);
    ContactPurpose purpose = PURPOSES.read(in);
    String template = readString(in);
    boolean offersAnswer = in.get() != 0;
    SendCondition condition = CONDITIONS.read(in);
    AfterConfirmation afterConfirmation = AFTER_CONFIRMATION.read(in);
    Channel channel = CHANNELS.read(in);
    int fallbacks = in.getInt();
    List<Channel> fallback = new ArrayList<>(fallbacks);
    for (int i = 0; i < fallbacks; i++) {
      fallback.add(CHANNELS.read(in));
    }
    boolean isFallback = in.get() != 0;
    Instant dueAt = readInstant(in);
    Instant notAfter = readInstant(in);
    Instant cause = readInstant(in);
    ItemState state = STATES.read(in);
    DeliveryStatus delivery = DELIVERIES.read(in);
    boolean fellBack = in.get() != 0;
    boolean held = version >= V3 && in.get() != 0;
    String note = readString(in);
    SkipReason skip = version >= V4 ? SKIP_REASONS.read(in) : null;
    return new PlanItem(stepId, kind, purpose, template, offersAnswer, condition, afterConfirmation, channel, fallback,
        isFallback, dueAt, notAfter, cause, state, delivery, fellBack, held, note, skip);
  }

  /** Zones are few; resolving one by id each time would cost more than the rest of a plan. */
  private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();

  private static ZoneId zone(String id) {
    return ZONES.computeIfAbsent(id, ZoneId::of);
  }
}
