package org.contactability.console.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the platform changed, computed from the events: per appointment, one compact story (its date,
 * hospital, site, specialty and kind; how far each notice got per channel and plan step; its answers
 * and when; the attendance the HIS recorded); per freed slot, when it was freed, offered and booked;
 * per purge campaign, its newest counts. {@link #report} turns them into {@link OutcomeTable}s per
 * week or month. Nothing here is a copy that can drift: a restarted console reads the same events again.
 *
 * <p>Memory is bounded: stories older than {@code monthsKept} months, undated facts older than
 * {@code undatedTtl}, and the least recently touched beyond {@code maxAppointments} are dropped. No
 * patient data is kept (no patient id, no name, no RUT). Not thread-safe: the read model serialises access.
 */
public final class OutcomesProjection {

  private static final int LEVEL_NOTIFIED = 1;
  private static final int LEVEL_DELIVERED = 2;
  private static final int LEVEL_READ = 4;
  private static final int UNDATED = Integer.MIN_VALUE;
  private static final NoticeChannel[] CHANNELS = NoticeChannel.values();

  private final ZoneId zone;
  private final int monthsKept;
  private final Duration undatedTtl;
  private final Map<String, Story> stories;
  private final Map<String, SlotStory> slots;
  private final Map<String, Fact.CampaignProgress> campaigns = new HashMap<>();
  private final Map<String, String> siteHospitals = new HashMap<>();
  private final Map<String, String> siteNames = new HashMap<>();
  private final Names names = new Names();

  /**
   * @param zone            the hospitals' zone (a campaign falls in the period of its local start date)
   * @param monthsKept      months before today's month kept
   * @param maxAppointments stories (and, separately, freed slots) kept at most
   */
  public OutcomesProjection(ZoneId zone, int monthsKept, int maxAppointments, Duration undatedTtl) {
    if (monthsKept < 0 || maxAppointments < 1) {
      throw new IllegalArgumentException("months kept must be 0 or more and the maximum at least 1");
    }
    this.zone = zone;
    this.monthsKept = monthsKept;
    this.undatedTtl = undatedTtl;
    this.stories = lru(maxAppointments);
    this.slots = lru(maxAppointments);
  }

  public void apply(Fact fact, LocalDate today) {
    LocalDate oldest = oldestKept(today);
    if (fact instanceof Fact.SiteSeen site) {
      if (site.hospitalCode() != null) {
        siteHospitals.put(site.siteId(), site.hospitalCode());
      }
    } else if (fact instanceof Fact.AppointmentSeen seen) {
      appointmentSeen(seen, oldest);
    } else if (fact instanceof Fact.AppointmentClassified classified) {
      Story story = stories.get(classified.appointmentId());
      if (story == null) {
        story = story(classified.appointmentId(), null);
      }
      story.specialty = names.of(classified.specialty());
      story.kind = classified.kind();
      story.durationMinutes = (short) classified.durationMinutes();
      if (classified.siteName() != null && story.site >= 0) {
        siteNames.put(names.name(story.site), classified.siteName());
      }
    } else if (fact instanceof Fact.NoticeStatus notice) {
      notice(notice);
    } else if (fact instanceof Fact.NotSent notSent) {
      if (notSent.reason() == NotSentReason.NO_CONTACTABLE_CHANNEL) {
        story(notSent.appointmentId(), notSent.at()).noContactableChannel = true;
      }
    } else if (fact instanceof Fact.DecisionMade decision) {
      decision(decision);
    } else if (fact instanceof Fact.SlotEvent slot) {
      slotEvent(slot, oldest);
    } else if (fact instanceof Fact.CampaignProgress progress) {
      campaigns.put(progress.campaignId(), progress);
    }
  }

  private void appointmentSeen(Fact.AppointmentSeen seen, LocalDate oldest) {
    if (seen.startsAtLocal() != null && seen.startsAtLocal().toLocalDate().isBefore(oldest)) {
      stories.remove(seen.appointmentId());
      return;
    }
    Story story = story(seen.appointmentId(), seen.at());
    if (seen.startsAtLocal() != null) {
      story.day = (int) seen.startsAtLocal().toLocalDate().toEpochDay();
    }
    if (seen.hospitalCode() != null) {
      story.hospital = names.of(seen.hospitalCode());
    }
    if (seen.siteId() != null) {
      story.site = names.of(seen.siteId());
    }
    if (seen.status() != null) {
      story.status = seen.status();
      story.confirmedInHis |= seen.status() == HisStatus.CONFIRMED;
    }
    if (seen.confirmUntil() != null) {
      story.confirmUntil = seen.confirmUntil().toEpochMilli();
    }
    if (seen.details() != null && seen.details().specialty() != null) {
      story.specialty = names.of(seen.details().specialty());
    }
    story.deleted = seen.deleted();
  }

  private void notice(Fact.NoticeStatus notice) {
    int level = switch (notice.delivery()) {
      case SENT -> LEVEL_NOTIFIED;
      case DELIVERED -> LEVEL_NOTIFIED | LEVEL_DELIVERED;
      case READ -> LEVEL_NOTIFIED | LEVEL_DELIVERED | LEVEL_READ;
      case NOT_SENT -> 0;
    };
    if (level == 0) {
      return;
    }
    Story story = story(notice.appointmentId(), notice.at());
    int channel = notice.channel().ordinal();
    story.levels[channel] |= (byte) level;
    if (notice.stepId() != null) {
      story.addStepLevel(names.of(notice.stepId()), channel, level);
    }
    if (notice.reminder() && notice.at() != null
        && (story.firstReminderAt == 0 || notice.at().toEpochMilli() < story.firstReminderAt)) {
      story.firstReminderAt = notice.at().toEpochMilli();
    }
  }

  private void decision(Fact.DecisionMade decision) {
    Story story = story(decision.appointmentId(), decision.at());
    long at = decision.at() == null ? 0 : decision.at().toEpochMilli();
    switch (decision.kind()) {
      case CONFIRMED -> {
        story.confirmedAt = Math.max(story.confirmedAt, at);
        story.answered(at);
      }
      case CANCELLED_BY_PATIENT -> {
        story.cancelledByPatient = true;
        story.answered(at);
      }
      case CANCELLED_BY_HOSPITAL -> story.cancelledByHospital = true;
      case RESCHEDULED -> story.rescheduledAt = Math.max(story.rescheduledAt, at);
      case NO_RESPONSE -> story.noResponse = true;
      case ATTENDED, NO_SHOW -> story.attendance = decision.kind();
      case OTHER -> {
      }
    }
  }

  private void slotEvent(Fact.SlotEvent event, LocalDate oldest) {
    if (event.startsAtLocal() == null || event.startsAtLocal().toLocalDate().isBefore(oldest)) {
      slots.remove(event.slotId());
      return;
    }
    SlotStory slot = slots.computeIfAbsent(event.slotId(), id -> new SlotStory());
    slot.day = (int) event.startsAtLocal().toLocalDate().toEpochDay();
    slot.hospital = names.of(event.hospitalCode());
    if (event.slot() != null) {
      slot.site = names.of(event.slot().siteId());
      slot.specialty = names.of(event.slot().specialty());
      slot.kind = event.slot().kind();
      slot.durationMinutes = (short) event.slot().durationMinutes();
      slot.startsAt = event.slot().startsAt() == null ? 0 : event.slot().startsAt().toEpochMilli();
    }
    long at = event.at() == null ? 0 : event.at().toEpochMilli();
    switch (event.step()) {
      case OPENED -> slot.openedAt = slot.openedAt == 0 ? at : Math.min(slot.openedAt, at);
      case OFFERED -> slot.offered = true;
      case BOOKED -> {
        slot.offered = true;
        slot.bookedAt = slot.bookedAt == 0 ? at : Math.min(slot.bookedAt, at);
      }
      case OTHER -> {
      }
    }
  }

  /** Drops what is older than the months kept, and facts whose appointment never got a date. */
  public void evict(LocalDate today, Instant now) {
    long oldest = oldestKept(today).toEpochDay();
    long undatedBefore = now.minus(undatedTtl).toEpochMilli();
    stories.values().removeIf(s -> s.day == UNDATED ? s.lastAt < undatedBefore : s.day < oldest);
    slots.values().removeIf(s -> s.day < oldest);
    LocalDate oldestCampaign = oldestKept(today);
    campaigns.values().removeIf(c -> LocalDate.ofInstant(c.startedAt(), zone).isBefore(oldestCampaign));
  }

  /** Stories and freed slots kept. */
  public int size() {
    return stories.size() + slots.size();
  }

  /** @param now decides which answer deadlines have passed */
  public OutcomeReport report(OutcomeQuery query, Instant now) {
    long nowMillis = now.toEpochMilli();
    TreeMap<LocalDate, Tally> periods = new TreeMap<>();
    TreeSet<String> hospitals = new TreeSet<>();
    TreeSet<String> specialties = new TreeSet<>();
    TreeSet<String> sites = new TreeSet<>();
    TreeSet<AppointmentKind> kinds = new TreeSet<>();
    for (Story story : stories.values()) {
      String hospital = story.hospital();
      String specialty = names.name(story.specialty);
      String site = names.name(story.site);
      collect(hospitals, hospital);
      collect(specialties, specialty);
      collect(sites, site);
      if (story.kind != null) {
        kinds.add(story.kind);
      }
      if (story.day == UNDATED || story.deleted) {
        continue;
      }
      LocalDate date = LocalDate.ofEpochDay(story.day);
      if (query.holds(date, hospital, specialty, site, story.kind)) {
        periods.computeIfAbsent(query.period().start(date), d -> new Tally()).add(story, nowMillis);
      }
    }
    for (SlotStory slot : slots.values()) {
      String hospital = names.name(slot.hospital);
      collect(hospitals, hospital);
      LocalDate date = LocalDate.ofEpochDay(slot.day);
      if (query.holds(date, hospital, names.name(slot.specialty), names.name(slot.site), slot.kind)) {
        periods.computeIfAbsent(query.period().start(date), d -> new Tally()).add(slot);
      }
    }
    List<Fact.CampaignProgress> campaignRows = new ArrayList<>();
    for (Fact.CampaignProgress campaign : campaigns.values()) {
      collect(hospitals, campaign.hospitalCode());
      LocalDate date = LocalDate.ofInstant(campaign.startedAt(), zone);
      boolean holds = (query.hospital() == null || query.hospital().equals(campaign.hospitalCode()))
          && (query.specialty() == null || query.specialty().equals(campaign.specialty()))
          && (query.from() == null || !date.isBefore(query.from()))
          && (query.to() == null || !date.isAfter(query.to()));
      if (holds) {
        campaignRows.add(campaign);
      }
    }
    fillGaps(periods, query.period());
    List<OutcomeTable> tables = OutcomeTables.of(query.period(), periods, campaignRows, zone);
    List<OutcomeReport.Site> siteList = sites.stream()
        .map(id -> new OutcomeReport.Site(id, siteNames.getOrDefault(id, id))).toList();
    return new OutcomeReport(query, tables, new OutcomeReport.Dimensions(List.copyOf(hospitals),
        List.copyOf(specialties), siteList, List.copyOf(kinds)));
  }

  /** Trends read wrongly with holes: every period between the first and the last is shown, empty ones too. */
  private void fillGaps(TreeMap<LocalDate, Tally> periods, OutcomePeriod period) {
    if (periods.isEmpty()) {
      return;
    }
    for (LocalDate start = periods.firstKey(); start.isBefore(periods.lastKey()); start = period.next(start)) {
      periods.computeIfAbsent(start, d -> new Tally());
    }
  }

  private static void collect(TreeSet<String> into, String value) {
    if (value != null) {
      into.add(value);
    }
  }

  private LocalDate oldestKept(LocalDate today) {
    return today.withDayOfMonth(1).minusMonths(monthsKept);
  }

  private Story story(String appointmentId, Instant at) {
    Story story = stories.computeIfAbsent(appointmentId, id -> new Story());
    if (at != null) {
      story.lastAt = Math.max(story.lastAt, at.toEpochMilli());
    }
    return story;
  }

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  /** Hospital codes, site ids, specialties and step ids, each kept once and referred to by number. */
  private static final class Names {
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    int of(String name) {
      if (name == null) {
        return -1;
      }
      return numbers.computeIfAbsent(name, n -> {
        values.add(n);
        return values.size() - 1;
      });
    }

    String name(int number) {
      return number < 0 ? null : values.get(number);
    }
  }

  /** One appointment, as small as the figures allow: names by number, times as epoch millis (0: none). */
  final class Story {
    int day = UNDATED;
    int hospital = -1;
    int site = -1;
    int specialty = -1;
    AppointmentKind kind;
    short durationMinutes;
    HisStatus status;
    boolean deleted;
    boolean confirmedInHis;
    boolean noContactableChannel;
    boolean cancelledByPatient;
    boolean cancelledByHospital;
    boolean noResponse;
    DecisionKind attendance;
    final byte[] levels = new byte[CHANNELS.length];
    /** Per step and channel: step number << 8 | channel << 4 | levels. */
    int[] steps;
    long confirmUntil;
    long firstReminderAt;
    long confirmedAt;
    long rescheduledAt;
    long firstAnswerAt;
    long lastAt;

    String hospital() {
      if (hospital >= 0) {
        return names.name(hospital);
      }
      return site < 0 ? null : siteHospitals.get(names.name(site));
    }

    void answered(long at) {
      firstAnswerAt = firstAnswerAt == 0 ? at : Math.min(firstAnswerAt, at);
    }

    void addStepLevel(int step, int channel, int level) {
      int key = step << 4 | channel;
      if (steps == null) {
        steps = new int[] {key << 4 | level};
        return;
      }
      for (int i = 0; i < steps.length; i++) {
        if (steps[i] >>> 4 == key) {
          steps[i] |= level;
          return;
        }
      }
      steps = Arrays.copyOf(steps, steps.length + 1);
      steps[steps.length - 1] = key << 4 | level;
    }

    boolean has(int level) {
      for (byte channel : levels) {
        if ((channel & level) != 0) {
          return true;
        }
      }
      return false;
    }

    AnswerOutcome outcome(long now) {
      boolean confirmedByAnswer = confirmedAt != 0 && confirmedAt > rescheduledAt;
      return AnswerOutcome.of(cancelledByHospital || status == HisStatus.CANCELLED_BY_HOSPITAL,
          cancelledByPatient || status == HisStatus.CANCELLED_BY_PATIENT,
          confirmedByAnswer || confirmedInHis,
          noResponse || (confirmUntil != 0 && now >= confirmUntil));
    }

    /** The HIS's status when it says so; the scheduler's decision otherwise. */
    DecisionKind attendance() {
      if (status == HisStatus.ATTENDED) {
        return DecisionKind.ATTENDED;
      }
      return status == HisStatus.NO_SHOW ? DecisionKind.NO_SHOW : attendance;
    }

    /** A notice was delivered or read, or the patient answered. */
    boolean reached() {
      return has(LEVEL_DELIVERED) || firstAnswerAt != 0;
    }
  }

  private static final class SlotStory {
    int day;
    int hospital = -1;
    int site = -1;
    int specialty = -1;
    AppointmentKind kind;
    short durationMinutes;
    long startsAt;
    long openedAt;
    boolean offered;
    long bookedAt;
  }

  /** The counts of one period, as the tables need them. */
  final class Tally {
    int appointments;
    int notified;
    int delivered;
    int read;
    int noContactableChannel;
    final int[][] perChannel = new int[CHANNELS.length][3];
    final Map<String, int[]> perStep = new TreeMap<>();
    final Map<AnswerOutcome, Integer> answers = new EnumMap<>(AnswerOutcome.class);
    final List<Long> reminderToAnswer = new ArrayList<>();
    final int[] recorded = new int[4];
    final int[] noShows = new int[4];
    int freed;
    int offered;
    int refilled;
    int refilledInTime;
    long minutesRecovered;
    final List<Long> timeToRefill = new ArrayList<>();

    void add(Story story, long now) {
      appointments++;
      notified += story.has(LEVEL_NOTIFIED) ? 1 : 0;
      delivered += story.has(LEVEL_DELIVERED) ? 1 : 0;
      read += story.has(LEVEL_READ) ? 1 : 0;
      noContactableChannel += story.noContactableChannel ? 1 : 0;
      for (int c = 0; c < CHANNELS.length; c++) {
        countLevels(perChannel[c], story.levels[c]);
      }
      if (story.steps != null) {
        for (int packed : story.steps) {
          String key = names.name(packed >>> 8) + "|" + CHANNELS[(packed >>> 4) & 0xF].name();
          countLevels(perStep.computeIfAbsent(key, k -> new int[3]), packed & 0xF);
        }
      }
      AnswerOutcome outcome = story.outcome(now);
      answers.merge(outcome, 1, Integer::sum);
      if (story.firstReminderAt != 0 && story.firstAnswerAt >= story.firstReminderAt) {
        reminderToAnswer.add(story.firstAnswerAt - story.firstReminderAt);
      }
      DecisionKind attendance = story.attendance();
      if (attendance == DecisionKind.ATTENDED || attendance == DecisionKind.NO_SHOW) {
        int group = outcome == AnswerOutcome.CONFIRMED ? 1 : story.reached() ? 2 : 3;
        int noShow = attendance == DecisionKind.NO_SHOW ? 1 : 0;
        recorded[0]++;
        recorded[group]++;
        noShows[0] += noShow;
        noShows[group] += noShow;
      }
    }

    void add(SlotStory slot) {
      freed++;
      offered += slot.offered ? 1 : 0;
      if (slot.bookedAt != 0) {
        refilled++;
        if (slot.startsAt != 0 && slot.bookedAt < slot.startsAt) {
          refilledInTime++;
          minutesRecovered += slot.durationMinutes;
        }
        if (slot.openedAt != 0 && slot.bookedAt >= slot.openedAt) {
          timeToRefill.add(slot.bookedAt - slot.openedAt);
        }
      }
    }

    private static void countLevels(int[] counts, int levels) {
      counts[0] += (levels & LEVEL_NOTIFIED) != 0 ? 1 : 0;
      counts[1] += (levels & LEVEL_DELIVERED) != 0 ? 1 : 0;
      counts[2] += (levels & LEVEL_READ) != 0 ? 1 : 0;
    }

    int answers(AnswerOutcome outcome) {
      return answers.getOrDefault(outcome, 0);
    }
  }
}
