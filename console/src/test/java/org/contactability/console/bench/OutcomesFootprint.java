package org.contactability.console.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.contactability.console.domain.AppointmentKind;
import org.contactability.console.domain.DecisionKind;
import org.contactability.console.domain.Delivery;
import org.contactability.console.domain.Fact;
import org.contactability.console.domain.HisStatus;
import org.contactability.console.domain.NoticeChannel;
import org.contactability.console.domain.OutcomePeriod;
import org.contactability.console.domain.OutcomeQuery;
import org.contactability.console.domain.OutcomesProjection;
import org.contactability.console.domain.ReadModelBounds;
import org.contactability.console.domain.SlotStep;

/**
 * How much heap the outcomes hold and how long computing them takes: feeds {@code appointments}
 * appointments spread over the last twelve months (three hospitals, eight specialties, six sites),
 * each with the facts of a typical story (HIS row and view, a WhatsApp reminder sent and delivered,
 * an SMS fallback for one in five, an answer, the attendance the HIS recorded; one in ten cancelled
 * by the patient, its slot offered and most refilled), then computes every table per week and per
 * month, for all hospitals and for one specialty. Run as docs/benchmarks.md says.
 *
 * <p>Arguments: appointments (default 1000000, the default bound).
 */
public final class OutcomesFootprint {

  private static final String[] SPECIALTIES = {"Cardiología", "Dermatología", "Medicina Interna", "Neurología",
      "Oftalmología", "Otorrinolaringología", "Pediatría", "Traumatología"};

  private OutcomesFootprint() {
  }

  public static void main(String[] args) {
    int appointments = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    ZoneId zone = ZoneId.of("America/Santiago");
    LocalDate today = LocalDate.of(2026, 12, 6);
    Instant now = Instant.parse("2026-12-06T16:00:00Z");
    ReadModelBounds bounds = ReadModelBounds.defaults();
    long before = usedHeap();
    OutcomesProjection outcomes = new OutcomesProjection(zone, bounds.outcomeMonths(), bounds.maxOutcomes(),
        bounds.undatedTtl());
    long facts = 0;
    long started = System.nanoTime();
    for (int i = 0; i < appointments; i++) {
      String id = Integer.toString(10_000_000 + i);
      LocalDateTime start = today.minusDays(1 + i % 360).atTime(8 + i % 10, 20 * (i % 3));
      Instant startsAt = start.atZone(zone).toInstant();
      Instant reminder = startsAt.minus(Duration.ofHours(96));
      String hospital = "H" + (i % 3);
      String site = Integer.toString(i % 6);
      int kind = i % 10;
      facts += apply(outcomes, today,
          new Fact.AppointmentSeen(id, null, site, start, HisStatus.BOOKED, "p", null, null, false, null, reminder),
          new Fact.AppointmentClassified(id, SPECIALTIES[i % SPECIALTIES.length], AppointmentKind.values()[i % 4], 20,
              null),
          new Fact.AppointmentSeen(id, hospital, site, start, HisStatus.BOOKED, "p", "1-9", startsAt.minus(Duration.ofHours(48)),
              false, null, reminder),
          new Fact.NoticeStatus(id, NoticeChannel.WHATSAPP, Delivery.SENT, "reminder", true, reminder),
          new Fact.NoticeStatus(id, NoticeChannel.WHATSAPP, kind < 7 ? Delivery.DELIVERED : Delivery.SENT, "reminder", true,
              reminder.plusSeconds(5)));
      if (kind >= 8) {
        facts += apply(outcomes, today, new Fact.NoticeStatus(id, NoticeChannel.SMS, Delivery.DELIVERED, "sms-fallback",
            true, reminder.plus(Duration.ofHours(24))));
      }
      if (kind == 0) {
        Instant cancelled = reminder.plus(Duration.ofHours(3));
        Fact.SlotShape shape = new Fact.SlotShape(site, SPECIALTIES[i % SPECIALTIES.length], AppointmentKind.CONTROL, 20,
            startsAt);
        facts += apply(outcomes, today, new Fact.DecisionMade(id, DecisionKind.CANCELLED_BY_PATIENT, cancelled),
            new Fact.SlotEvent(id, hospital, start, SlotStep.OPENED, cancelled, shape),
            new Fact.SlotEvent(id, hospital, start, SlotStep.OFFERED, cancelled, shape),
            new Fact.SlotEvent(id, hospital, start, i % 20 == 0 ? SlotStep.BOOKED : SlotStep.OTHER,
                cancelled.plus(Duration.ofHours(2)), shape));
        continue;
      }
      if (kind < 6) {
        facts += apply(outcomes, today, new Fact.DecisionMade(id, DecisionKind.CONFIRMED, reminder.plus(Duration.ofHours(2))));
      }
      DecisionKind attendance = i % 7 == 0 ? DecisionKind.NO_SHOW : DecisionKind.ATTENDED;
      facts += apply(outcomes, today, new Fact.DecisionMade(id, attendance, startsAt.plus(Duration.ofHours(1))));
    }
    double fillSeconds = (System.nanoTime() - started) / 1e9;
    long after = usedHeap();

    double weekMillis = time(outcomes, OutcomeQuery.all(OutcomePeriod.WEEK), now);
    double monthMillis = time(outcomes, OutcomeQuery.all(OutcomePeriod.MONTH), now);
    double filteredMillis = time(outcomes, new OutcomeQuery(OutcomePeriod.WEEK, "H1", "Cardiología", null, null, null,
        null), now);

    System.out.printf("appointments fed: %d (kept: %d stories and slots), facts: %d%n", appointments, outcomes.size(),
        facts);
    System.out.printf("heap held by the outcomes: %.1f MiB (%.0f bytes per appointment)%n",
        (after - before) / 1048576.0, (after - before) / (double) appointments);
    System.out.printf("fill: %.1f s (%.0f facts/s)%n", fillSeconds, facts / fillSeconds);
    System.out.printf("every table per week: %.0f ms; per month: %.0f ms; one hospital and specialty per week: %.0f ms%n",
        weekMillis, monthMillis, filteredMillis);
    if (outcomes.size() == 0) {
      throw new IllegalStateException("nothing kept");
    }
  }

  private static int apply(OutcomesProjection outcomes, LocalDate today, Fact... facts) {
    for (Fact fact : facts) {
      outcomes.apply(fact, today);
    }
    return facts.length;
  }

  /** The mean of five reports after one to warm up. */
  private static double time(OutcomesProjection outcomes, OutcomeQuery query, Instant now) {
    outcomes.report(query, now);
    int rounds = 5;
    long started = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      if (outcomes.report(query, now).tables().isEmpty()) {
        throw new IllegalStateException("no tables");
      }
    }
    return (System.nanoTime() - started) / 1e6 / rounds;
  }

  private static long usedHeap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
