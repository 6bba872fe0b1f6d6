package org.contactability.his.reference;

import static org.contactability.his.reference.DemoStory.CENTRO_DE_DIAGNOSTICO_TERAPEUTICO;
import static org.contactability.his.reference.DemoStory.CENTRO_DE_ESPECIALIDADES;
import static org.contactability.his.reference.DemoStory.CHILLAN;
import static org.contactability.his.reference.DemoStory.LA_SERENA;

import java.text.Normalizer;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.contactability.common.Rut;

/**
 * Builds the demo data from a seed, a clock and the hospitals' zone. Everything random comes from
 * one {@link Random} (its algorithm is fixed by the JDK specification), drawn in a fixed order, so
 * a seed and a clock always give the same plan. One planner makes one plan.
 */
final class DemoPlanner {

  /** First slot of the day and the time by which the last slot must have ended. */
  static final LocalTime CLINIC_OPENS = LocalTime.of(8, 0);
  static final LocalTime CLINIC_CLOSES = LocalTime.of(17, 30);
  static final int SLOT_MINUTES = NewAppointment.DEFAULT_DURATION_MINUTES;
  /** Appointments go on the weekdays among the next this many days. */
  static final int DAYS_AHEAD = 14;

  static final int PATIENTS = 300;
  static final int WAITLIST_ENTRIES = 150;

  static final String MEDICINA_INTERNA = "Medicina Interna";
  static final String CARDIOLOGIA = "Cardiología";
  static final String TRAUMATOLOGIA = "Traumatología";
  static final String OFTALMOLOGIA = "Oftalmología";
  static final String OTORRINO = "Otorrinolaringología";
  static final String DERMATOLOGIA = "Dermatología";
  static final String NEUROLOGIA = "Neurología";
  static final String GINECOLOGIA = "Ginecología";
  static final String KINESIOLOGIA = "Kinesiología";

  /** Specialties with a waiting list (both hospitals have doctors for each). */
  static final List<String> REFERRAL_SPECIALTIES = List.of(MEDICINA_INTERNA, CARDIOLOGIA, TRAUMATOLOGIA,
      OFTALMOLOGIA, OTORRINO, DERMATOLOGIA, NEUROLOGIA, GINECOLOGIA);

  private static final List<String> DISCHARGE_REASONS = List.of(
      "Atendido en otro establecimiento", "No contactable tras tres intentos", "Paciente rechaza la atención",
      "Resuelto en atención primaria", "Fallecido");
  private static final int[] GES_DAYS = {30, 45, 60, 90, 120, 180};

  private final Random random;
  private final Instant now;
  private final LocalDate today;
  private final List<LocalDate> clinicDays;
  private final List<LocalTime> slots;

  private final List<NewSite> sites = new ArrayList<>();
  private final List<DemoPlan.Professional> professionals = new ArrayList<>();
  private final List<DemoPlan.Patient> patients = new ArrayList<>();
  private final List<DemoPlan.WaitlistEntry> waitlist = new ArrayList<>();
  private final List<DemoPlan.Appointment> appointments = new ArrayList<>();
  private final Set<Integer> rutNumbers = new HashSet<>();
  private final Set<String> takenSlots = new HashSet<>();

  DemoPlanner(Clock clock, ZoneId zone, long seed) {
    this.random = new Random(seed);
    this.now = clock.instant();
    this.today = LocalDate.ofInstant(now, zone);
    this.clinicDays = today.plusDays(1).datesUntil(today.plusDays(DAYS_AHEAD + 1))
        .filter(DemoPlanner::isWeekday)
        .toList();
    List<LocalTime> times = new ArrayList<>();
    for (LocalTime slot = CLINIC_OPENS; !slot.plusMinutes(SLOT_MINUTES).isAfter(CLINIC_CLOSES);
        slot = slot.plusMinutes(SLOT_MINUTES)) {
      times.add(slot);
    }
    this.slots = List.copyOf(times);
    for (Rut story : List.of(DemoStory.JUAN_SOTO_RUT, DemoStory.MARIA_FUENTES_RUT, DemoStory.PEDRO_ARAYA_RUT,
        DemoStory.ROSA_MUNOZ_RUT, DemoStory.LUIS_ALFARO_RUT)) {
      rutNumbers.add(story.number());
    }
  }

  DemoPlan plan() {
    int centroEspecialidades = site(CHILLAN, CENTRO_DE_ESPECIALIDADES, "Av. Francisco Ramírez 10", "Chillán");
    int oftalmologiaChillan = site(CHILLAN, "Unidad de Oftalmología", "Av. Francisco Ramírez 10", "Chillán");
    int procedimientosChillan = site(CHILLAN, "Unidad de Procedimientos Ambulatorios",
        "Av. Francisco Ramírez 10", "Chillán");
    int cdt = site(LA_SERENA, CENTRO_DE_DIAGNOSTICO_TERAPEUTICO, "Av. Balmaceda 916", "La Serena");
    int policlinicoSerena = site(LA_SERENA, "Policlínico de Especialidades", "Av. Balmaceda 916", "La Serena");

    int draPerez = professional(CHILLAN, centroEspecialidades, "Dra.", "Juanita", "Pérez", "Mellado",
        MEDICINA_INTERNA);
    professional(CHILLAN, centroEspecialidades, "Dr.", "Carlos Andrés", "Fuentealba", "Rivas", MEDICINA_INTERNA);
    professional(CHILLAN, centroEspecialidades, "Dra.", "Carolina Andrea", "Sepúlveda", "Lagos", CARDIOLOGIA);
    professional(CHILLAN, centroEspecialidades, "Dr.", "Rodrigo Ignacio", "Muñoz", "Parra", CARDIOLOGIA);
    int drContreras = professional(CHILLAN, centroEspecialidades, "Dr.", "Patricio Esteban", "Contreras",
        "Vidal", TRAUMATOLOGIA);
    professional(CHILLAN, centroEspecialidades, "Dra.", "Macarena Paz", "Riquelme", "Sandoval", TRAUMATOLOGIA);
    professional(CHILLAN, oftalmologiaChillan, "Dra.", "Francisca Javiera", "Ortiz", "Bustos", OFTALMOLOGIA);
    professional(CHILLAN, oftalmologiaChillan, "Dr.", "Gonzalo Alberto", "Henríquez", "Toro", OFTALMOLOGIA);
    professional(CHILLAN, oftalmologiaChillan, "TM.", "Daniela Fernanda", "Garrido", "Poblete", OFTALMOLOGIA);
    professional(CHILLAN, centroEspecialidades, "Dr.", "Mauricio Javier", "Navarrete", "Sáez", OTORRINO);
    professional(CHILLAN, procedimientosChillan, "Dra.", "Verónica Alejandra", "Cárdenas", "Mella",
        DERMATOLOGIA);
    professional(CHILLAN, centroEspecialidades, "Dr.", "Felipe Antonio", "Sanhueza", "Carrasco", NEUROLOGIA);
    professional(CHILLAN, centroEspecialidades, "Dra.", "Marcela Isabel", "Gallardo", "Figueroa", NEUROLOGIA);
    professional(CHILLAN, centroEspecialidades, "Dra.", "Paula Constanza", "Vergara", "Jara", GINECOLOGIA);
    professional(CHILLAN, centroEspecialidades, "Dr.", "Sergio Hernán", "Valenzuela", "Ortega", GINECOLOGIA);
    professional(CHILLAN, procedimientosChillan, "Klgo.", "Cristián Eduardo", "Aravena", "Salas", KINESIOLOGIA);
    int drVega = professional(LA_SERENA, cdt, "Dr.", "Rodrigo Alejandro", "Vega", "Salinas", CARDIOLOGIA);
    professional(LA_SERENA, cdt, "Dra.", "Claudia Andrea", "Araya", "Pizarro", CARDIOLOGIA);
    int drCastillo = professional(LA_SERENA, cdt, "Dr.", "Jorge Luis", "Castillo", "Álvarez", MEDICINA_INTERNA);
    professional(LA_SERENA, cdt, "Dra.", "Ximena Patricia", "Rojas", "Cortés", MEDICINA_INTERNA);
    professional(LA_SERENA, policlinicoSerena, "Dr.", "Héctor Manuel", "Olivares", "Campos", TRAUMATOLOGIA);
    professional(LA_SERENA, policlinicoSerena, "Dr.", "Andrés Felipe", "Tapia", "Miranda", TRAUMATOLOGIA);
    professional(LA_SERENA, cdt, "Dra.", "Lorena Beatriz", "Alfaro", "Ahumada", OFTALMOLOGIA);
    int drCortes = professional(LA_SERENA, cdt, "Dr.", "Pablo Ignacio", "Cortés", "Rivera", OFTALMOLOGIA);
    professional(LA_SERENA, policlinicoSerena, "Dra.", "Catalina Sofía", "Barraza", "Galleguillos", OTORRINO);
    professional(LA_SERENA, policlinicoSerena, "Dr.", "Ricardo Alfonso", "Pizarro", "Cerda", DERMATOLOGIA);
    professional(LA_SERENA, cdt, "Dra.", "Gloria Elena", "Carvajal", "Rojo", NEUROLOGIA);
    professional(LA_SERENA, policlinicoSerena, "Dr.", "Marcelo Antonio", "Zepeda", "Villalobos", GINECOLOGIA);
    professional(LA_SERENA, policlinicoSerena, "Dra.", "Andrea Carolina", "Galleguillos", "Tapia", GINECOLOGIA);
    professional(LA_SERENA, policlinicoSerena, "Klga.", "Valentina Andrea", "Cortés", "Honores", KINESIOLOGIA);

    int juan = storyPatient(DemoStory.JUAN_SOTO_RUT, "Juan Dionisio", "Soto", "Cabrera",
        LocalDate.of(1958, 9, 18), DemoStory.JUAN_SOTO_PHONE, DemoStory.JUAN_SOTO_EMAIL, CHILLAN, false);
    int maria = storyPatient(DemoStory.MARIA_FUENTES_RUT, "María Angélica", "Fuentes", "Rojas",
        LocalDate.of(1961, 3, 14), DemoStory.MARIA_FUENTES_PHONE, DemoStory.MARIA_FUENTES_EMAIL,
        CHILLAN, true);
    int pedro = storyPatient(DemoStory.PEDRO_ARAYA_RUT, "Pedro Pablo", "Araya", "Castillo",
        LocalDate.of(1979, 7, 2), DemoStory.PEDRO_ARAYA_PHONE, null, LA_SERENA, false);
    int rosa = storyPatient(DemoStory.ROSA_MUNOZ_RUT, "Rosa Elena", "Muñoz", "Tapia",
        LocalDate.of(1947, 11, 25), DemoStory.ROSA_MUNOZ_PHONE, DemoStory.ROSA_MUNOZ_EMAIL, CHILLAN, true);
    int luis = storyPatient(DemoStory.LUIS_ALFARO_RUT, "Luis Humberto", "Alfaro", "Godoy",
        LocalDate.of(1941, 6, 9), DemoStory.LUIS_ALFARO_PHONE, null, LA_SERENA, false);
    int storyPatients = patients.size();
    while (patients.size() < PATIENTS) {
      randomPatient();
    }

    int juanAppointment = appointment(juan, draPerez, MEDICINA_INTERNA, storyDay(5).atTime(10, 0),
        TipoPrestacion.CONSULTA_NUEVA, EstadoCita.AGENDADA, null, null, now);
    int pedroCardiologia = appointment(pedro, drVega, CARDIOLOGIA, storyDay(2).atTime(9, 0),
        TipoPrestacion.CONTROL, EstadoCita.AGENDADA, null, null, now.minus(Duration.ofDays(10)));
    int pedroOftalmologia = appointment(pedro, drCortes, OFTALMOLOGIA, storyDay(9).atTime(15, 0),
        TipoPrestacion.CONSULTA_NUEVA, EstadoCita.AGENDADA, null, null, now.minus(Duration.ofDays(20)));
    int rosaAppointment = appointment(rosa, drContreras, TRAUMATOLOGIA, storyDay(6).atTime(11, 20),
        TipoPrestacion.CONTROL, EstadoCita.AGENDADA, null, null, now.minus(Duration.ofDays(3)));
    int luisAppointment = appointment(luis, drCastillo, MEDICINA_INTERNA, storyDay(3).atTime(11, 40),
        TipoPrestacion.CONTROL, EstadoCita.AGENDADA, null, null, now);

    // María waits longest, with the top priority, and no other waiting Medicina Interna entry in
    // Chillán is GES or priority 1: any sensible ranking offers her a freed slot first.
    int mariaEntry = waitlist.size();
    waitlist.add(new DemoPlan.WaitlistEntry(maria, CHILLAN, MEDICINA_INTERNA, TipoPrestacion.CONSULTA_NUEVA,
        null, null, false, null, 1, today.minusDays(730), EstadoListaEspera.EN_ESPERA, null, null));

    fillSchedules(storyPatients);
    while (waitlist.size() < WAITLIST_ENTRIES) {
      randomWaitlistEntry(storyPatients);
    }

    return new DemoPlan(today, List.copyOf(sites), List.copyOf(professionals), List.copyOf(patients),
        List.copyOf(waitlist), List.copyOf(appointments),
        new DemoPlan.StoryIndexes(juan, juanAppointment, maria, mariaEntry, pedro, pedroCardiologia,
            pedroOftalmologia, rosa, rosaAppointment, luis, luisAppointment));
  }

  private int site(String hospital, String name, String address, String commune) {
    sites.add(new NewSite(hospital, name, address, commune));
    return sites.size() - 1;
  }

  private int professional(String hospital, int site, String title, String givenNames, String paternal,
      String maternal, String specialty) {
    Rut rut = Rut.of(uniqueRutNumber(6_000_000 + random.nextInt(14_000_000)));
    professionals.add(new DemoPlan.Professional(
        new NewProfessional(rut, title, givenNames, paternal, maternal, specialty), hospital, site));
    return professionals.size() - 1;
  }

  private int storyPatient(Rut rut, String givenNames, String paternal, String maternal, LocalDate birthDate,
      String phone, String email, String hospital, boolean female) {
    Instant registered = now.minus(Duration.ofDays(3_000 + 400L * patients.size()));
    patients.add(new DemoPlan.Patient(
        new NewPatient(rut, givenNames, paternal, maternal, birthDate, phone, email),
        registered, hospital, female));
    return patients.size() - 1;
  }

  private void randomPatient() {
    boolean female = random.nextBoolean();
    List<String> names = female ? ChileanNames.FEMALE_GIVEN_NAMES : ChileanNames.MALE_GIVEN_NAMES;
    String first = pick(names);
    String givenNames = first;
    if (chance(0.8)) {
      String second = pick(names);
      givenNames = second.equals(first) ? first : first + " " + second;
    }
    String paternal = pick(ChileanNames.SURNAMES);
    // A few patients (often foreigners) have no second surname in the HIS.
    String maternal = chance(0.03) ? null : pick(ChileanNames.SURNAMES);
    LocalDate birthDate = LocalDate.of(1935 + random.nextInt(88), 1, 1).plusDays(random.nextInt(365));
    // RUN numbers grow with the year of registration, which mostly follows the year of birth.
    int rutNumber = uniqueRutNumber(Math.max(1_000_000,
        2_500_000 + (birthDate.getYear() - 1935) * 275_000 + random.nextInt(500_000) - 250_000));
    String hospital = chance(0.55) ? CHILLAN : LA_SERENA;
    Instant registered = now.minus(Duration.ofDays(30 + random.nextInt(5_450)))
        .minusSeconds(random.nextInt(86_400));
    patients.add(new DemoPlan.Patient(
        new NewPatient(Rut.of(rutNumber), givenNames, paternal, maternal, birthDate, clerkPhone(hospital, birthDate),
            email(first, paternal, birthDate)),
        registered, hospital, female));
  }

  /**
   * A phone the way clerks type it in the mobile field: mostly a mobile in mixed formats, for some
   * patients born before 1955 a landline of their hospital's area (many older patients have no
   * mobile), sometimes missing, sometimes wrong.
   */
  private String clerkPhone(String hospital, LocalDate birthDate) {
    if (birthDate.getYear() < 1955 && chance(0.3)) {
      String area = hospital.equals(CHILLAN) ? "42" : "51";
      String number = "2" + String.format(Locale.ROOT, "%02d", random.nextInt(100)) + " "
          + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
      return switch (random.nextInt(3)) {
        case 0 -> area + " " + number;
        case 1 -> "(" + area + ") " + number;
        default -> "+56 " + area + " " + number;
      };
    }
    String digits = String.valueOf(3 + random.nextInt(7)) + String.format(Locale.ROOT, "%07d",
        random.nextInt(10_000_000));
    String head = digits.substring(0, 4);
    String tail = digits.substring(4);
    int roll = random.nextInt(100);
    if (roll < 28) {
      return "+56 9 " + head + " " + tail;
    } else if (roll < 48) {
      return "9" + digits;
    } else if (roll < 62) {
      return "+569" + digits;
    } else if (roll < 72) {
      return "9 " + head + " " + tail;
    } else if (roll < 78) {
      return "569" + digits;
    } else if (roll < 82) {
      return "+56 9" + digits;
    } else if (roll < 86) {
      return "9-" + head + "-" + tail;
    } else if (roll < 88) {
      return "+56-9-" + head + "-" + tail;
    } else if (roll < 92) {
      return roll < 90 ? null : "";
    }
    // Wrong numbers the connector leaves out: pre-2012 mobile format, a digit too many or short, words.
    return switch (roll) {
      case 92, 93 -> "09-" + digits.substring(1);
      case 94 -> "9 " + head + " " + tail + random.nextInt(10);
      case 95, 96 -> "9 " + head + " " + tail.substring(1);
      case 97 -> digits;
      case 98 -> "sin teléfono";
      default -> "12345";
    };
  }

  private String email(String givenName, String paternal, LocalDate birthDate) {
    if (!chance(0.4)) {
      return null;
    }
    String name = ascii(givenName);
    String surname = ascii(paternal).replace(" ", "");
    String address = switch (random.nextInt(3)) {
      case 0 -> name + "." + surname + "@example.com";
      case 1 -> name.charAt(0) + surname + String.format(Locale.ROOT, "%02d", birthDate.getYear() % 100)
          + "@example.net";
      default -> name + surname + (10 + random.nextInt(90)) + "@example.org";
    };
    // Some clerks type in capitals.
    return chance(0.05) ? address.toUpperCase(Locale.ROOT) : address;
  }

  /** Each professional works some days, a morning, an afternoon or both, and has some of those slots booked. */
  private void fillSchedules(int storyPatients) {
    for (int professional = 0; professional < professionals.size(); professional++) {
      DemoPlan.Professional who = professionals.get(professional);
      for (LocalDate day : clinicDays) {
        if (!chance(0.6)) {
          continue;
        }
        int shift = random.nextInt(10);
        LocalTime from = shift < 7 ? CLINIC_OPENS : LocalTime.of(14, 0);
        LocalTime until = shift < 5 ? LocalTime.of(13, 0) : CLINIC_CLOSES;
        for (LocalTime slot : slots) {
          if (slot.isBefore(from) || slot.plusMinutes(SLOT_MINUTES).isAfter(until) || !chance(0.12)) {
            continue;
          }
          LocalDateTime startsAt = day.atTime(slot);
          if (!isFree(professional, startsAt)) {
            continue;
          }
          Integer patient = freePatient(who, startsAt, storyPatients);
          if (patient == null) {
            continue;
          }
          TipoPrestacion type = careTypeFor(who);
          int roll = random.nextInt(100);
          EstadoCita status = roll < 80 ? EstadoCita.AGENDADA
              : roll < 94 ? EstadoCita.CONFIRMADA
              : roll < 98 ? EstadoCita.ANULADA_PACIENTE
              : EstadoCita.ANULADA_ESTABLECIMIENTO;
          String reason = switch (status) {
            case ANULADA_PACIENTE -> "Paciente avisa que no podrá asistir";
            case ANULADA_ESTABLECIMIENTO -> "Profesional con licencia médica";
            default -> null;
          };
          Instant booked = now.minus(Duration.ofMinutes(60 + random.nextInt(30 * 24 * 60)));
          appointment(patient, professional, who.professional().specialty(), startsAt, type, status,
              reason, null, booked);
        }
      }
    }
  }

  private void randomWaitlistEntry(int storyPatients) {
    int patient = storyPatients + random.nextInt(patients.size() - storyPatients);
    String hospital = patients.get(patient).hospitalCode();
    String specialty = pick(REFERRAL_SPECIALTIES);
    if (specialty.equals(GINECOLOGIA) && !patients.get(patient).female()) {
      specialty = MEDICINA_INTERNA;
    }
    int typeRoll = random.nextInt(100);
    TipoPrestacion careType = typeRoll < 80 ? TipoPrestacion.CONSULTA_NUEVA
        : typeRoll < 92 ? TipoPrestacion.PROCEDIMIENTO : TipoPrestacion.CONTROL;
    List<Integer> doctors = doctors(hospital, specialty);
    Integer professional = chance(0.1) ? doctors.get(random.nextInt(doctors.size())) : null;
    Integer site = professional != null ? Integer.valueOf(professionals.get(professional).site())
        : chance(0.15) ? Integer.valueOf(professionals.get(pick(doctors)).site()) : null;
    boolean ges = chance(0.2);
    LocalDate enteredOn = today.minusDays(1 + random.nextInt(729));
    LocalDate gesDeadline = ges ? enteredOn.plusDays(GES_DAYS[random.nextInt(GES_DAYS.length)]) : null;
    int priorityRoll = random.nextInt(100);
    int priority = priorityRoll < 6 ? 1 : priorityRoll < 22 ? 2 : priorityRoll < 62 ? 3 : priorityRoll < 86 ? 4 : 5;
    int statusRoll = random.nextInt(100);
    EstadoListaEspera status = statusRoll < 72 ? EstadoListaEspera.EN_ESPERA
        : statusRoll < 88 ? EstadoListaEspera.CITADO : EstadoListaEspera.EGRESADO;
    if (hospital.equals(CHILLAN) && specialty.equals(MEDICINA_INTERNA) && status == EstadoListaEspera.EN_ESPERA) {
      // Keeps María the most urgent waiting entry of her list (see plan()).
      priority = Math.max(priority, 2);
      if (ges) {
        status = EstadoListaEspera.CITADO;
      }
    }
    Instant changed = status == EstadoListaEspera.EN_ESPERA ? null
        : now.minus(Duration.ofMinutes(60 + random.nextInt(20 * 24 * 60)));
    String reason = status == EstadoListaEspera.EGRESADO ? pick(DISCHARGE_REASONS) : null;
    int entry = waitlist.size();
    waitlist.add(new DemoPlan.WaitlistEntry(patient, hospital, specialty, careType, professional, site, ges,
        gesDeadline, priority, enteredOn, status, reason, changed));
    if (status == EstadoListaEspera.CITADO) {
      bookFromWaitlist(entry, patient, professional != null ? List.of(professional) : doctors, specialty,
          careType, changed);
    }
  }

  private void bookFromWaitlist(int entry, int patient, List<Integer> doctors, String specialty,
      TipoPrestacion careType, Instant booked) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int professional = pick(doctors);
      LocalDateTime startsAt = pick(clinicDays).atTime(pick(slots));
      if (isFree(professional, startsAt) && isFree(patientKey(patient), startsAt)) {
        appointment(patient, professional, specialty, startsAt, careType, EstadoCita.AGENDADA, null, entry,
            booked);
        return;
      }
    }
    throw new IllegalStateException("no free slot found for a waiting-list booking; the demo calendar is full");
  }

  private int appointment(int patient, int professional, String specialty, LocalDateTime startsAt,
      TipoPrestacion type, EstadoCita status, String reason, Integer waitlistEntry, Instant booked) {
    if (!takenSlots.add(professionalKey(professional) + startsAt) || !takenSlots.add(patientKey(patient) + startsAt)) {
      throw new IllegalStateException("demo plan double-booked a slot");
    }
    Instant changed = status == EstadoCita.AGENDADA ? null
        : booked.plus(Duration.between(booked, now).dividedBy(2));
    appointments.add(new DemoPlan.Appointment(patient, professional, professionals.get(professional).site(),
        specialty, startsAt, type, status, reason, waitlistEntry, booked, changed));
    return appointments.size() - 1;
  }

  private Integer freePatient(DemoPlan.Professional who, LocalDateTime startsAt, int storyPatients) {
    boolean gynaecology = who.professional().specialty().equals(GINECOLOGIA);
    for (int attempt = 0; attempt < 20; attempt++) {
      int patient = storyPatients + random.nextInt(patients.size() - storyPatients);
      DemoPlan.Patient candidate = patients.get(patient);
      if (candidate.hospitalCode().equals(who.hospitalCode())
          && (!gynaecology || candidate.female())
          && isFree(patientKey(patient), startsAt)) {
        return patient;
      }
    }
    return null;
  }

  private List<Integer> doctors(String hospital, String specialty) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < professionals.size(); i++) {
      DemoPlan.Professional candidate = professionals.get(i);
      String title = candidate.professional().title();
      if (candidate.hospitalCode().equals(hospital) && specialty.equals(candidate.professional().specialty())
          && (title.equals("Dr.") || title.equals("Dra."))) {
        found.add(i);
      }
    }
    return found;
  }

  private TipoPrestacion careTypeFor(DemoPlan.Professional who) {
    String title = who.professional().title();
    if (title.equals("TM.")) {
      return TipoPrestacion.PROCEDIMIENTO;
    }
    if (title.startsWith("Klg")) {
      return chance(0.7) ? TipoPrestacion.CONTROL : TipoPrestacion.PROCEDIMIENTO;
    }
    int roll = random.nextInt(100);
    return roll < 35 ? TipoPrestacion.CONSULTA_NUEVA : roll < 90 ? TipoPrestacion.CONTROL
        : TipoPrestacion.PROCEDIMIENTO;
  }

  /** The weekday this many days ahead, or the Monday after when it falls on a weekend. */
  private LocalDate storyDay(int daysAhead) {
    LocalDate day = today.plusDays(daysAhead);
    while (!isWeekday(day)) {
      day = day.plusDays(1);
    }
    return day;
  }

  private int uniqueRutNumber(int wanted) {
    int number = wanted;
    while (!rutNumbers.add(number)) {
      number++;
    }
    return number;
  }

  private boolean isFree(int professional, LocalDateTime startsAt) {
    return isFree(professionalKey(professional), startsAt);
  }

  private boolean isFree(String key, LocalDateTime startsAt) {
    return !takenSlots.contains(key + startsAt);
  }

  private static String professionalKey(int professional) {
    return "professional " + professional + " at ";
  }

  private static String patientKey(int patient) {
    return "patient " + patient + " at ";
  }

  private static boolean isWeekday(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  private static String ascii(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
  }

  private boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
