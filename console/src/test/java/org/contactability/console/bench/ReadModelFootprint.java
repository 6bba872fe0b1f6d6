package org.contactability.console.bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.contactability.console.application.ReadModel;
import org.contactability.console.domain.DecisionKind;
import org.contactability.console.domain.Delivery;
import org.contactability.console.domain.Fact;
import org.contactability.console.domain.HisStatus;
import org.contactability.console.domain.NoticeChannel;
import org.contactability.console.domain.Observation;
import org.contactability.console.domain.ReadModelBounds;
import org.contactability.console.domain.TimelineEntry;

/**
 * How much heap the console's read model holds when full, and how long a funnel snapshot takes:
 * fills it with {@code appointments} appointments spread over the kept window, each with the ten
 * timeline lines of a typical reminder cycle (HIS row, view, request, three statuses, answer,
 * decision, command, result), and one patient each. Run as docs/benchmarks.md says.
 *
 * <p>Arguments: appointments (default 100000, the default bound).
 */
public final class ReadModelFootprint {

  private ReadModelFootprint() {
  }

  public static void main(String[] args) {
    int appointments = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Instant now = Instant.parse("2026-05-04T16:00:00Z");
    ZoneId zone = ZoneId.of("America/Santiago");
    LocalDate today = LocalDate.of(2026, 5, 4);
    long before = usedHeap();
    ReadModelBounds bounds = ReadModelBounds.defaults();
    ReadModel model = new ReadModel(Clock.fixed(now, ZoneOffset.UTC), zone, bounds, UnaryOperator.identity());
    long started = System.nanoTime();
    List<Observation> batch = new ArrayList<>();
    for (int i = 0; i < appointments; i++) {
      String id = Integer.toString(1_000_000 + i);
      String patient = Integer.toString(500_000 + i);
      LocalDate day = today.plusDays(i % (bounds.keepDaysAhead() + 1));
      Instant at = now.minusSeconds(86_400 - i % 80_000);
      batch.add(Observation.of(new Fact.PatientSeen(patient, (10_000_000 + i) + "-K", "*****" + (i % 1000) + "-K")));
      batch.add(line(id, at, "his.appointments", "CREATE", "Cita agendada para el 06-05-2026 10:00 · Medicina Interna · sede 3",
          new Fact.AppointmentSeen(id, null, "3", day.atTime(8 + i % 9, 20), HisStatus.BOOKED, patient, null, null, false,
              null, at)));
      batch.add(line(id, at.plusMillis(40), "appointments", "VISTA", "Vista: agendada · HCHM · 06-05-2026 10:00 · Medicina"
          + " Interna · política chillan-cae · confirmar hasta 04-05-2026 10:00", new Fact.AppointmentSeen(id, "HCHM", "3",
              day.atTime(8 + i % 9, 20), HisStatus.BOOKED, patient, (10_000_000 + i) + "-K", at.plus(Duration.ofDays(2)),
              false, new Fact.AppointmentDetails("Centro de Especialidades", "Medicina Interna",
                  "Dra. Juanita Pérez Mellado", "J. D. S. C.", "chillan-cae", at.plus(Duration.ofDays(2))), at)));
      batch.add(line(id, at.plusSeconds(1), "contact.requests", "REMINDER", "Recordatorio por WHATSAPP · plantilla reminder"
          + " · paso reminder · responder hasta 04-05-2026 10:00"));
      for (String status : List.of("QUEUED", "SENT", "DELIVERED")) {
        batch.add(line(id, at.plusSeconds(2), "contact.status", status, "WHATSAPP " + status
            + " · Recordatorio · twilio SM0123456789abcdef0123456789abcdef",
            new Fact.NoticeStatus(id, NoticeChannel.WHATSAPP, Delivery.DELIVERED, "reminder", true, at)));
      }
      batch.add(line(id, at.plusSeconds(3), "patient.responses", "CONFIRM", "Respuesta CONFIRM por WHATSAPP · correlación"
          + " BUTTON_REPLY · botón CONFIRM"));
      batch.add(line(id, at.plusSeconds(4), "appointment.decisions", "CONFIRMED", "Decisión CONFIRMED por response-service",
          new Fact.DecisionMade(id, DecisionKind.CONFIRMED, at)));
      batch.add(line(id, at.plusSeconds(5), "his.commands", "SetAppointmentStatus", "Registrar estado CONFIRMED en el HIS"
          + " · pedido por response-service"));
      batch.add(line(id, at.plusSeconds(6), "his.command.results", "APPLIED", "SetAppointmentStatus APPLIED · cita " + id));
      if (batch.size() >= 5_000) {
        model.apply(batch);
        batch.clear();
      }
    }
    model.apply(batch);
    double fillSeconds = (System.nanoTime() - started) / 1e9;
    long after = usedHeap();

    int rounds = 20;
    long snapshotStarted = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      // A change between snapshots, so that each one is computed rather than reused.
      model.apply(List.of(Observation.of(new Fact.SiteSeen("3", "HCHM"))));
      model.funnel(i % 2 == 0 ? null : "HCHM");
    }
    double snapshotMillis = (System.nanoTime() - snapshotStarted) / 1e6 / rounds;

    System.out.printf("appointments fed: %d (kept: %d in the funnel, %d timelines), observations: %d%n", appointments,
        model.kept(), model.timelinesKept(), model.observations());
    System.out.printf("heap held by the read model: %.1f MiB (%.2f KiB per appointment)%n",
        (after - before) / 1048576.0, (after - before) / 1024.0 / appointments);
    System.out.printf("fill: %.1f s (%.0f observations/s); funnel snapshot: %.1f ms%n", fillSeconds,
        model.observations() / fillSeconds, snapshotMillis);
    if (model.kept() == 0) {
      throw new IllegalStateException("nothing kept");
    }
  }

  private static Observation line(String id, Instant at, String topic, String kind, String summary, Fact... facts) {
    return new Observation(List.of(id), new TimelineEntry(at, topic, kind, summary), List.of(facts), at);
  }

  private static long usedHeap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
