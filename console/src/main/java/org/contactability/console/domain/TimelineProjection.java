package org.contactability.console.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.contactability.common.privacy.Mask;

/**
 * Each appointment's timeline across topics (HIS changes, the enriched view, requests, statuses,
 * answers, decisions, offers, commands and their results, dead letters), ordered by time, and the
 * patients' RUTs for search.
 *
 * <p>Memory is bounded like the funnel's: timelines whose appointment date leaves the kept window
 * are dropped, as are timelines of unknown date after {@code undatedTtl}; at most
 * {@code maxAppointments} timelines of at most {@code maxTimelineEntries} entries each (the oldest
 * entries go first), and at most {@code maxPatients} RUTs. Not thread-safe.
 */
public final class TimelineProjection {


  private final ReadModelBounds bounds;
  private final Map<String, State> timelines;
  private final Map<String, Fact.PatientSeen> patientRuts;
  private long seq;

  public TimelineProjection(ReadModelBounds bounds) {
    this.bounds = bounds;
    this.timelines = lru(bounds.maxAppointments());
    this.patientRuts = lru(bounds.maxPatients());
  }

  public void apply(Observation observation, LocalDate today) {
    Window kept = bounds.kept(today);
    Set<String> outside = new HashSet<>();
    for (Fact fact : observation.facts()) {
      if (fact instanceof Fact.PatientSeen patient && patient.rut() != null) {
        patientRuts.put(patient.patientId(), patient);
      } else if (fact instanceof Fact.AppointmentSeen seen) {
        LocalDateTime start = seen.startsAtLocal();
        if (start != null && !kept.contains(start.toLocalDate())) {
          timelines.remove(seen.appointmentId());
          outside.add(seen.appointmentId());
        } else {
          state(seen.appointmentId()).update(seen);
        }
      }
    }
    if (observation.entry() == null) {
      return;
    }
    for (String id : observation.appointmentIds()) {
      if (!outside.contains(id)) {
        state(id).add(new Line(observation.entry(), observation.brokerTime(), seq++), bounds.maxTimelineEntries());
      }
    }
  }

  public Optional<Timeline> timeline(String appointmentId) {
    State state = timelines.get(appointmentId);
    return state == null ? Optional.empty() : Optional.of(state.timeline(patientRuts));
  }

  /** The sealed patient data of an appointment's latest view, for an operator's audited request to see it. */
  public Optional<Fact.SealedPatient> sealedPatient(String appointmentId) {
    State state = timelines.get(appointmentId);
    return state == null || state.details == null ? Optional.empty() : Optional.ofNullable(state.details.sealed());
  }

  /** The appointments of the patient whose RUT has this key ({@link Fact.PatientSeen#rut}), soonest first. */
  public List<AppointmentSummary> byRut(String rut) {
    Set<String> patients = new HashSet<>();
    patientRuts.forEach((patient, patientRut) -> {
      if (patientRut.rut().equals(rut)) {
        patients.add(patient);
      }
    });
    return timelines.values().stream()
        .filter(s -> rut.equals(s.rut) || (s.patientId != null && patients.contains(s.patientId)))
        .map(s -> s.summary(patientRuts))
        .sorted(Comparator.comparing(AppointmentSummary::startsAtLocal, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
  }

  public void evict(LocalDate today, Instant now) {
    Window kept = bounds.kept(today);
    Instant undatedBefore = now.minus(bounds.undatedTtl());
    timelines.values().removeIf(s -> s.startsAtLocal == null ? s.lastAt().isBefore(undatedBefore)
        : !kept.contains(s.startsAtLocal.toLocalDate()));
  }

  public int size() {
    return timelines.size();
  }

  private State state(String appointmentId) {
    return timelines.computeIfAbsent(appointmentId, State::new);
  }

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  /** @param brokerTime the record's broker timestamp, null when unknown */
  private record Line(TimelineEntry entry, Instant brokerTime, long seq) {
  }

  private static final class State {
    final String appointmentId;
    final List<Line> lines = new ArrayList<>();
    int dropped;
    Instant seenAt = Instant.EPOCH;
    String hospitalCode;
    String siteId;
    LocalDateTime startsAtLocal;
    HisStatus status;
    String patientId;
    String rut;
    boolean deleted;
    Instant confirmUntil;
    Fact.AppointmentDetails details;

    State(String appointmentId) {
      this.appointmentId = appointmentId;
    }

    void update(Fact.AppointmentSeen seen) {
      hospitalCode = seen.hospitalCode() != null ? seen.hospitalCode() : hospitalCode;
      siteId = seen.siteId() != null ? seen.siteId() : siteId;
      startsAtLocal = seen.startsAtLocal() != null ? seen.startsAtLocal() : startsAtLocal;
      status = seen.status() != null ? seen.status() : status;
      patientId = seen.patientId() != null ? seen.patientId() : patientId;
      rut = seen.rut() != null ? seen.rut() : rut;
      confirmUntil = seen.confirmUntil() != null ? seen.confirmUntil() : confirmUntil;
      details = seen.details() != null ? seen.details() : details;
      deleted = seen.deleted();
      if (seen.at() != null && seen.at().isAfter(seenAt)) {
        seenAt = seen.at();
      }
    }

    void add(Line line, int max) {
      lines.add(line);
      if (lines.size() > max) {
        List<Line> ordered = ordered();
        while (ordered.size() > max) {
          lines.remove(ordered.remove(0));
          dropped++;
        }
      }
    }

    /** Oldest first by time (estimated times corrected), then in the order read. */
    List<Line> ordered() {
      List<Line> ordered = new ArrayList<>(lines);
      ordered.sort(Comparator.comparing(this::effectiveAt).thenComparingLong(Line::seq));
      return ordered;
    }

    TimelineEntry effective(Line line) {
      TimelineEntry entry = line.entry;
      return entry.estimated() ? new TimelineEntry(effectiveAt(line), entry.topic(), entry.kind(), entry.summary(), true)
          : entry;
    }

    /**
     * A line without business time takes its broker time moved by the skew (platform clock minus
     * broker time) of the line with business time whose broker time is nearest: the clock of the
     * embedded platform may be days ahead of the broker's, and is moved while the platform runs.
     */
    Instant effectiveAt(Line line) {
      if (!line.entry.estimated() || line.brokerTime == null) {
        return line.entry.at();
      }
      Duration skew = null;
      Duration nearest = null;
      for (Line dated : lines) {
        if (dated.entry.estimated() || dated.brokerTime == null) {
          continue;
        }
        Duration distance = Duration.between(dated.brokerTime, line.brokerTime).abs();
        if (nearest == null || distance.compareTo(nearest) < 0) {
          nearest = distance;
          skew = Duration.between(dated.brokerTime, dated.entry.at());
        }
      }
      return skew == null ? line.entry.at() : line.entry.at().plus(skew);
    }

    Instant lastAt() {
      Instant last = seenAt;
      for (Line line : lines) {
        if (!line.entry.estimated() && line.entry.at().isAfter(last)) {
          last = line.entry.at();
        }
      }
      return last;
    }

    AppointmentSummary summary(Map<String, Fact.PatientSeen> patientRuts) {
      Fact.AppointmentDetails d = details;
      Fact.PatientSeen patient = patientId == null ? null : patientRuts.get(patientId);
      String knownRut = rut != null ? rut : patient == null ? null : patient.rut();
      String shownRut = knownRut == null ? null
          : patient != null && knownRut.equals(patient.rut()) ? patient.masked() : Mask.rut(knownRut);
      return new AppointmentSummary(appointmentId, hospitalCode, siteId, d == null ? null : d.siteName(),
          d == null ? null : d.specialty(), d == null ? null : d.professional(), startsAtLocal, status, patientId,
          d == null ? null : d.patient(), shownRut, d == null ? null : d.policyId(),
          confirmUntil, d == null ? null : d.cancelUntil(), deleted);
    }

    Timeline timeline(Map<String, Fact.PatientSeen> patientRuts) {
      return new Timeline(summary(patientRuts), ordered().stream().map(this::effective).toList(), dropped);
    }
  }
}
