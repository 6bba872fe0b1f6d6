package org.contactability.scheduler.it;

import java.time.Instant;
import java.time.LocalDateTime;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.scheduler.adapters.kafka.AppointmentViews;
import org.contactability.scheduler.adapters.kafka.JoinedAppointment;
import org.contactability.scheduler.domain.Profiles;

/** Enriched appointment views of Chillán, as the scheduler's joins would make them, for tests that feed the plans directly. */
final class ChillanViews {

  private static final AppointmentViews VIEWS = new AppointmentViews(Profiles.catalog());

  private ChillanViews() {
  }

  /** A booked control of patient {@code P<number>} with a WhatsApp-capable phone, starting at {@code start} (Santiago). */
  static Appointment booked(String id, int number, LocalDateTime start, Instant now) {
    JoinedAppointment joined = new JoinedAppointment(
        new JoinedAppointment.Appointment(id, "P" + number, "D1", "S1", "Medicina Interna", start, 20,
            AppointmentType.CONTROL, AppointmentStatus.BOOKED, null, now, now, "cita", null, null),
        new JoinedAppointment.Site("S1", "HCHM", "Centro de Especialidades", "Av. Francisco Ramírez 10", "Chillán", now),
        new JoinedAppointment.Patient("P" + number, null, "Paciente", "Prueba", String.valueOf(number),
            "+569" + (10_000_000 + number), null, null, now, null, null),
        new JoinedAppointment.Professional("D1", "Dra.", "Juanita", "Pérez", "Mellado", now));
    return VIEWS.view(joined).orElseThrow();
  }
}
