package org.contactability.scheduler.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;

/**
 * What the scheduler knows about one appointment: the enriched view, as plain values. Sensitive
 * (names, phone, e-mail): never logged.
 *
 * @param phone    the patient's mobile (E.164): WhatsApp, SMS and voice
 * @param landline the patient's fixed line (E.164): voice only
 */
public record AppointmentFacts(
    String appointmentId,
    String hospitalCode,
    String hospitalName,
    String hospitalPhone,
    ZoneId zone,
    String siteId,
    String siteName,
    String siteAddress,
    String siteCommune,
    String patientGivenNames,
    String patientFullName,
    String phone,
    String email,
    String landline,
    String professionalTitle,
    String professionalName,
    String specialty,
    AppointmentType type,
    AppointmentStatus status,
    Instant startsAt,
    LocalDateTime startsAtLocal,
    Instant bookedAt,
    String policyId,
    Instant sourceCommitTime) {

  public AppointmentFacts {
    Objects.requireNonNull(appointmentId, "appointmentId");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(startsAtLocal, "startsAtLocal");
  }

  /** The instant of a hospital wall-clock time; an ambiguous time (clocks going back) takes the earlier one. */
  public static Instant instantOf(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  /** Whether this appointment still leads to a visit (neither cancelled nor over). */
  public boolean isActive() {
    return status == AppointmentStatus.BOOKED || status == AppointmentStatus.CONFIRMED
        || status == AppointmentStatus.UNKNOWN;
  }

  /** Whether a message can be addressed on {@code channel}. */
  public boolean canReach(Channel channel) {
    return addressFor(channel) != null;
  }

  /** Where a message on {@code channel} goes: the mobile, or for a call the landline when there is no mobile. */
  public String addressFor(Channel channel) {
    return switch (channel) {
      case WHATSAPP, SMS -> present(phone);
      case VOICE -> present(phone) != null ? phone : present(landline);
      case EMAIL -> present(email);
      case WEB -> null;
    };
  }

  private static String present(String address) {
    return address == null || address.isBlank() ? null : address;
  }

  public AppointmentFacts withStatus(AppointmentStatus newStatus) {
    return new AppointmentFacts(appointmentId, hospitalCode, hospitalName, hospitalPhone, zone, siteId, siteName,
        siteAddress, siteCommune, patientGivenNames, patientFullName, phone, email, landline, professionalTitle,
        professionalName, specialty, type, newStatus, startsAt, startsAtLocal, bookedAt, policyId, sourceCommitTime);
  }
}
