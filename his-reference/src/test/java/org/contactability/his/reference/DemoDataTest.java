package org.contactability.his.reference;

import org.contactability.testkit.SharedPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.contactability.his.reference.ReferenceHisSchemaTest.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.contactability.common.PhoneNumber;
import org.contactability.common.Rut;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDataTest {

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  /** Friday 1 May 2026, 09:00 in Santiago (UTC-4 since daylight saving ended on 4 April). */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T13:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate TODAY = LocalDate.of(2026, 5, 1);
  private static final List<String> TABLES = List.of("sede", "profesional", "paciente", "lista_espera", "cita");

  private static DataSource database;
  private static DemoSummary summary;

  @BeforeAll
  static void loadDemo() {
    database = SharedPostgres.newDatabase().dataSource();
    ReferenceHisSchema.migrate(database);
    summary = new DemoData(CLOCK, SANTIAGO, DemoData.DEFAULT_SEED).fill(database);
  }

  @Test
  void loadsTwoHospitalsWithSitesProfessionalsPatientsAppointmentsAndAWaitingList() throws SQLException {
    assertThat(summary.today()).isEqualTo(TODAY);
    assertThat(count("sede")).isEqualTo(summary.sites()).isEqualTo(5);
    assertThat(count("profesional")).isEqualTo(summary.professionals()).isEqualTo(30);
    assertThat(count("paciente")).isEqualTo(summary.patients()).isEqualTo(300);
    assertThat(count("lista_espera")).isEqualTo(summary.waitlistEntries()).isEqualTo(150);
    assertThat(count("cita")).isEqualTo(summary.appointments()).isBetween(250, 600);
    assertThat(query(database, "SELECT DISTINCT codigo_establecimiento FROM his.sede ORDER BY 1"))
        .containsExactly("HCHM", "HLS");
    assertThat(query(database, "SELECT nombre FROM his.sede WHERE codigo_establecimiento = 'HCHM'"))
        .contains("Centro de Especialidades");
    assertThat(query(database, "SELECT nombre FROM his.sede WHERE codigo_establecimiento = 'HLS'"))
        .contains("Centro de Diagnóstico Terapéutico");
    assertThat(query(database, "SELECT DISTINCT especialidad FROM his.profesional"))
        .contains("Medicina Interna", "Cardiología", "Traumatología", "Oftalmología", "Otorrinolaringología",
            "Dermatología", "Neurología", "Ginecología");
  }

  @Test
  void theSameSeedAndClockGiveTheSameRows() throws SQLException {
    DataSource twin = SharedPostgres.newDatabase().dataSource();
    ReferenceHisSchema.migrate(twin);

    new DemoData(CLOCK, SANTIAGO, DemoData.DEFAULT_SEED).fill(twin);

    assertThat(dump(twin)).isEqualTo(dump(database));
  }

  @Test
  void anotherSeedGivesOtherPatientsButTheSameStory() throws SQLException {
    DataSource other = SharedPostgres.newDatabase().dataSource();
    ReferenceHisSchema.migrate(other);

    DemoSummary otherSummary = new DemoData(CLOCK, SANTIAGO, 7L).fill(other);

    assertThat(dump(other).get("paciente")).isNotEqualTo(dump(database).get("paciente"));
    assertThat(otherSummary.story()).isEqualTo(summary.story());
  }

  @Test
  void appointmentsFallOnTheWeekdaysOfTheNextTwoWeeksInClinicHours() throws SQLException {
    List<String> rows = query(database, "SELECT fecha_hora || '|' || duracion_minutos FROM his.cita");

    assertThat(rows).allSatisfy(row -> {
      LocalDateTime startsAt = LocalDateTime.parse(row.split("\\|")[0].replace(' ', 'T'));
      int minutes = Integer.parseInt(row.split("\\|")[1]);
      assertThat(startsAt.toLocalDate()).isAfter(TODAY).isBeforeOrEqualTo(TODAY.plusDays(14));
      assertThat(startsAt.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      assertThat(startsAt.toLocalTime()).isAfterOrEqualTo(LocalTime.of(8, 0));
      assertThat(startsAt.toLocalTime().plusMinutes(minutes)).isBeforeOrEqualTo(LocalTime.of(17, 30));
      assertThat(startsAt.getMinute() % 20).isZero();
      assertThat(minutes).isEqualTo(20);
    });
    assertThat(query(database, "SELECT count(DISTINCT fecha_hora::date) FROM his.cita"))
        .containsExactly("10");
  }

  @Test
  void noProfessionalAndNoPatientIsBookedTwiceAtTheSameTime() throws SQLException {
    assertThat(query(database, "SELECT profesional_id FROM his.cita GROUP BY profesional_id, fecha_hora"
        + " HAVING count(*) > 1")).isEmpty();
    assertThat(query(database, "SELECT paciente_id FROM his.cita GROUP BY paciente_id, fecha_hora"
        + " HAVING count(*) > 1")).isEmpty();
  }

  @Test
  void appointmentsMixStatesTypesAndPatientsWithSeveralBookings() throws SQLException {
    assertThat(query(database, "SELECT DISTINCT estado FROM his.cita"))
        .contains("AGENDADA", "CONFIRMADA", "ANULADA_PACIENTE")
        .doesNotContain("ATENDIDA", "NO_SE_PRESENTA");
    assertThat(query(database, "SELECT DISTINCT tipo FROM his.cita"))
        .containsExactlyInAnyOrder("CONSULTA_NUEVA", "CONTROL", "PROCEDIMIENTO");
    assertThat(query(database, "SELECT count(*) FROM his.cita WHERE estado LIKE 'ANULADA%'"
        + " AND motivo_anulacion IS NULL")).containsExactly("0");
    assertThat(query(database, "SELECT count(*) FROM (SELECT paciente_id FROM his.cita"
        + " WHERE estado IN ('AGENDADA', 'CONFIRMADA') GROUP BY paciente_id HAVING count(*) > 1) several"))
        .first().satisfies(several -> assertThat(Integer.parseInt(several)).isGreaterThan(5));
    // Each appointment's site and hospital are its professional's.
    assertThat(query(database, "SELECT c.id FROM his.cita c JOIN his.profesional p ON p.id = c.profesional_id"
        + " WHERE c.especialidad <> p.especialidad")).isEmpty();
  }

  @Test
  void everyRutIsValidAndNormalised() throws SQLException {
    List<String> ruts = query(database, "SELECT rut FROM his.paciente UNION ALL SELECT rut FROM his.profesional");

    assertThat(ruts).hasSize(330).allSatisfy(rut -> assertThat(Rut.parse(rut).normalized()).isEqualTo(rut));
  }

  @Test
  void professionalsTitlesMatchTheirGivenNames() throws SQLException {
    List<String> rows = query(database, "SELECT titulo || '|' || split_part(nombres, ' ', 1) FROM his.profesional");

    assertThat(rows).allSatisfy(row -> {
      String title = row.split("\\|")[0];
      String firstName = row.split("\\|")[1];
      switch (title) {
        case "Dr.", "Klgo." -> assertThat(ChileanNames.MALE_GIVEN_NAMES).contains(firstName);
        case "Dra.", "Klga." -> assertThat(ChileanNames.FEMALE_GIVEN_NAMES).contains(firstName);
        default -> assertThat(title).isEqualTo("TM.");
      }
    });
    assertThat(rows.stream().filter(row -> row.startsWith("Dr")).count()).isGreaterThanOrEqualTo(26);
  }

  @Test
  void phonesAreMostlyMobilesTypedInMixedFormatsSomeLandlinesOfOlderPatientsSomeMissingOrWrong() throws SQLException {
    List<String> phones = query(database, "SELECT coalesce(telefono_movil, '<null>') FROM his.paciente");
    long mobiles = phones.stream().filter(phone -> PhoneNumber.tryParse(phone, "CL")
        .filter(PhoneNumber::isMobile).isPresent()).count();
    long landlines = phones.stream().filter(phone -> PhoneNumber.tryParse(phone, "CL")
        .filter(number -> number.kind() == PhoneNumber.Kind.LANDLINE).isPresent()).count();
    long missing = phones.stream().filter(phone -> phone.equals("<null>") || phone.isBlank()).count();
    long wrong = phones.stream().filter(phone -> !phone.equals("<null>") && !phone.isBlank()
        && PhoneNumber.tryParse(phone, "CL").isEmpty()).count();
    long formats = phones.stream().map(phone -> phone.replaceAll("\\d", "d")).distinct().count();

    assertThat(mobiles).isBetween(220L, 280L);
    assertThat(landlines).as("landlines, Rosa's and Luis's among them").isBetween(8L, 40L);
    assertThat(missing).isBetween(3L, 25L);
    assertThat(wrong).as("wrong numbers").isBetween(3L, 30L);
    assertThat(mobiles + landlines + missing + wrong).isEqualTo(phones.size());
    assertThat(formats).isGreaterThanOrEqualTo(8);
  }

  @Test
  void somePatientsHaveAnEmailOnAReservedDomain() throws SQLException {
    List<String> emails = query(database, "SELECT email FROM his.paciente WHERE email IS NOT NULL");

    assertThat(emails).hasSizeBetween(80, 160)
        .allSatisfy(email -> assertThat(email.toLowerCase()).matches("[a-z0-9.]+@example\\.(com|net|org)"));
  }

  @Test
  void theWaitingListHasGesEntriesPrioritiesAndEntryDatesOverTwoYears() throws SQLException {
    assertThat(query(database, "SELECT DISTINCT prioridad FROM his.lista_espera ORDER BY 1"))
        .containsExactly("1", "2", "3", "4", "5");
    assertThat(query(database, "SELECT count(*) FROM his.lista_espera WHERE ges")).first()
        .satisfies(ges -> assertThat(Integer.parseInt(ges)).isBetween(15, 50));
    assertThat(query(database, "SELECT count(*) FROM his.lista_espera WHERE ges <> (fecha_limite_ges IS NOT NULL)"))
        .containsExactly("0");
    assertThat(query(database, "SELECT min(fecha_ingreso) FROM his.lista_espera"))
        .containsExactly(TODAY.minusDays(730).toString());
    assertThat(query(database, "SELECT count(*) FROM his.lista_espera WHERE fecha_ingreso >= '" + TODAY + "'"))
        .containsExactly("0");
    assertThat(query(database, "SELECT count(*) FILTER (WHERE fecha_ingreso < '" + TODAY.minusYears(1) + "')"
        + " || '|' || count(*) FILTER (WHERE fecha_ingreso > '" + TODAY.minusMonths(3) + "')"
        + " FROM his.lista_espera")).first().satisfies(spread -> {
          assertThat(Integer.parseInt(spread.split("\\|")[0])).as("older than a year").isGreaterThan(40);
          assertThat(Integer.parseInt(spread.split("\\|")[1])).as("last three months").isGreaterThan(5);
        });
    assertThat(query(database, "SELECT DISTINCT estado FROM his.lista_espera"))
        .containsExactlyInAnyOrder("EN_ESPERA", "CITADO", "EGRESADO");
    assertThat(query(database, "SELECT count(*) FROM his.lista_espera WHERE (estado = 'EGRESADO')"
        + " <> (causal_egreso IS NOT NULL)")).containsExactly("0");
  }

  @Test
  void everyScheduledWaitingListEntryHasItsAppointment() throws SQLException {
    assertThat(query(database, "SELECT e.id FROM his.lista_espera e LEFT JOIN his.cita c ON c.lista_espera_id = e.id"
        + " WHERE e.estado = 'CITADO' GROUP BY e.id HAVING count(c.id) <> 1")).isEmpty();
    assertThat(query(database, "SELECT c.id FROM his.cita c JOIN his.lista_espera e ON e.id = c.lista_espera_id"
        + " JOIN his.sede s ON s.id = c.sede_id WHERE e.estado <> 'CITADO' OR e.especialidad <> c.especialidad"
        + " OR e.paciente_id <> c.paciente_id OR e.codigo_establecimiento <> s.codigo_establecimiento"))
        .isEmpty();
  }

  @Test
  void juanSotoHasHisAppointmentWithDraPerezMelladoFiveDaysAheadAtTen() throws SQLException {
    DemoSummary.StoryAppointment juan = summary.story().juanSoto();

    assertThat(juan.patient().fullName()).isEqualTo("Juan Dionisio Soto Cabrera");
    assertThat(juan.patient().rut()).isEqualTo(DemoStory.JUAN_SOTO_RUT);
    assertThat(juan.patient().mobilePhone()).isEqualTo(DemoStory.JUAN_SOTO_PHONE);
    assertThat(juan.startsAt()).isEqualTo(LocalDateTime.of(2026, 5, 6, 10, 0));
    assertThat(query(database, "SELECT pa.nombres || ' ' || pa.apellido_paterno || ' ' || pa.apellido_materno"
        + " || '|' || pa.rut || '|' || pr.titulo || ' ' || pr.nombres || ' ' || pr.apellido_paterno || ' '"
        + " || pr.apellido_materno || '|' || c.especialidad || '|' || s.nombre || '|' || s.comuna || '|'"
        + " || s.codigo_establecimiento || '|' || c.fecha_hora || '|' || c.estado"
        + " FROM his.cita c JOIN his.paciente pa ON pa.id = c.paciente_id"
        + " JOIN his.profesional pr ON pr.id = c.profesional_id JOIN his.sede s ON s.id = c.sede_id"
        + " WHERE c.id = " + juan.appointmentId()))
        .containsExactly("Juan Dionisio Soto Cabrera|12345678-5|Dra. Juanita Pérez Mellado|Medicina Interna"
            + "|Centro de Especialidades|Chillán|HCHM|2026-05-06 10:00:00|AGENDADA");
  }

  @Test
  void theStoryAppointmentMovesToMondayWhenFiveDaysAheadIsAWeekend() {
    // Monday 4 May 2026: five days ahead is Saturday 9 May.
    Clock monday = Clock.fixed(Instant.parse("2026-05-04T13:00:00Z"), ZoneOffset.UTC);
    DemoPlan plan = new DemoPlanner(monday, SANTIAGO, DemoData.DEFAULT_SEED).plan();

    assertThat(plan.appointments().get(plan.story().juanSotoAppointment()).startsAt())
        .isEqualTo(LocalDateTime.of(2026, 5, 11, 10, 0));
  }

  @Test
  void todayIsTheClocksDayInTheHospitalsZone() {
    // 01:30 UTC on 1 May is still 30 April, 21:30, in Santiago.
    Clock lateEvening = Clock.fixed(Instant.parse("2026-05-01T01:30:00Z"), ZoneOffset.UTC);

    assertThat(new DemoPlanner(lateEvening, SANTIAGO, 1L).plan().today()).isEqualTo(LocalDate.of(2026, 4, 30));
  }

  @Test
  void mariaFuentesIsTheMostUrgentWaitingEntryForMedicinaInternaInChillan() throws SQLException {
    DemoSummary.StoryWaitlistEntry maria = summary.story().mariaFuentes();

    assertThat(maria.patient().fullName()).isEqualTo("María Angélica Fuentes Rojas");
    assertThat(maria.hospitalCode()).isEqualTo("HCHM");
    assertThat(maria.specialty()).isEqualTo("Medicina Interna");
    assertThat(query(database, "SELECT estado || '|' || prioridad || '|' || ges || '|' || paciente_id"
        + " FROM his.lista_espera WHERE id = " + maria.waitlistEntryId()))
        .containsExactly("EN_ESPERA|1|false|" + maria.patient().id());
    assertThat(query(database, "SELECT count(*) FROM his.lista_espera WHERE codigo_establecimiento = 'HCHM'"
        + " AND especialidad = 'Medicina Interna' AND estado = 'EN_ESPERA'"))
        .first().satisfies(waiting -> assertThat(Integer.parseInt(waiting)).isGreaterThan(3));
    assertThat(query(database, "SELECT id FROM his.lista_espera WHERE codigo_establecimiento = 'HCHM'"
        + " AND especialidad = 'Medicina Interna' AND estado = 'EN_ESPERA' AND id <> " + maria.waitlistEntryId()
        + " AND (ges OR prioridad = 1 OR fecha_ingreso <= (SELECT fecha_ingreso FROM his.lista_espera"
        + " WHERE id = " + maria.waitlistEntryId() + "))")).isEmpty();
    assertThat(query(database, "SELECT count(*) FROM his.cita WHERE paciente_id = " + maria.patient().id()))
        .containsExactly("0");
  }

  @Test
  void pedroArayaHasTwoUpcomingAppointmentsInLaSerenaAndRosaMunozHasNoMobile() throws SQLException {
    DemoSummary.Story story = summary.story();

    assertThat(story.pedroArayaCardiologia().patient()).isEqualTo(story.pedroArayaOftalmologia().patient());
    assertThat(story.pedroArayaCardiologia().hospitalCode()).isEqualTo("HLS");
    assertThat(query(database, "SELECT especialidad || '|' || fecha_hora FROM his.cita WHERE paciente_id = "
        + story.pedroArayaCardiologia().patient().id() + " ORDER BY fecha_hora"))
        .containsExactly("Cardiología|2026-05-04 09:00:00", "Oftalmología|2026-05-11 15:00:00");
    assertThat(story.rosaMunoz().patient().mobilePhone()).isEqualTo("42 222 3344");
    assertThat(story.rosaMunoz().patient().email()).isEqualTo(DemoStory.ROSA_MUNOZ_EMAIL);
    assertThat(query(database, "SELECT especialidad || '|' || fecha_hora FROM his.cita WHERE id = "
        + story.rosaMunoz().appointmentId()))
        .containsExactly("Traumatología|2026-05-07 11:20:00");
  }

  @Test
  void luisAlfaroHasOnlyALandlineAndALaSerenaAppointmentBookedAtLoadTime() throws SQLException {
    DemoSummary.StoryAppointment luis = summary.story().luisAlfaro();

    assertThat(luis.patient().rut()).isEqualTo(DemoStory.LUIS_ALFARO_RUT);
    assertThat(PhoneNumber.parse(luis.patient().mobilePhone(), "CL").kind()).isEqualTo(PhoneNumber.Kind.LANDLINE);
    assertThat(luis.patient().email()).isNull();
    assertThat(luis.hospitalCode()).isEqualTo("HLS");
    assertThat(query(database, "SELECT especialidad || '|' || fecha_hora || '|' || (creada_en = '"
        + CLOCK.instant() + "'::timestamptz) FROM his.cita WHERE id = " + luis.appointmentId()))
        .containsExactly("Medicina Interna|2026-05-04 11:40:00|true");
  }

  @Test
  void refusesToLoadIntoAHisThatHoldsData() throws SQLException {
    Map<String, String> before = dump(database);

    assertThatIllegalStateException()
        .isThrownBy(() -> new DemoData(CLOCK, SANTIAGO, 1L).fill(database))
        .withMessageContaining("already holds data");

    assertThat(dump(database)).isEqualTo(before);
    assertThat(new ReferenceHis(database, CLOCK).isEmpty()).isFalse();
  }

  private static int count(String table) throws SQLException {
    return Integer.parseInt(query(database, "SELECT count(*) FROM his." + table).get(0));
  }

  /** Every row of every HIS table, as text, in id order. */
  private static Map<String, String> dump(DataSource source) throws SQLException {
    Map<String, String> tables = new TreeMap<>();
    try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rows = statement.executeQuery(
            "SELECT string_agg(t::text, E'\\n' ORDER BY id) FROM his." + table + " t")) {
          rows.next();
          tables.put(table, rows.getString(1));
        }
      }
    }
    List<String> empty = new ArrayList<>();
    tables.forEach((table, rows) -> {
      if (rows == null) {
        empty.add(table);
      }
    });
    assertThat(empty).as("empty tables").isEmpty();
    return tables;
  }
}
