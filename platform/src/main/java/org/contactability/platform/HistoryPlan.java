package org.contactability.platform;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.TipoPrestacion;

/**
 * What the demo's history books in the past weeks, and how its patients behave: plain values, the same for the same
 * seed and roster. {@link DemoHistory} lives it through the running platform.
 *
 * <p>The shares of patients are assumptions of the demo (docs/platform.md); the no-show rates of {@link Group} are
 * the published figures issue 16 quotes.
 */
final class HistoryPlan {

  /** Patients whose phone never takes a message (switched off, someone else's number): the platform cannot reach them. */
  static final double SWITCHED_OFF_SHARE = 0.15;
  /** Of the appointments of reachable patients: the patient confirms. */
  static final double CONFIRM_SHARE = 0.60;
  /** Of the appointments of reachable patients: the patient cancels. The rest do not answer. */
  static final double CANCEL_SHARE = 0.07;

  /** The local times at which the history moves the clock each day: messages go, patients answer, clerks mark. */
  static final List<LocalTime> STEPS = List.of(LocalTime.of(9, 0), LocalTime.of(13, 0), LocalTime.of(18, 0),
      LocalTime.of(20, 30));
  /** When the clerks mark the day's appointments attended or not (every appointment starts by 16:40). */
  static final LocalTime CLERKS_MARK = LocalTime.of(18, 0);

  /**
   * What happened before an appointment, as the clerk's no-show rate depends on it.
   *
   * <p>Never reached: 19 %, the share of Chile's 7.48 million scheduled specialist consultations that were lost (DEIS
   * 2015), the system without reminders. Reached: a reminder cuts no-shows by 6.6 points (WhatsApp 24 h ahead, Buenos
   * Aires, n = 472,000), to 12.4 % over reached patients; those who do not answer are given the meta-analysis' relative
   * risk of an SMS reminder, 0.77 (12 trials): 19 % x 0.77 = 14.6 %; the confirmed then get what keeps the reached
   * patients' mean at 12.4 % with this plan's shares (60 % confirm, 33 % do not answer): (12.4 - 0.355 x 14.6) / 0.645
   * = 11.2 %.
   */
  enum Group {
    CONFIRMED(0.112), REACHED_NO_ANSWER(0.146), NEVER_REACHED(0.19);

    final double noShowRate;

    Group(double noShowRate) {
      this.noShowRate = noShowRate;
    }
  }

  enum Answer { CONFIRM, CANCEL, NONE }

  /** A professional as the demo books them: at one site of one hospital, in one specialty. */
  record Professional(long id, long siteId, String hospitalCode, String specialty) {
  }

  /** @param bookedAt the local time of the step at which the clerk books it */
  record Booking(LocalDateTime bookedAt, NewAppointment appointment, String hospitalCode, Answer answer) {
  }

  record Plan(LocalDateTime start, List<Booking> bookings, Set<Long> switchedOff) {
  }

  private static final LocalTime FIRST_SLOT = LocalTime.of(8, 30);
  private static final int SLOTS = 25;
  private static final int SLOT_MINUTES = 20;

  private HistoryPlan() {
  }

  /** The local time the history starts at: 08:00, {@code weeks} weeks before {@code today}. */
  static LocalDateTime start(LocalDate today, int weeks) {
    return today.minusWeeks(weeks).atTime(LocalTime.of(8, 0));
  }

  /**
   * @param patients      the patients to book (story patients already left out)
   * @param perWeekday    appointments booked per weekday of the history
   * @param noCancelIn    hospital code and specialty whose slots no history patient frees (the story's waiting list)
   */
  static Plan plan(LocalDate today, int weeks, int perWeekday, long seed, List<Professional> professionals,
      List<Long> patients, String noCancelIn) {
    Random random = new Random(seed);
    LocalDateTime start = start(today, weeks);
    Set<Long> switchedOff = new HashSet<>();
    for (long patient : patients) {
      if (random.nextDouble() < SWITCHED_OFF_SHARE) {
        switchedOff.add(patient);
      }
    }
    List<Booking> bookings = new ArrayList<>();
    Set<String> slotsTaken = new HashSet<>();
    Map<Long, LocalDateTime> busyUntil = new HashMap<>();
    for (LocalDate day = start.toLocalDate().plusDays(1); day.isBefore(today); day = day.plusDays(1)) {
      if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
        continue;
      }
      for (int i = 0; i < perWeekday && !professionals.isEmpty() && !patients.isEmpty(); i++) {
        Professional professional = professionals.get(random.nextInt(professionals.size()));
        LocalDateTime startsAt = day.atTime(FIRST_SLOT).plusMinutes((long) SLOT_MINUTES * random.nextInt(SLOTS));
        // A clerk books between 2 and 12 days ahead, at a morning or afternoon step, never before the history began.
        LocalDateTime bookedAt = day.minusDays(2 + random.nextInt(11)).atTime(random.nextBoolean()
            ? STEPS.get(0) : STEPS.get(1));
        if (bookedAt.isBefore(start)) {
          bookedAt = start.toLocalDate().atTime(STEPS.get(0));
        }
        long patient = patients.get(random.nextInt(patients.size()));
        // One slot per professional, and one pending appointment per patient, so each patient's messages are about it.
        if (!slotsTaken.add(professional.id() + "@" + startsAt)
            || busyUntil.getOrDefault(patient, LocalDateTime.MIN).isAfter(bookedAt)) {
          continue;
        }
        busyUntil.put(patient, startsAt);
        TipoPrestacion type = random.nextInt(3) == 0 ? TipoPrestacion.CONSULTA_NUEVA : TipoPrestacion.CONTROL;
        Answer answer = answer(random.nextDouble());
        if (answer == Answer.CANCEL && noCancelIn.equals(professional.hospitalCode() + "/" + professional.specialty())) {
          answer = Answer.NONE;
        }
        bookings.add(new Booking(bookedAt, new NewAppointment(patient, professional.id(), professional.siteId(),
            professional.specialty(), startsAt, NewAppointment.DEFAULT_DURATION_MINUTES, type, null),
            professional.hospitalCode(), answer));
      }
    }
    bookings.sort(Comparator.comparing(Booking::bookedAt));
    return new Plan(start, List.copyOf(bookings), Set.copyOf(switchedOff));
  }

  private static Answer answer(double draw) {
    if (draw < CONFIRM_SHARE) {
      return Answer.CONFIRM;
    }
    return draw < CONFIRM_SHARE + CANCEL_SHARE ? Answer.CANCEL : Answer.NONE;
  }

  /**
   * The clerks' record of attendance: within each group, the n-th appointment marked is a no-show when
   * round(n x rate) grows, so each group's rate is met as closely as its count allows, the same way on every run.
   */
  static final class Clerks {

    private final Map<Group, Integer> marked = new HashMap<>();

    boolean noShow(Group group) {
      int before = marked.getOrDefault(group, 0);
      marked.put(group, before + 1);
      return Math.round((before + 1) * group.noShowRate) > Math.round(before * group.noShowRate);
    }

    /** Appointments marked per group, with the no-shows among them. */
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      for (Group group : Group.values()) {
        int count = marked.getOrDefault(group, 0);
        text.append(text.isEmpty() ? "" : ", ").append(group).append(' ').append(Math.round(count * group.noShowRate))
            .append('/').append(count);
      }
      return text.toString();
    }
  }
}
