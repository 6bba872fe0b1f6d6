package org.contactability.hisconnector.domain.mapping;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.contactability.common.Rut;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.AppointmentRow;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.ProfessionalChange;
import org.contactability.contracts.his.ProfessionalRow;
import org.contactability.contracts.his.SiteChange;
import org.contactability.contracts.his.SiteRow;
import org.contactability.contracts.his.WaitlistEntryChange;
import org.contactability.contracts.his.WaitlistEntryRow;
import org.contactability.hisconnector.domain.mapping.UnmappableRowException.Problem;

/**
 * Turns HIS rows into canonical rows and change envelopes, following a {@link HisMapping}, and
 * normalises as it goes: phones to E.164, RUTs to digits-hyphen-check digit, HIS codes to the
 * canonical enumerations, local date-times kept local. A row that cannot be mapped raises
 * {@link UnmappableRowException}.
 */
public final class CanonicalRows {

  private final HisMapping mapping;
  private final PhoneNumbers phones;
  private final SourceRow.Formats formats;

  public CanonicalRows(HisMapping mapping) {
    this.mapping = mapping;
    this.phones = new PhoneNumbers(mapping.phoneRegion(), mapping.mobilePrefixes());
    this.formats = SourceRow.Formats.of(mapping);
  }

  public HisMapping mapping() {
    return mapping;
  }

  public SourceRow row(HisEntity entity, Map<String, Object> values) {
    return new SourceRow(mapping.tableOf(entity), values, formats);
  }

  /** The row id, which keys the entity's topic. */
  public String key(HisEntity entity, SourceRow row) {
    return row.id(idColumn(entity));
  }

  public String idColumn(HisEntity entity) {
    return switch (entity) {
      case PATIENTS -> mapping.patients().columns().id();
      case PROFESSIONALS -> mapping.professionals().columns().id();
      case SITES -> mapping.sites().columns().id();
      case APPOINTMENTS -> mapping.appointments().columns().id();
      case WAITLIST -> mapping.waitlist().columns().id();
    };
  }

  /** The canonical row of the entity's contract. */
  public SpecificRecord map(HisEntity entity, SourceRow row) {
    return switch (entity) {
      case PATIENTS -> patient(row);
      case PROFESSIONALS -> professional(row);
      case SITES -> site(row);
      case APPOINTMENTS -> appointment(row);
      case WAITLIST -> waitlistEntry(row);
    };
  }

  /** The change envelope of the entity's topic; {@code before} or {@code after} may be null. */
  public SpecificRecord envelope(HisEntity entity, ChangeOperation op, SpecificRecord before, SpecificRecord after,
      SourcePosition source) {
    return switch (entity) {
      case PATIENTS -> new PatientChange(op, (PatientRow) before, (PatientRow) after, source);
      case PROFESSIONALS -> new ProfessionalChange(op, (ProfessionalRow) before, (ProfessionalRow) after, source);
      case SITES -> new SiteChange(op, (SiteRow) before, (SiteRow) after, source);
      case APPOINTMENTS -> new AppointmentChange(op, (AppointmentRow) before, (AppointmentRow) after, source);
      case WAITLIST -> new WaitlistEntryChange(op, (WaitlistEntryRow) before, (WaitlistEntryRow) after, source);
    };
  }

  public PatientRow patient(SourceRow row) {
    PatientMapping.Columns c = mapping.patients().columns();
    return PatientRow.newBuilder()
        .setId(row.id(c.id()))
        .setRut(rut(row, c.rut()))
        .setGivenNames(row.requiredText(c.givenNames()))
        .setPaternalSurname(row.requiredText(c.paternalSurname()))
        .setMaternalSurname(row.optionalText(c.maternalSurname()))
        .setMobilePhone(phone(row, c.mobilePhone()))
        .setEmail(row.optionalText(c.email()))
        .setBirthDate(row.optionalDate(c.birthDate()))
        .build();
  }

  public ProfessionalRow professional(SourceRow row) {
    ProfessionalMapping.Columns c = mapping.professionals().columns();
    return ProfessionalRow.newBuilder()
        .setId(row.id(c.id()))
        .setTitle(row.optionalText(c.title()))
        .setGivenNames(row.requiredText(c.givenNames()))
        .setPaternalSurname(row.requiredText(c.paternalSurname()))
        .setMaternalSurname(row.optionalText(c.maternalSurname()))
        .setSpecialty(row.optionalText(c.specialty()))
        .build();
  }

  public SiteRow site(SourceRow row) {
    SiteMapping.Columns c = mapping.sites().columns();
    return SiteRow.newBuilder()
        .setId(row.id(c.id()))
        .setHospitalCode(row.requiredText(c.hospitalCode()))
        .setName(row.requiredText(c.name()))
        .setAddress(row.optionalText(c.address()))
        .setCommune(row.optionalText(c.commune()))
        .build();
  }

  public AppointmentRow appointment(SourceRow row) {
    AppointmentMapping m = mapping.appointments();
    AppointmentMapping.Columns c = m.columns();
    return AppointmentRow.newBuilder()
        .setId(row.id(c.id()))
        .setPatientId(row.requiredText(c.patientId()))
        .setProfessionalId(row.requiredText(c.professionalId()))
        .setSiteId(row.requiredText(c.siteId()))
        .setSpecialty(row.requiredText(c.specialty()))
        .setStartsAtLocal(row.requiredLocalDateTime(c.startsAt()))
        .setDurationMinutes(row.integer(c.durationMinutes(), m.defaultDurationMinutes()))
        .setType(row.optionalCode(c.type(), m.typeValues(), "appointments.type-values", AppointmentType.OTHER))
        .setStatus(row.code(c.status(), m.statusValues(), "appointments.status-values"))
        .setCancellationReason(row.optionalText(c.cancellationReason()))
        .setWaitlistEntryId(row.optionalText(c.waitlistEntryId()))
        .setBookedAt(row.optionalInstant(c.bookedAt()))
        .build();
  }

  public WaitlistEntryRow waitlistEntry(SourceRow row) {
    WaitlistMapping m = mapping.waitlist();
    WaitlistMapping.Columns c = m.columns();
    return WaitlistEntryRow.newBuilder()
        .setId(row.id(c.id()))
        .setPatientId(row.requiredText(c.patientId()))
        .setHospitalCode(row.requiredText(c.hospitalCode()))
        .setSpecialty(row.requiredText(c.specialty()))
        .setAppointmentType(row.optionalCode(c.appointmentType(), m.typeValues(), "waitlist.type-values",
            AppointmentType.NEW_CONSULTATION))
        .setProfessionalId(row.optionalText(c.professionalId()))
        .setSiteId(row.optionalText(c.siteId()))
        .setGes(row.flag(c.ges(), false))
        .setGesDeadline(row.optionalDate(c.gesDeadline()))
        .setClinicalPriority(row.integer(c.clinicalPriority(), 3))
        .setEnteredOn(row.requiredDate(c.enteredOn()))
        .setStatus(row.optionalCode(c.status(), m.statusValues(), "waitlist.status-values", WaitlistStatus.UNKNOWN))
        .setWithdrawalReason(row.optionalText(c.withdrawalReason()))
        .build();
  }

  private String phone(SourceRow row, String column) {
    String text = row.optionalText(column);
    try {
      return phones.mobileE164(text).orElse(null);
    } catch (IllegalArgumentException notAPhone) {
      throw row.invalid(column, Problem.BAD_PHONE, notAPhone.getMessage());
    }
  }

  private static String rut(SourceRow row, String column) {
    String text = row.optionalText(column);
    if (text == null) {
      return null;
    }
    try {
      return Rut.parse(text).normalized();
    } catch (IllegalArgumentException invalid) {
      // Rut's messages never repeat the input.
      throw row.invalid(column, Problem.BAD_RUT, "is not a valid RUT: " + invalid.getMessage());
    }
  }
}
