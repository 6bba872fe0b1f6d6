package org.contactability.console.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The live funnel: per appointment, only what the counts need (hospital, local date, notices per
 * channel, delivery, why a message did not go, outcome, answer deadline); per freed slot, whether it
 * was offered and booked.
 *
 * <p>Memory is bounded: appointments and slots whose date leaves the kept window are dropped, facts
 * about an appointment whose date never became known are dropped after {@code undatedTtl}, and
 * at most {@code maxEntries} appointments and as many slots are kept (the least recently touched go
 * first). Not thread-safe: the read model serialises access.
 */
public final class FunnelProjection {

  private final ReadModelBounds bounds;
  private final Map<String, Track> appointments;
  private final Map<String, SlotTrack> slots;
  private final Map<String, String> siteHospitals = new HashMap<>();

  public FunnelProjection(ReadModelBounds bounds) {
    this.bounds = bounds;
    this.appointments = lru(bounds.maxAppointments());
    this.slots = lru(bounds.maxAppointments());
  }

  /** Counts one fact; {@code today} decides what falls outside the kept window. */
  public void apply(Fact fact, LocalDate today) {
    Window kept = bounds.kept(today);
    if (fact instanceof Fact.SiteSeen site) {
      if (site.hospitalCode() != null) {
        siteHospitals.put(site.siteId(), site.hospitalCode());
      }
    } else if (fact instanceof Fact.AppointmentSeen seen) {
      appointmentSeen(seen, kept);
    } else if (fact instanceof Fact.NoticeStatus notice) {
      Track track = track(notice.appointmentId(), notice.at());
      switch (notice.delivery()) {
        case READ -> {
          track.read = true;
          track.delivered = true;
          track.channels.add(notice.channel());
        }
        case DELIVERED -> {
          track.delivered = true;
          track.channels.add(notice.channel());
        }
        case SENT -> track.channels.add(notice.channel());
        case NOT_SENT -> {
        }
      }
    } else if (fact instanceof Fact.NotSent notSent) {
      track(notSent.appointmentId(), notSent.at()).notSent.add(notSent.reason());
    } else if (fact instanceof Fact.DecisionMade decision) {
      Track track = track(decision.appointmentId(), decision.at());
      switch (decision.kind()) {
        case CONFIRMED -> track.confirmedAt = later(track.confirmedAt, decision.at());
        case CANCELLED_BY_PATIENT -> track.cancelledByPatient = true;
        case CANCELLED_BY_HOSPITAL -> track.cancelledByHospital = true;
        case RESCHEDULED -> track.rescheduledAt = later(track.rescheduledAt, decision.at());
        case NO_RESPONSE -> track.noResponse = true;
        case ATTENDED, NO_SHOW -> track.attendance = decision.kind();
        case OTHER -> {
        }
      }
    } else if (fact instanceof Fact.SlotEvent slot) {
      slotEvent(slot, kept);
    }
  }

  private void appointmentSeen(Fact.AppointmentSeen seen, Window kept) {
    LocalDate date = seen.startsAtLocal() == null ? null : seen.startsAtLocal().toLocalDate();
    if (date != null && !kept.contains(date)) {
      appointments.remove(seen.appointmentId());
      return;
    }
    Track track = track(seen.appointmentId(), seen.at());
    if (date != null) {
      track.date = date;
    }
    if (seen.hospitalCode() != null) {
      track.hospital = seen.hospitalCode();
    }
    if (seen.siteId() != null) {
      track.siteId = seen.siteId();
    }
    if (seen.status() != null) {
      track.status = seen.status();
    }
    if (seen.confirmUntil() != null) {
      track.confirmUntil = seen.confirmUntil();
    }
    track.deleted = seen.deleted();
  }

  private void slotEvent(Fact.SlotEvent event, Window kept) {
    LocalDate date = event.startsAtLocal() == null ? null : event.startsAtLocal().toLocalDate();
    if (date == null || !kept.contains(date)) {
      slots.remove(event.slotId());
      return;
    }
    SlotTrack slot = slots.computeIfAbsent(event.slotId(), id -> new SlotTrack());
    slot.date = date;
    slot.hospital = event.hospitalCode();
    if (event.step() == SlotStep.OFFERED) {
      slot.offered = true;
    } else if (event.step() == SlotStep.BOOKED) {
      slot.offered = true;
      slot.refilled = true;
    }
  }

  /** Drops what left the kept window, and facts whose appointment never got a date. */
  public void evict(LocalDate today, Instant now) {
    Window kept = bounds.kept(today);
    Instant undatedBefore = now.minus(bounds.undatedTtl());
    appointments.values().removeIf(t -> t.date == null ? t.lastAt.isBefore(undatedBefore) : !kept.contains(t.date));
    slots.values().removeIf(s -> !kept.contains(s.date));
  }

  /**
   * The funnel of the shown days.
   *
   * @param now      decides which answer deadlines have passed
   * @param hospital a hospital code, or null for all hospitals
   */
  public Funnel snapshot(LocalDate today, Instant now, String hospital) {
    Window shown = bounds.shown(today);
    Map<LocalDate, Counter> days = new TreeMap<>();
    for (LocalDate day = shown.first(); !day.isAfter(shown.last()); day = day.plusDays(1)) {
      days.put(day, new Counter());
    }
    Set<String> hospitals = new TreeSet<>(siteHospitals.values());
    for (Track track : appointments.values()) {
      String trackHospital = track.hospital();
      if (trackHospital != null) {
        hospitals.add(trackHospital);
      }
      Counter day = track.date == null ? null : days.get(track.date);
      if (track.deleted || day == null || (hospital != null && !hospital.equals(trackHospital))) {
        continue;
      }
      day.add(track, now);
    }
    for (SlotTrack slot : slots.values()) {
      if (slot.hospital != null) {
        hospitals.add(slot.hospital);
      }
      Counter day = slot.date == null ? null : days.get(slot.date);
      if (day == null || (hospital != null && !hospital.equals(slot.hospital))) {
        continue;
      }
      day.slotsOffered += slot.offered ? 1 : 0;
      day.slotsRefilled += slot.refilled ? 1 : 0;
    }
    List<FunnelDay> result = days.entrySet().stream().map(e -> new FunnelDay(e.getKey(), e.getValue().counts())).toList();
    return new Funnel(today, hospital, List.copyOf(hospitals), result);
  }

  /** How many appointments and slots are kept, for the bounds' documentation and health. */
  public int size() {
    return appointments.size() + slots.size();
  }

  private Track track(String appointmentId, Instant at) {
    Track track = appointments.computeIfAbsent(appointmentId, id -> new Track());
    track.lastAt = later(track.lastAt, at);
    return track;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  private final class Track {
    String hospital;
    String siteId;
    LocalDate date;
    HisStatus status;
    boolean deleted;
    final Set<NoticeChannel> channels = EnumSet.noneOf(NoticeChannel.class);
    final Set<NotSentReason> notSent = EnumSet.noneOf(NotSentReason.class);
    boolean delivered;
    boolean read;
    Instant confirmUntil;
    Instant confirmedAt;
    Instant rescheduledAt;
    boolean cancelledByPatient;
    boolean cancelledByHospital;
    boolean noResponse;
    DecisionKind attendance;
    Instant lastAt = Instant.EPOCH;

    /** The HIS's status says it when it was read after the clerk marked it; the scheduler's decision otherwise. */
    boolean attended() {
      return status == HisStatus.ATTENDED || (status != HisStatus.NO_SHOW && attendance == DecisionKind.ATTENDED);
    }

    boolean noShow() {
      return status == HisStatus.NO_SHOW || (status != HisStatus.ATTENDED && attendance == DecisionKind.NO_SHOW);
    }

    String hospital() {
      return hospital != null ? hospital : siteId == null ? null : siteHospitals.get(siteId);
    }

    /**
     * Cancellation outranks confirmation (a confirmed patient may still cancel; a cancelled one
     * cannot confirm again); a confirmation given before a reschedule no longer counts.
     */
    AnswerOutcome outcome(Instant now) {
      boolean confirmedByAnswer = confirmedAt != null && (rescheduledAt == null || confirmedAt.isAfter(rescheduledAt));
      return AnswerOutcome.of(cancelledByHospital || status == HisStatus.CANCELLED_BY_HOSPITAL,
          cancelledByPatient || status == HisStatus.CANCELLED_BY_PATIENT,
          confirmedByAnswer || status == HisStatus.CONFIRMED,
          noResponse || (confirmUntil != null && !now.isBefore(confirmUntil)));
    }
  }

  private static final class SlotTrack {
    String hospital;
    LocalDate date;
    boolean offered;
    boolean refilled;
  }

  private static final class Counter {
    int booked;
    int whatsapp;
    int sms;
    int email;
    int voice;
    int delivered;
    int read;
    int confirmed;
    int cancelledByPatient;
    int cancelledByHospital;
    int noAnswer;
    int attended;
    int noShow;
    int slotsOffered;
    int slotsRefilled;
    final Map<NotSentReason, Integer> notSent = new EnumMap<>(NotSentReason.class);

    void add(Track track, Instant now) {
      for (NotSentReason reason : track.notSent) {
        notSent.merge(reason, 1, Integer::sum);
      }
      booked++;
      whatsapp += track.channels.contains(NoticeChannel.WHATSAPP) ? 1 : 0;
      sms += track.channels.contains(NoticeChannel.SMS) ? 1 : 0;
      email += track.channels.contains(NoticeChannel.EMAIL) ? 1 : 0;
      voice += track.channels.contains(NoticeChannel.VOICE) ? 1 : 0;
      delivered += track.delivered ? 1 : 0;
      read += track.read ? 1 : 0;
      attended += track.attended() ? 1 : 0;
      noShow += track.noShow() ? 1 : 0;
      switch (track.outcome(now)) {
        case CONFIRMED -> confirmed++;
        case CANCELLED_BY_PATIENT -> cancelledByPatient++;
        case CANCELLED_BY_HOSPITAL -> cancelledByHospital++;
        case NO_ANSWER -> noAnswer++;
        case PENDING -> {
        }
      }
    }

    FunnelCounts counts() {
      return new FunnelCounts(booked, new FunnelCounts.PerChannel(whatsapp, sms, email, voice), delivered, read,
          confirmed, cancelledByPatient, cancelledByHospital, noAnswer, attended, noShow, slotsOffered, slotsRefilled,
          new FunnelCounts.Failed(count(NotSentReason.TEMPORARY_FAILURE), count(NotSentReason.PERMANENT_FAILURE),
              count(NotSentReason.TECHNICAL_FAILURE)),
          new FunnelCounts.NotSent(count(NotSentReason.SKIPPED), count(NotSentReason.NO_CONTACTABLE_CHANNEL),
              count(NotSentReason.PATIENT_UNREADABLE), count(NotSentReason.HOSPITAL_NOT_CONFIGURED),
              count(NotSentReason.OPTED_OUT)));
    }

    private int count(NotSentReason reason) {
      return notSent.getOrDefault(reason, 0);
    }
  }
}
