package org.contactability.hisconnector.domain.mapping;

import static org.contactability.hisconnector.domain.mapping.Names.or;

import java.util.LinkedHashMap;
import java.util.Map;

import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.WaitlistStatus;

/**
 * Where a HIS keeps its waiting list ({@code WaitlistEntryRow}) and how it codes the status and the
 * care needed. Defaults: {@code his.lista_espera} of the reference HIS.
 */
public record WaitlistMapping(String table, Columns columns, Map<String, WaitlistStatus> statusValues,
    Map<String, AppointmentType> typeValues) {

  public WaitlistMapping {
    table = or(table, "his.lista_espera");
    columns = columns == null ? new Columns(null, null, null, null, null, null, null, null, null, null, null, null,
        null, null) : columns;
    statusValues = ValueMap.orDefault(statusValues, referenceStatusValues());
    typeValues = ValueMap.orDefault(typeValues, AppointmentMapping.referenceTypeValues());
  }

  /** HIS column of each canonical field, plus {@code updatedAt} that the writeback stamps (empty: none). */
  public record Columns(String id, String patientId, String hospitalCode, String specialty, String appointmentType,
      String professionalId, String siteId, String ges, String gesDeadline, String clinicalPriority,
      String enteredOn, String status, String withdrawalReason, String updatedAt) {

    public Columns {
      id = or(id, "id");
      patientId = or(patientId, "paciente_id");
      hospitalCode = or(hospitalCode, "codigo_establecimiento");
      specialty = or(specialty, "especialidad");
      appointmentType = or(appointmentType, "tipo_prestacion");
      professionalId = or(professionalId, "profesional_id");
      siteId = or(siteId, "sede_id");
      ges = or(ges, "ges");
      gesDeadline = or(gesDeadline, "fecha_limite_ges");
      clinicalPriority = or(clinicalPriority, "prioridad");
      enteredOn = or(enteredOn, "fecha_ingreso");
      status = or(status, "estado");
      withdrawalReason = or(withdrawalReason, "causal_egreso");
      updatedAt = or(updatedAt, "actualizado_en");
    }
  }

  static Map<String, WaitlistStatus> referenceStatusValues() {
    Map<String, WaitlistStatus> values = new LinkedHashMap<>();
    values.put("EN_ESPERA", WaitlistStatus.WAITING);
    values.put("CITADO", WaitlistStatus.SCHEDULED);
    values.put("EGRESADO", WaitlistStatus.WITHDRAWN);
    return values;
  }
}
