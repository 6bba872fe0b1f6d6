package org.contactability.his.reference;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Fills an empty reference HIS with deterministic demo data: the two hospitals of the design
 * (Chillán {@code HCHM}, La Serena {@code HLS}) with their sites, 30 professionals, 300 patients,
 * a few hundred appointments on the weekdays of the next 14 days in clinic hours, and a waiting
 * list of 150 entries, all relative to the clock's day in the given zone. The same seed and clock
 * give the same rows. {@link DemoStory} holds the fixed story patients.
 *
 * <p>A HIS that already holds any row is refused with {@link IllegalStateException}: loading is
 * all or nothing, in one transaction, so a refused or failed load leaves the database as it was.
 */
public final class DemoData {

  public static final long DEFAULT_SEED = 20_260_506L;
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("America/Santiago");

  private final Clock clock;
  private final ZoneId zone;
  private final long seed;

  public DemoData(Clock clock, ZoneId zone, long seed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.seed = seed;
  }

  /**
   * Loads the demo data into an empty reference HIS (schema already migrated).
   *
   * @throws IllegalStateException when the HIS already holds data
   */
  public DemoSummary fill(DataSource dataSource) {
    DemoPlan plan = new DemoPlanner(clock, zone, seed).plan();
    return Transactions.inTransaction(dataSource, connection -> {
      // Keeps two concurrent loads from both seeing an empty HIS.
      HisRows.execute(connection, "LOCK TABLE his.sede, his.paciente, his.profesional, his.lista_espera,"
          + " his.cita IN SHARE ROW EXCLUSIVE MODE");
      if (HisRows.holdsAnyRow(connection)) {
        throw new IllegalStateException(
            "the reference HIS already holds data; demo data is only loaded into an empty HIS");
      }
      return write(connection, plan);
    });
  }

  private DemoSummary write(Connection connection, DemoPlan plan) throws SQLException {
    long[] sites = new long[plan.sites().size()];
    for (int i = 0; i < sites.length; i++) {
      sites[i] = HisRows.insertSite(connection, plan.sites().get(i));
    }
    long[] professionals = new long[plan.professionals().size()];
    for (int i = 0; i < professionals.length; i++) {
      professionals[i] = HisRows.insertProfessional(connection, plan.professionals().get(i).professional());
    }
    long[] patients = new long[plan.patients().size()];
    for (int i = 0; i < patients.length; i++) {
      DemoPlan.Patient patient = plan.patients().get(i);
      patients[i] = HisRows.insertPatient(connection, patient.patient(), patient.createdAt());
    }
    long[] entries = new long[plan.waitlist().size()];
    for (int i = 0; i < entries.length; i++) {
      DemoPlan.WaitlistEntry entry = plan.waitlist().get(i);
      entries[i] = HisRows.insertWaitlistEntry(connection, new NewWaitlistEntry(
              patients[entry.patient()], entry.hospitalCode(), entry.specialty(), entry.careType(),
              entry.professional() == null ? null : professionals[entry.professional()],
              entry.site() == null ? null : sites[entry.site()],
              entry.ges(), entry.gesDeadline(), entry.priority(), entry.enteredOn()),
          entry.status(), entry.dischargeReason(), entry.updatedAt());
    }
    long[] appointments = new long[plan.appointments().size()];
    for (int i = 0; i < appointments.length; i++) {
      DemoPlan.Appointment appointment = plan.appointments().get(i);
      appointments[i] = HisRows.insertAppointment(connection, new NewAppointment(
              patients[appointment.patient()], professionals[appointment.professional()],
              sites[appointment.site()], appointment.specialty(), appointment.startsAt(),
              NewAppointment.DEFAULT_DURATION_MINUTES, appointment.type(),
              appointment.waitlistEntry() == null ? null : entries[appointment.waitlistEntry()]),
          appointment.status(), appointment.cancellationReason(), appointment.createdAt(),
          appointment.updatedAt());
    }

    DemoPlan.StoryIndexes story = plan.story();
    DemoPlan.WaitlistEntry mariaEntry = plan.waitlist().get(story.mariaFuentesEntry());
    return new DemoSummary(seed, plan.today(), sites.length, professionals.length, patients.length,
        appointments.length, entries.length, new DemoSummary.Story(
        storyAppointment(plan, story.juanSotoAppointment(), patients, appointments, professionals, sites),
        new DemoSummary.StoryWaitlistEntry(
            storyPatient(plan, story.mariaFuentes(), patients), entries[story.mariaFuentesEntry()],
            mariaEntry.hospitalCode(), mariaEntry.specialty()),
        storyAppointment(plan, story.pedroArayaCardiologia(), patients, appointments, professionals, sites),
        storyAppointment(plan, story.pedroArayaOftalmologia(), patients, appointments, professionals, sites),
        storyAppointment(plan, story.rosaMunozAppointment(), patients, appointments, professionals, sites),
        storyAppointment(plan, story.luisAlfaroAppointment(), patients, appointments, professionals, sites)));
  }

  private static DemoSummary.StoryAppointment storyAppointment(DemoPlan plan, int index, long[] patients,
      long[] appointments, long[] professionals, long[] sites) {
    DemoPlan.Appointment appointment = plan.appointments().get(index);
    List<NewSite> planSites = plan.sites();
    return new DemoSummary.StoryAppointment(
        storyPatient(plan, appointment.patient(), patients), appointments[index],
        professionals[appointment.professional()], sites[appointment.site()],
        planSites.get(appointment.site()).hospitalCode(), appointment.specialty(), appointment.startsAt());
  }

  private static DemoSummary.StoryPatient storyPatient(DemoPlan plan, int index, long[] patients) {
    NewPatient patient = plan.patients().get(index).patient();
    return new DemoSummary.StoryPatient(patients[index], patient.rut(), patient.givenNames(),
        patient.paternalSurname(), patient.maternalSurname(), patient.mobilePhone(), patient.email());
  }
}
