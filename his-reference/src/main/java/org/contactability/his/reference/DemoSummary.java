package org.contactability.his.reference;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.contactability.common.Rut;
import org.contactability.common.privacy.Mask;

/** What {@link DemoData#fill} loaded: counts, the day it was relative to, and the story's ids. */
public record DemoSummary(
    long seed,
    LocalDate today,
    int sites,
    int professionals,
    int patients,
    int appointments,
    int waitlistEntries,
    Story story) {

  /** The fixed story of {@link DemoStory} with the ids the database gave it. */
  public record Story(
      StoryAppointment juanSoto,
      StoryWaitlistEntry mariaFuentes,
      StoryAppointment pedroArayaCardiologia,
      StoryAppointment pedroArayaOftalmologia,
      StoryAppointment rosaMunoz,
      StoryAppointment luisAlfaro) {
  }

  public record StoryPatient(
      long id,
      Rut rut,
      String givenNames,
      String paternalSurname,
      String maternalSurname,
      String mobilePhone,
      String email) {

    public String fullName() {
      return givenNames + " " + paternalSurname + " " + maternalSurname;
    }

    /** Masked, so that logging a summary never prints who the demo patients are. */
    @Override
    public String toString() {
      return "StoryPatient[id=" + id + ", rut=" + rut + ", name=" + Mask.name(fullName()) + ", mobilePhone="
          + Mask.phone(mobilePhone) + ", email=" + Mask.email(email) + "]";
    }
  }

  /** An appointment of the story; {@code startsAt} is local wall-clock time. */
  public record StoryAppointment(
      StoryPatient patient,
      long appointmentId,
      long professionalId,
      long siteId,
      String hospitalCode,
      String specialty,
      LocalDateTime startsAt) {
  }

  public record StoryWaitlistEntry(
      StoryPatient patient,
      long waitlistEntryId,
      String hospitalCode,
      String specialty) {
  }
}
