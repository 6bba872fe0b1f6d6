package org.contactability.hisconnector.domain.mapping;

import static org.contactability.hisconnector.domain.mapping.Names.or;

import java.util.LinkedHashMap;
import java.util.Map;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;

/**
 * Where a HIS keeps its appointments ({@code AppointmentRow}) and how it codes their status and
 * type. Defaults: {@code his.cita} of the reference HIS. The value maps go from the HIS's code to
 * the canonical value; the writeback writes, for a canonical value, the first HIS code that maps to it.
 *
 * @param defaultDurationMinutes length of a slot when the HIS has no duration column
 */
public record AppointmentMapping(String table, Columns columns, Map<String, AppointmentStatus> statusValues,
    Map<String, AppointmentType> typeValues, Integer defaultDurationMinutes) {

  public AppointmentMapping {
    table = or(table, "his.cita");
    columns = columns == null ? new Columns(null, null, null, null, null, null, null, null, null, null, null, null,
        null) : columns;
    statusValues = ValueMap.orDefault(statusValues, referenceStatusValues());
    typeValues = ValueMap.orDefault(typeValues, referenceTypeValues());
    defaultDurationMinutes = defaultDurationMinutes == null ? 20 : defaultDurationMinutes;
  }

  /**
   * HIS column of each canonical field, plus {@code updatedAt}: the HIS's "last changed" column
   * that the writeback stamps (empty: none).
   */
  public record Columns(String id, String patientId, String professionalId, String siteId, String specialty,
      String startsAt, String durationMinutes, String type, String status, String cancellationReason,
      String waitlistEntryId, String bookedAt, String updatedAt) {

    public Columns {
      id = or(id, "id");
      patientId = or(patientId, "paciente_id");
      professionalId = or(professionalId, "profesional_id");
      siteId = or(siteId, "sede_id");
      specialty = or(specialty, "especialidad");
      startsAt = or(startsAt, "fecha_hora");
      durationMinutes = or(durationMinutes, "duracion_minutos");
      type = or(type, "tipo");
      status = or(status, "estado");
      cancellationReason = or(cancellationReason, "motivo_anulacion");
      waitlistEntryId = or(waitlistEntryId, "lista_espera_id");
      bookedAt = or(bookedAt, "creada_en");
      updatedAt = or(updatedAt, "actualizada_en");
    }
  }

  static Map<String, AppointmentStatus> referenceStatusValues() {
    Map<String, AppointmentStatus> values = new LinkedHashMap<>();
    values.put("AGENDADA", AppointmentStatus.BOOKED);
    values.put("CONFIRMADA", AppointmentStatus.CONFIRMED);
    values.put("ANULADA_PACIENTE", AppointmentStatus.CANCELLED_BY_PATIENT);
    values.put("ANULADA_ESTABLECIMIENTO", AppointmentStatus.CANCELLED_BY_HOSPITAL);
    values.put("ATENDIDA", AppointmentStatus.ATTENDED);
    values.put("NO_SE_PRESENTA", AppointmentStatus.NO_SHOW);
    return values;
  }

  static Map<String, AppointmentType> referenceTypeValues() {
    Map<String, AppointmentType> values = new LinkedHashMap<>();
    values.put("CONSULTA_NUEVA", AppointmentType.NEW_CONSULTATION);
    values.put("CONTROL", AppointmentType.CONTROL);
    values.put("PROCEDIMIENTO", AppointmentType.PROCEDURE);
    return values;
  }
}
