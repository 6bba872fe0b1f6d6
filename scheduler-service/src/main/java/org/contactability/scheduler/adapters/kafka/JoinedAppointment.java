package org.contactability.scheduler.adapters.kafka;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.AppointmentRow;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.ProfessionalChange;
import org.contactability.contracts.his.ProfessionalRow;
import org.contactability.contracts.his.SiteChange;
import org.contactability.contracts.his.SiteRow;
import org.contactability.contracts.common.SourcePosition;

/**
 * An appointment row with the site, patient and professional rows it refers to, built up by the
 * foreign-key joins. Each part keeps the commit time of its HIS change, so that the view can tell
 * whether the appointment itself or only a joined row changed.
 */
public record JoinedAppointment(Appointment appointment, Site site, Patient patient, Professional professional) {

  /** The appointment row, with where it was read in the HIS change stream (for dead letters). */
  public record Appointment(String id, String patientId, String professionalId, String siteId, String specialty,
      LocalDateTime startsAtLocal, int durationMinutes, AppointmentType type, AppointmentStatus status,
      String waitlistEntryId, Instant bookedAt, Instant commitTime, String sourceTable, Long lsn, Long txId) {

    static Appointment of(AppointmentChange change) {
      AppointmentRow row = change.getAfter();
      SourcePosition source = change.getSource();
      return new Appointment(row.getId(), row.getPatientId(), row.getProfessionalId(), row.getSiteId(),
          row.getSpecialty(), row.getStartsAtLocal(), row.getDurationMinutes(), row.getType(), row.getStatus(),
          row.getWaitlistEntryId(), row.getBookedAt(), source.getCommitTime(), source.getTable(), source.getLsn(),
          source.getTxId());
    }
  }

  public record Site(String id, String hospitalCode, String name, String address, String commune, Instant commitTime) {
    static Site of(SiteChange change) {
      SiteRow row = change.getAfter();
      return new Site(row.getId(), row.getHospitalCode(), row.getName(), row.getAddress(), row.getCommune(),
          change.getSource().getCommitTime());
    }
  }

  /**
   * {@code landlinePhone} and {@code fullName} came later: join stores written before read them as null. Since rows
   * carry their names sealed (docs/privacy.md), the full name is the one his-connector sealed as a whole: the scheduler
   * copies it and never opens the parts.
   */
  public record Patient(String id, String rut, String givenNames, String paternalSurname, String maternalSurname,
      String mobilePhone, String email, LocalDate birthDate, Instant commitTime, String landlinePhone,
      String fullName) {
    static Patient of(PatientChange change) {
      PatientRow row = change.getAfter();
      return new Patient(row.getId(), row.getRut(), row.getGivenNames(), row.getPaternalSurname(),
          row.getMaternalSurname(), row.getMobilePhone(), row.getEmail(), row.getBirthDate(),
          change.getSource().getCommitTime(), row.getLandlinePhone(), row.getFullName());
    }

    /** The sealed full name; joined from the parts for rows written before v3 of PatientRow, whose names are clear. */
    @Override
    public String fullName() {
      return fullName != null ? fullName : FullNames.of(givenNames, paternalSurname, maternalSurname);
    }
  }

  public record Professional(String id, String title, String givenNames, String paternalSurname,
      String maternalSurname, Instant commitTime) {
    static Professional of(ProfessionalChange change) {
      ProfessionalRow row = change.getAfter();
      return new Professional(row.getId(), row.getTitle(), row.getGivenNames(), row.getPaternalSurname(),
          row.getMaternalSurname(), change.getSource().getCommitTime());
    }

    String fullName() {
      return FullNames.of(givenNames, paternalSurname, maternalSurname);
    }
  }

  static JoinedAppointment withSite(Appointment appointment, Site site) {
    return new JoinedAppointment(appointment, site, null, null);
  }

  JoinedAppointment withPatient(Patient newPatient) {
    return new JoinedAppointment(appointment, site, newPatient, professional);
  }

  JoinedAppointment withProfessional(Professional newProfessional) {
    return new JoinedAppointment(appointment, site, patient, newProfessional);
  }

  /** Commit time of the newest HIS change reflected here. */
  Instant newestCommit() {
    Instant newest = appointment.commitTime();
    for (Instant other : new Instant[] {site.commitTime(), patient.commitTime(), professional.commitTime()}) {
      if (other != null && (newest == null || other.isAfter(newest))) {
        newest = other;
      }
    }
    return newest;
  }

  /** Whether the newest change is the appointment row's own (rather than a joined row's). */
  boolean appointmentChangedLast() {
    Instant newest = newestCommit();
    return newest == null || newest.equals(appointment.commitTime());
  }

  /** Names as Chileans write them: given names, then the paternal and the maternal surname. */
  static final class FullNames {
    private FullNames() {
    }

    static String of(String given, String paternal, String maternal) {
      StringBuilder name = new StringBuilder(given == null ? "" : given.strip());
      for (String part : new String[] {paternal, maternal}) {
        if (part != null && !part.isBlank()) {
          name.append(name.length() > 0 ? " " : "").append(part.strip());
        }
      }
      return name.toString();
    }
  }
}
