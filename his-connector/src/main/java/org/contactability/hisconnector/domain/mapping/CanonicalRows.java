package org.contactability.hisconnector.domain.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.contactability.common.EmailAddress;
import org.contactability.common.PhoneNumber;
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
 * normalises as it goes: phones to E.164 (a mobile or a landline), e-mails to lower case, RUTs to
 * digits-hyphen-check digit, HIS codes to the canonical enumerations, local date-times kept local.
 * A row that cannot be mapped raises {@link UnmappableRowException}; a phone or e-mail that is no
 * phone or e-mail only leaves that contact out ({@link MappedRow#unusable()}).
 */
public final class CanonicalRows {

  private final HisMapping mapping;
  private final SourceRow.Formats formats;

  public CanonicalRows(HisMapping mapping) {
    this.mapping = mapping;
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

  /** The canonical row of the entity's contract, with the contacts left out of it. */
  public MappedRow<? extends SpecificRecord> map(HisEntity entity, SourceRow row) {
    return switch (entity) {
      case PATIENTS -> patient(row);
      case PROFESSIONALS -> MappedRow.complete(professional(row));
      case SITES -> MappedRow.complete(site(row));
      case APPOINTMENTS -> MappedRow.complete(appointment(row));
      case WAITLIST -> MappedRow.complete(waitlistEntry(row));
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

  // The rows are built with their constructors rather than their builders, which validate and copy
  // field by field: every field is set here, and the accessors of required fields never give null.
  // Arguments are evaluated in field order, so the first bad column of a row is the one reported.

  public MappedRow<PatientRow> patient(SourceRow row) {
    PatientMapping.Columns c = mapping.patients().columns();
    List<UnusableContact> unusable = new ArrayList<>();
    List<PhoneNumber> phones = new ArrayList<>();
    phone(row, c.mobilePhone(), unusable).ifPresent(phones::add);
    phone(row, c.landlinePhone(), unusable).ifPresent(phones::add);
    String id = row.id(c.id());
    String rut = rut(row, c.rut());
    String givenNames = row.requiredText(c.givenNames());
    String paternalSurname = row.requiredText(c.paternalSurname());
    String maternalSurname = row.optionalText(c.maternalSurname());
    PatientRow patient = new PatientRow(id, rut, givenNames, paternalSurname, maternalSurname,
        first(phones, PhoneNumber.Kind.MOBILE),
        email(row, c.email(), unusable),
        row.optionalDate(c.birthDate()),
        first(phones, PhoneNumber.Kind.LANDLINE),
        fullName(givenNames, paternalSurname, maternalSurname),
        null);
    return new MappedRow<>(patient, unusable);
  }

  /** How messages name the patient: given names and surnames. */
  static String fullName(String givenNames, String paternalSurname, String maternalSurname) {
    return maternalSurname == null || maternalSurname.isBlank() ? givenNames + " " + paternalSurname
        : givenNames + " " + paternalSurname + " " + maternalSurname;
  }

  public ProfessionalRow professional(SourceRow row) {
    ProfessionalMapping.Columns c = mapping.professionals().columns();
    return new ProfessionalRow(
        row.id(c.id()),
        row.optionalText(c.title()),
        row.requiredText(c.givenNames()),
        row.requiredText(c.paternalSurname()),
        row.optionalText(c.maternalSurname()),
        row.optionalText(c.specialty()));
  }

  public SiteRow site(SourceRow row) {
    SiteMapping.Columns c = mapping.sites().columns();
    return new SiteRow(
        row.id(c.id()),
        row.requiredText(c.hospitalCode()),
        row.requiredText(c.name()),
        row.optionalText(c.address()),
        row.optionalText(c.commune()));
  }

  public AppointmentRow appointment(SourceRow row) {
    AppointmentMapping m = mapping.appointments();
    AppointmentMapping.Columns c = m.columns();
    return new AppointmentRow(
        row.id(c.id()),
        row.requiredText(c.patientId()),
        row.requiredText(c.professionalId()),
        row.requiredText(c.siteId()),
        row.requiredText(c.specialty()),
        row.requiredLocalDateTime(c.startsAt()),
        row.integer(c.durationMinutes(), m.defaultDurationMinutes()),
        row.optionalCode(c.type(), m.typeValues(), "appointments.type-values", AppointmentType.OTHER),
        row.code(c.status(), m.statusValues(), "appointments.status-values"),
        row.optionalText(c.cancellationReason()),
        row.optionalText(c.waitlistEntryId()),
        row.optionalInstant(c.bookedAt()));
  }

  public WaitlistEntryRow waitlistEntry(SourceRow row) {
    WaitlistMapping m = mapping.waitlist();
    WaitlistMapping.Columns c = m.columns();
    return new WaitlistEntryRow(
        row.id(c.id()),
        row.requiredText(c.patientId()),
        row.requiredText(c.hospitalCode()),
        row.requiredText(c.specialty()),
        row.optionalCode(c.appointmentType(), m.typeValues(), "waitlist.type-values", AppointmentType.NEW_CONSULTATION),
        row.optionalText(c.professionalId()),
        row.optionalText(c.siteId()),
        row.flag(c.ges(), false),
        row.optionalDate(c.gesDeadline()),
        row.integer(c.clinicalPriority(), 3),
        row.requiredDate(c.enteredOn()),
        row.optionalCode(c.status(), m.statusValues(), "waitlist.status-values", WaitlistStatus.UNKNOWN),
        row.optionalText(c.withdrawalReason()));
  }

  private Optional<PhoneNumber> phone(SourceRow row, String column, List<UnusableContact> unusable) {
    String text = row.optionalText(column);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(PhoneNumber.parse(text, mapping.phoneRegion()));
    } catch (PhoneNumber.InvalidPhoneNumberException notAPhone) {
      unusable.add(new UnusableContact(row.table(), column, Problem.BAD_PHONE, notAPhone.getMessage()));
      return Optional.empty();
    }
  }

  /** The E.164 of the first phone of that kind: a mobile typed in the landline column is still a mobile. */
  private static String first(List<PhoneNumber> phones, PhoneNumber.Kind kind) {
    return phones.stream().filter(phone -> phone.kind() == kind).map(PhoneNumber::e164).findFirst().orElse(null);
  }

  private static String email(SourceRow row, String column, List<UnusableContact> unusable) {
    String text = row.optionalText(column);
    if (text == null) {
      return null;
    }
    try {
      return EmailAddress.parse(text).value();
    } catch (IllegalArgumentException notAnAddress) {
      unusable.add(new UnusableContact(row.table(), column, Problem.BAD_EMAIL, notAnAddress.getMessage()));
      return null;
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
