package org.contactability.console.domain;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.contactability.console.domain.OutcomeTable.Column;
import org.contactability.console.domain.OutcomesProjection.Tally;

/**
 * The outcome tables, each column with the definition the page writes beside it (Spanish, as the
 * hospitals read it; docs/console.md gives the same definitions in English).
 */
final class OutcomeTables {

  private static final Column PERIOD = new Column("period", "Periodo",
      "Semana ISO (lunes a domingo) o mes de la fecha local de la cita o del cupo.");
  private static final Column APPOINTMENTS = new Column("appointments", "Citas",
      "Citas del periodo según su fecha local en el hospital, anuladas incluidas; las borradas del HIS no cuentan.");

  private OutcomeTables() {
  }

  static List<OutcomeTable> of(OutcomePeriod period, TreeMap<LocalDate, Tally> periods,
      List<Fact.CampaignProgress> campaigns, ZoneId zone) {
    return List.of(reach(period, periods), reachByChannel(period, periods), reachByStep(period, periods),
        answers(period, periods), attendance(period, periods), slots(period, periods), campaigns(period, campaigns, zone));
  }

  private static OutcomeTable reach(OutcomePeriod period, TreeMap<LocalDate, Tally> periods) {
    List<Column> columns = List.of(PERIOD, APPOINTMENTS,
        new Column("notified", "Notificadas", "Citas con al menos un aviso (aviso de agenda, recordatorio, cambio de hora o suspensión) que el proveedor aceptó, en cualquier canal."),
        new Column("notifiedShare", "% notificadas", "Notificadas / citas."),
        new Column("delivered", "Entregadas", "Citas con al menos un aviso entregado o leído."),
        new Column("deliveredShare", "% entregadas", "Entregadas / citas."),
        new Column("read", "Leídas", "Citas con al menos un aviso leído (WhatsApp informa la lectura)."),
        new Column("readShare", "% leídas", "Leídas / citas."),
        new Column("noContactableChannel", "Sin canal de contacto", "Citas con un paso omitido porque el paciente no tiene teléfono ni correo para ninguno de sus canales."),
        new Column("noContactableChannelShare", "% sin canal de contacto", "Sin canal de contacto / citas."));
    List<Map<String, Object>> rows = new ArrayList<>();
    periods.forEach((start, t) -> rows.add(row(period, start,
        "appointments", t.appointments,
        "notified", t.notified, "notifiedShare", share(t.notified, t.appointments),
        "delivered", t.delivered, "deliveredShare", share(t.delivered, t.appointments),
        "read", t.read, "readShare", share(t.read, t.appointments),
        "noContactableChannel", t.noContactableChannel,
        "noContactableChannelShare", share(t.noContactableChannel, t.appointments))));
    return new OutcomeTable("reach", "Alcance",
        "Cuántas citas del periodo recibieron un aviso, cuántas lo recibieron en el teléfono o correo del paciente y cuántas no tenían cómo.",
        columns, rows);
  }

  private static OutcomeTable reachByChannel(OutcomePeriod period, TreeMap<LocalDate, Tally> periods) {
    List<Column> columns = List.of(PERIOD, new Column("channel", "Canal", "WHATSAPP, SMS, EMAIL o VOICE."), APPOINTMENTS,
        new Column("notified", "Notificadas", "Citas con al menos un aviso por este canal que el proveedor aceptó."),
        new Column("notifiedShare", "% notificadas", "Notificadas por el canal / citas del periodo."),
        new Column("delivered", "Entregadas", "Citas con un aviso por este canal entregado o leído."),
        new Column("deliveredShare", "% entregadas", "Entregadas por el canal / citas del periodo."),
        new Column("read", "Leídas", "Citas con un aviso por este canal leído."),
        new Column("readShare", "% leídas", "Leídas por el canal / citas del periodo."));
    List<Map<String, Object>> rows = new ArrayList<>();
    periods.forEach((start, t) -> {
      for (NoticeChannel channel : NoticeChannel.values()) {
        int[] c = t.perChannel[channel.ordinal()];
        rows.add(levels(row(period, start, "channel", channel.name(), "appointments", t.appointments), c, t.appointments));
      }
    });
    return new OutcomeTable("reachByChannel", "Alcance por canal",
        "La mezcla de canales: por cuál canal llegó el aviso a cuántas citas. Una cita avisada por dos canales cuenta en ambos.",
        columns, rows);
  }

  private static OutcomeTable reachByStep(OutcomePeriod period, TreeMap<LocalDate, Tally> periods) {
    List<Column> columns = List.of(PERIOD,
        new Column("step", "Paso", "Paso de la política de contacto que envió el aviso (p. ej. reminder, sms-fallback)."),
        new Column("channel", "Canal", "Canal del paso."), APPOINTMENTS,
        new Column("notified", "Notificadas", "Citas con un aviso de este paso y canal que el proveedor aceptó."),
        new Column("notifiedShare", "% notificadas", "Notificadas en el paso / citas del periodo."),
        new Column("delivered", "Entregadas", "Citas con un aviso de este paso y canal entregado o leído."),
        new Column("deliveredShare", "% entregadas", "Entregadas en el paso / citas del periodo."),
        new Column("read", "Leídas", "Citas con un aviso de este paso y canal leído."),
        new Column("readShare", "% leídas", "Leídas en el paso / citas del periodo."));
    List<Map<String, Object>> rows = new ArrayList<>();
    periods.forEach((start, t) -> t.perStep.forEach((key, c) -> {
      int bar = key.lastIndexOf('|');
      rows.add(levels(row(period, start, "step", key.substring(0, bar), "channel", key.substring(bar + 1),
          "appointments", t.appointments), c, t.appointments));
    }));
    return new OutcomeTable("reachByStep", "Alcance por paso",
        "Qué paso de la política llevó el aviso: el recordatorio y sus respaldos.", columns, rows);
  }

  private static OutcomeTable answers(OutcomePeriod period, TreeMap<LocalDate, Tally> periods) {
    List<Column> columns = List.of(PERIOD, APPOINTMENTS,
        new Column("cancelledByHospital", "Anuladas por el hospital", "Citas que el hospital anuló: el paciente no tenía nada que responder."),
        new Column("answerable", "Por responder", "Citas − anuladas por el hospital."),
        new Column("confirmed", "Confirmadas", "El paciente confirmó (después del último cambio de hora) o el HIS registró la confirmación, y no anuló después."),
        new Column("confirmedShare", "% confirmadas", "Confirmadas / por responder."),
        new Column("cancelledByPatient", "Anuladas por el paciente", "El paciente anuló (por mensaje, enlace, llamada o en el HIS), aunque hubiera confirmado antes."),
        new Column("cancelledByPatientShare", "% anuladas por el paciente", "Anuladas por el paciente / por responder."),
        new Column("noAnswer", "Sin respuesta", "Sin confirmación ni anulación cuando venció el plazo para responder."),
        new Column("noAnswerShare", "% sin respuesta", "Sin respuesta / por responder."),
        new Column("pending", "Aún en plazo", "Sin respuesta y con el plazo para responder abierto."),
        new Column("answeredAfterReminder", "Respuestas tras recordatorio", "Citas cuya primera respuesta (confirmar o anular) llegó después de su primer recordatorio aceptado por el proveedor."),
        new Column("medianHoursReminderToAnswer", "Mediana de horas hasta responder", "Mediana, sobre esas citas, del tiempo entre el primer recordatorio y la primera respuesta, en horas."));
    List<Map<String, Object>> rows = new ArrayList<>();
    periods.forEach((start, t) -> {
      int answerable = t.appointments - t.answers(AnswerOutcome.CANCELLED_BY_HOSPITAL);
      rows.add(row(period, start, "appointments", t.appointments,
          "cancelledByHospital", t.answers(AnswerOutcome.CANCELLED_BY_HOSPITAL), "answerable", answerable,
          "confirmed", t.answers(AnswerOutcome.CONFIRMED), "confirmedShare", share(t.answers(AnswerOutcome.CONFIRMED), answerable),
          "cancelledByPatient", t.answers(AnswerOutcome.CANCELLED_BY_PATIENT),
          "cancelledByPatientShare", share(t.answers(AnswerOutcome.CANCELLED_BY_PATIENT), answerable),
          "noAnswer", t.answers(AnswerOutcome.NO_ANSWER), "noAnswerShare", share(t.answers(AnswerOutcome.NO_ANSWER), answerable),
          "pending", t.answers(AnswerOutcome.PENDING),
          "answeredAfterReminder", t.reminderToAnswer.size(),
          "medianHoursReminderToAnswer", medianHours(t.reminderToAnswer)));
    });
    return new OutcomeTable("answers", "Respuestas",
        "Qué respondieron los pacientes y cuánto tardaron desde el recordatorio.", columns, rows);
  }

  private static OutcomeTable attendance(OutcomePeriod period, TreeMap<LocalDate, Tally> periods) {
    List<Column> columns = List.of(PERIOD,
        new Column("recorded", "Con asistencia registrada", "Citas que el HIS marcó atendida (ATENDIDA) o no se presenta (NO_SE_PRESENTA)."),
        new Column("attended", "Atendidas", "Marcadas atendidas."),
        new Column("noShow", "No se presentaron", "Marcadas no se presenta."),
        new Column("noShowRate", "Tasa de inasistencia", "No se presentaron / con asistencia registrada."),
        new Column("confirmedRecorded", "Confirmadas: registradas", "Con asistencia registrada cuyo paciente había confirmado."),
        new Column("confirmedNoShow", "Confirmadas: no se presentaron", "Confirmadas que no se presentaron."),
        new Column("confirmedNoShowRate", "Confirmadas: inasistencia", "No se presentaron / registradas, entre las confirmadas."),
        new Column("reachedNotConfirmedRecorded", "Contactadas sin confirmar: registradas", "Con asistencia registrada, sin confirmación, con un aviso entregado o leído (o una respuesta que no fue confirmar)."),
        new Column("reachedNotConfirmedNoShow", "Contactadas sin confirmar: no se presentaron", "Contactadas sin confirmar que no se presentaron."),
        new Column("reachedNotConfirmedNoShowRate", "Contactadas sin confirmar: inasistencia", "No se presentaron / registradas, en ese grupo."),
        new Column("neverReachedRecorded", "Nunca contactadas: registradas", "Con asistencia registrada, sin ningún aviso entregado ni respuesta: el grupo de comparación del propio hospital."),
        new Column("neverReachedNoShow", "Nunca contactadas: no se presentaron", "Nunca contactadas que no se presentaron."),
        new Column("neverReachedNoShowRate", "Nunca contactadas: inasistencia", "No se presentaron / registradas, entre las nunca contactadas."));
    List<Map<String, Object>> rows = new ArrayList<>();
    periods.forEach((start, t) -> rows.add(row(period, start,
        "recorded", t.recorded[0], "attended", t.recorded[0] - t.noShows[0], "noShow", t.noShows[0],
        "noShowRate", share(t.noShows[0], t.recorded[0]),
        "confirmedRecorded", t.recorded[1], "confirmedNoShow", t.noShows[1],
        "confirmedNoShowRate", share(t.noShows[1], t.recorded[1]),
        "reachedNotConfirmedRecorded", t.recorded[2], "reachedNotConfirmedNoShow", t.noShows[2],
        "reachedNotConfirmedNoShowRate", share(t.noShows[2], t.recorded[2]),
        "neverReachedRecorded", t.recorded[3], "neverReachedNoShow", t.noShows[3],
        "neverReachedNoShowRate", share(t.noShows[3], t.recorded[3]))));
    return new OutcomeTable("attendance", "Asistencia",
        "La inasistencia según lo que pasó antes de la cita. Cada cita con asistencia registrada está en uno solo de los tres grupos.",
        columns, rows);
  }

  private static OutcomeTable slots(OutcomePeriod period, TreeMap<LocalDate, Tally> periods) {
    List<Column> columns = List.of(
        new Column("period", "Periodo", "Semana ISO o mes de la fecha local del cupo liberado."),
        new Column("freed", "Cupos liberados", "Cupos que un paciente liberó al anular y que la lista de espera pudo ofrecer."),
        new Column("offered", "Ofrecidos", "Cupos liberados ofrecidos a al menos un paciente en espera."),
        new Column("refilled", "Reasignados", "Cupos que el HIS agendó a un paciente en espera."),
        new Column("refilledShare", "% reasignados", "Reasignados / liberados."),
        new Column("refilledInTime", "Reasignados a tiempo", "Reasignados cuya agenda en el HIS ocurrió antes de la hora del cupo."),
        new Column("medianHoursToRefill", "Mediana de horas hasta reasignar", "Mediana del tiempo entre la liberación del cupo y su agenda en el HIS, en horas."),
        new Column("professionalHoursRecovered", "Horas profesionales recuperadas", "Suma de la duración de los cupos reasignados a tiempo, en horas."));
    List<Map<String, Object>> rows = new ArrayList<>();
    periods.forEach((start, t) -> rows.add(row(period, start, "freed", t.freed, "offered", t.offered,
        "refilled", t.refilled, "refilledShare", share(t.refilled, t.freed), "refilledInTime", t.refilledInTime,
        "medianHoursToRefill", medianHours(t.timeToRefill),
        "professionalHoursRecovered", Math.round(t.minutesRecovered / 6.0) / 10.0)));
    return new OutcomeTable("slots", "Cupos liberados",
        "Qué pasó con las horas que los pacientes liberaron.", columns, rows);
  }

  private static OutcomeTable campaigns(OutcomePeriod period, List<Fact.CampaignProgress> campaigns, ZoneId zone) {
    List<Column> columns = List.of(
        new Column("period", "Periodo", "Semana ISO o mes en que empezó la campaña."),
        new Column("campaign", "Campaña", "Id de la campaña de depuración de la lista de espera."),
        new Column("hospital", "Hospital", "Código del hospital."),
        new Column("specialty", "Especialidad", "Especialidad depurada; vacía si fue toda la lista."),
        new Column("status", "Estado", "SENDING, AWAITING_ANSWERS o COMPLETED."),
        new Column("total", "Pacientes", "Entradas en espera al empezar la campaña."),
        new Column("stillNeeded", "Aún la necesitan", "Respondieron que aún necesitan la atención."),
        new Column("noLongerNeeded", "Ya no la necesitan", "Respondieron que ya no la necesitan (egreso pedido, hecho o rechazado por el HIS)."),
        new Column("noAnswer", "Sin respuesta", "No respondieron dentro del plazo."),
        new Column("undeliverable", "Sin contacto", "La pregunta no se pudo entregar o no hay teléfono ni correo."),
        new Column("awaitingAnswer", "Esperando", "Preguntados, con el plazo abierto, o aún por preguntar."),
        new Column("stillNeededShare", "% aún la necesitan", "Aún la necesitan / pacientes."),
        new Column("noLongerNeededShare", "% ya no la necesitan", "Ya no la necesitan / pacientes."));
    List<Map<String, Object>> rows = campaigns.stream()
        .sorted(Comparator.comparing(Fact.CampaignProgress::startedAt).thenComparing(Fact.CampaignProgress::campaignId))
        .map(c -> row(period, period.start(LocalDate.ofInstant(c.startedAt(), zone)), "campaign", c.campaignId(),
            "hospital", c.hospitalCode(), "specialty", c.specialty() == null ? "" : c.specialty(), "status", c.status(),
            "total", c.total(), "stillNeeded", c.stillNeeded(), "noLongerNeeded", c.noLongerNeeded(),
            "noAnswer", c.noAnswer(), "undeliverable", c.undeliverable(), "awaitingAnswer", c.awaitingAnswer(),
            "stillNeededShare", share(c.stillNeeded(), c.total()), "noLongerNeededShare", share(c.noLongerNeeded(), c.total())))
        .toList();
    return new OutcomeTable("campaigns", "Depuración de la lista de espera",
        "Las respuestas de cada campaña que preguntó a los pacientes en espera si aún necesitan la atención.",
        columns, rows);
  }

  private static Map<String, Object> levels(Map<String, Object> row, int[] counts, int appointments) {
    row.put("notified", counts[0]);
    row.put("notifiedShare", share(counts[0], appointments));
    row.put("delivered", counts[1]);
    row.put("deliveredShare", share(counts[1], appointments));
    row.put("read", counts[2]);
    row.put("readShare", share(counts[2], appointments));
    return row;
  }

  private static Map<String, Object> row(OutcomePeriod period, LocalDate start, Object... keyValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("period", period.label(start));
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      row.put((String) keyValues[i], keyValues[i + 1]);
    }
    return row;
  }

  /** A share to three decimals; null when there is nothing to divide by (not zero: zero would be a figure). */
  static Double share(int part, int whole) {
    return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 1000.0;
  }

  /** The median in hours to one decimal (the mean of the middle two for an even count); null for none. */
  static Double medianHours(List<Long> millis) {
    if (millis.isEmpty()) {
      return null;
    }
    List<Long> sorted = millis.stream().sorted().toList();
    int middle = sorted.size() / 2;
    double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    return Math.round(median / Duration.ofHours(1).toMillis() * 10) / 10.0;
  }
}
