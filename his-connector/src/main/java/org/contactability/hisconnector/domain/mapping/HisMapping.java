package org.contactability.hisconnector.domain.mapping;

import java.time.ZoneId;
import java.util.List;

import org.contactability.common.PhoneNumber;

/**
 * The whole mapping from one HIS's tables to the canonical row contracts. Configuration, not code:
 * a hospital whose HIS names things differently sets these names and code tables. Every part
 * defaults to the reference HIS.
 *
 * @param phoneRegion  region of phone numbers typed without a country code (ISO 3166, "CL")
 * @param zone         the HIS's wall-clock zone, for timestamps it stores without one (e.g. a booking time)
 * @param datePatterns     patterns tried, in order, for dates a HIS keeps as text (ISO-8601 is tried first)
 * @param dateTimePatterns the same for dates with a time of day
 */
public record HisMapping(String phoneRegion, ZoneId zone, List<String> datePatterns, List<String> dateTimePatterns,
    PatientMapping patients,
    ProfessionalMapping professionals, SiteMapping sites, AppointmentMapping appointments,
    WaitlistMapping waitlist) {

  public HisMapping {
    phoneRegion = PhoneNumber.requireRegion(Names.or(phoneRegion, PhoneNumber.DEFAULT_REGION));
    zone = zone == null ? ZoneId.of("America/Santiago") : zone;
    datePatterns = datePatterns == null ? List.of("dd/MM/uuuu", "dd-MM-uuuu") : List.copyOf(datePatterns);
    dateTimePatterns = dateTimePatterns == null ? List.of("dd/MM/uuuu HH:mm[:ss]", "dd-MM-uuuu HH:mm[:ss]")
        : List.copyOf(dateTimePatterns);
    patients = patients == null ? new PatientMapping(null, null) : patients;
    professionals = professionals == null ? new ProfessionalMapping(null, null) : professionals;
    sites = sites == null ? new SiteMapping(null, null) : sites;
    appointments = appointments == null ? new AppointmentMapping(null, null, null, null, null) : appointments;
    waitlist = waitlist == null ? new WaitlistMapping(null, null, null, null) : waitlist;
  }

  /** The reference HIS's mapping. */
  public static HisMapping reference() {
    return new HisMapping(null, null, null, null, null, null, null, null, null);
  }

  /** The table (qualified, e.g. {@code his.cita}) of an entity. */
  public String tableOf(HisEntity entity) {
    return switch (entity) {
      case PATIENTS -> patients.table();
      case PROFESSIONALS -> professionals.table();
      case SITES -> sites.table();
      case APPOINTMENTS -> appointments.table();
      case WAITLIST -> waitlist.table();
    };
  }
}
