package org.contactability.hisconnector.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.contactability.common.Rut;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.Subjects;
import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.SiteChange;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.contactability.hisconnector.support.HisTestBed;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The capture on the real PostgreSQL (pgoutput), the real Debezium engine and the real broker. */
@SpringBootTest
@DirtiesContext
class CaptureFlowTest {

  private static final HisTestBed bed = HisTestBed.create(CaptureFlowTest.class);
  private static final Clock clock = Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC);
  private static final ReferenceHis his = bed.his(clock);
  private static long siteBeforeStart;

  @Autowired
  private MeterRegistry meters;

  @Autowired
  private PatientDataCipher capture;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    bed.register(registry);
  }

  @BeforeAll
  static void aSiteExistsBeforeTheConnectorStarts() {
    siteBeforeStart = his.addSite(new NewSite("HLS", "Centro de Diagnóstico Terapéutico", "Av. Balmaceda 916",
        "La Serena"));
  }

  @Test
  void rowsThatExistedBeforeTheFirstStartArriveAsSnapshotReads() {
    ConsumerRecord<String, SiteChange> read = bed.probe(Topics.HIS_SITES)
        .readFirstMatching("the snapshot of site " + siteBeforeStart, r -> r.key().equals(Long.toString(siteBeforeStart)));

    assertThat(read.value().getOp()).isEqualTo(ChangeOperation.SNAPSHOT);
    assertThat(read.value().getSource().getSnapshot()).isTrue();
    assertThat(read.value().getAfter().getHospitalCode()).isEqualTo("HLS");
    assertThat(read.value().getAfter().getName()).isEqualTo("Centro de Diagnóstico Terapéutico");
    assertThat(read.value().getAfter().getAddress()).isEqualTo("Av. Balmaceda 916");
    assertThat(read.value().getAfter().getCommune()).as("his.sede.comuna, which messages name").isEqualTo("La Serena");
  }

  @Test
  void insertRescheduleConfirmAndDeleteArriveInCommitOrderKeyedByRowId() {
    HisTestBed.People people = HisTestBed.addPeople(his, 12_345_678);
    LocalDateTime first = LocalDateTime.of(2025, 5, 6, 10, 0);
    LocalDateTime moved = LocalDateTime.of(2025, 5, 7, 11, 20);
    long id = his.book(new NewAppointment(people.patientId(), people.professionalId(), people.siteId(),
        "Medicina Interna", first, 20, TipoPrestacion.CONTROL, null));
    his.reschedule(id, moved);
    his.confirm(id);
    his.delete(id);
    String key = Long.toString(id);

    List<ConsumerRecord<String, AppointmentChange>> changes = bed.probe(Topics.HIS_APPOINTMENTS)
        .readUntil("create, reschedule, confirm, delete and tombstone of cita " + id,
            records -> records.stream().filter(r -> r.key().equals(key)).count() >= 5)
        .stream().filter(r -> r.key().equals(key)).toList();

    assertThat(changes).hasSize(5);
    assertThat(changes).extracting(r -> r.value() == null ? null : r.value().getOp())
        .containsExactly(ChangeOperation.CREATE, ChangeOperation.UPDATE, ChangeOperation.UPDATE,
            ChangeOperation.DELETE, null);
    AppointmentChange created = changes.get(0).value();
    assertThat(created.getBefore()).isNull();
    assertThat(created.getAfter().getStartsAtLocal()).isEqualTo(first);
    assertThat(created.getAfter().getStatus()).isEqualTo(AppointmentStatus.BOOKED);
    assertThat(created.getAfter().getPatientId()).isEqualTo(Long.toString(people.patientId()));
    assertThat(created.getSource().getSnapshot()).isFalse();
    assertThat(created.getSource().getTable()).isEqualTo("cita");
    assertThat(created.getSource().getTxId()).isNotNull();

    AppointmentChange rescheduled = changes.get(1).value();
    assertThat(rescheduled.getBefore().getStartsAtLocal()).as("old time, from REPLICA IDENTITY FULL").isEqualTo(first);
    assertThat(rescheduled.getAfter().getStartsAtLocal()).isEqualTo(moved);

    assertThat(changes.get(2).value().getAfter().getStatus()).isEqualTo(AppointmentStatus.CONFIRMED);

    AppointmentChange deleted = changes.get(3).value();
    assertThat(deleted.getAfter()).isNull();
    assertThat(deleted.getBefore().getStatus()).isEqualTo(AppointmentStatus.CONFIRMED);

    List<Long> lsns = changes.subList(0, 4).stream().map(r -> r.value().getSource().getLsn()).toList();
    assertThat(lsns).isSorted().doesNotHaveDuplicates();
    assertThat(changes.subList(0, 4)).extracting(r -> r.value().getSource().getCommitTime())
        .allSatisfy(commit -> assertThat(commit).isNotNull());
  }

  @Test
  void aMalformedRowGoesToTheDeadLetterTopicAndTheNextGoodRowStillFlows() throws Exception {
    double before = deadLettered(Topics.HIS_PATIENTS);
    // A legacy RUT with a wrong check digit, as clerks typed them years ago: only plain SQL writes one.
    long bad;
    try (Connection connection = bed.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO his.paciente (rut, nombres, "
            + "apellido_paterno, apellido_materno, telefono_movil) VALUES ('7000001-0', 'Rosa Elena', 'Muñoz', "
            + "'Tapia', '9 8765 4321') RETURNING id")) {
      var ids = insert.executeQuery();
      ids.next();
      bad = ids.getLong(1);
    }
    long good = his.addPatient(new NewPatient(Rut.of(7_000_002), "Pedro Pablo", "Araya", "Castillo",
        LocalDate.of(1979, 7, 2), "9 8765 4321", null));

    ConsumerRecord<String, DeadLetter> letter = bed.deadLetterProbe(Topics.HIS_PATIENTS)
        .readFirstMatching("dead letter of paciente " + bad, r -> Long.toString(bad).equals(r.key()));
    DeadLetter dead = letter.value();
    assertThat(dead.getTopic()).isEqualTo(bed.naming().name(Topics.HIS_PATIENTS));
    assertThat(dead.getReason()).contains("rut", "his.paciente").doesNotContain("7000001", "Rosa");
    assertThat(dead.getErrorType()).isEqualTo("UnmappableRow.BAD_RUT");
    assertThat(dead.getPayloadFormat()).as("the patient row, sealed under the patient's key").isEqualTo("json-sealed");
    String payload = StandardCharsets.UTF_8.decode(dead.getPayload()).toString();
    assertThat(payload).startsWith("enc1:").doesNotContain("7000001", "Rosa");
    assertThat(bed.cipher().reveal(payload)).contains("7000001-0");
    assertThat(dead.getSourcePosition().getLsn()).isNotNull();
    assertThat(dead.getSourcePosition().getTable()).isEqualTo("paciente");
    assertThat(dead.getService()).isEqualTo("his-connector");

    ConsumerRecord<String, PatientChange> next = bed.probe(Topics.HIS_PATIENTS)
        .readFirstMatching("paciente " + good, r -> r.key().equals(Long.toString(good)));
    PatientRow row = next.value().getAfter();
    assertThat(List.of(row.getMobilePhone(), row.getRut(), row.getGivenNames(), row.getPaternalSurname(),
        row.getMaternalSurname(), row.getFullName(), row.getBirthDateSealed()))
        .allSatisfy(field -> assertThat(field).startsWith("enc1:").doesNotContain("987654321", "7000002", "Pedro"));
    assertThat(row.getBirthDate()).as("a date field cannot hold a ciphertext").isNull();
    assertThat(bed.cipher().reveal(row.getMobilePhone())).isEqualTo("+56987654321");
    assertThat(bed.cipher().reveal(row.getRut())).isEqualTo(Rut.of(7_000_002).normalized());
    assertThat(bed.cipher().reveal(row.getFullName())).isEqualTo("Pedro Pablo Araya Castillo");
    assertThat(bed.cipher().reveal(row.getBirthDateSealed())).isEqualTo("1979-07-02");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(deadLettered(Topics.HIS_PATIENTS)).isEqualTo(before + 1));
  }

  @Test
  void aWrongPhoneOrEmailOnlyLeavesThatContactOutAndTellsTheClerkWhichColumnWithoutTheValue() {
    double before = unusableContacts("his.paciente");
    long wrongPhone = his.addPatient(new NewPatient(Rut.of(7_000_004), "Rosa Elena", "Muñoz", "Tapia",
        LocalDate.of(1947, 11, 25), "sin teléfono", "rosa.munoz@example.org"));
    long wrongEmail = his.addPatient(new NewPatient(Rut.of(7_000_005), "Luis", "Cortés", "Alfaro",
        LocalDate.of(1941, 2, 3), "51 222 1234", "luis.cortes@"));

    PatientChange withEmail = bed.probe(Topics.HIS_PATIENTS).readFirstMatching("paciente " + wrongPhone,
        r -> r.key().equals(Long.toString(wrongPhone))).value();
    assertThat(withEmail.getAfter().getMobilePhone()).isNull();
    assertThat(bed.cipher().reveal(withEmail.getAfter().getEmail())).isEqualTo("rosa.munoz@example.org");
    PatientChange withLandline = bed.probe(Topics.HIS_PATIENTS).readFirstMatching("paciente " + wrongEmail,
        r -> r.key().equals(Long.toString(wrongEmail))).value();
    assertThat(bed.cipher().reveal(withLandline.getAfter().getLandlinePhone())).isEqualTo("+56512221234");
    assertThat(withLandline.getAfter().getEmail()).isNull();

    DeadLetter phoneReport = bed.deadLetterProbe(Topics.HIS_PATIENTS).readFirstMatching("report on paciente "
        + wrongPhone, r -> Long.toString(wrongPhone).equals(r.key())).value();
    assertThat(phoneReport.getErrorType()).isEqualTo("UnusableContact.BAD_PHONE");
    assertThat(phoneReport.getReason()).contains("column telefono_movil of his.paciente is not a phone number")
        .doesNotContain("sin teléfono", "Rosa");
    assertThat(phoneReport.getPayload()).as("the row itself was published").isNull();
    assertThat(phoneReport.getSourcePosition().getTable()).isEqualTo("paciente");
    DeadLetter emailReport = bed.deadLetterProbe(Topics.HIS_PATIENTS).readFirstMatching("report on paciente "
        + wrongEmail, r -> Long.toString(wrongEmail).equals(r.key())).value();
    assertThat(emailReport.getErrorType()).isEqualTo("UnusableContact.BAD_EMAIL");
    assertThat(emailReport.getReason()).contains("column email of his.paciente").doesNotContain("luis");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(unusableContacts("his.paciente")).isEqualTo(before + 2));
  }

  @Test
  void aDeletedPatientIsAnEnvelopeWithoutAfterThenATombstone() throws Exception {
    long id = his.addPatient(new NewPatient(Rut.of(7_000_003), "María Angélica", "Fuentes", "Rojas",
        LocalDate.of(1961, 3, 14), null, "maria@example.net"));
    try (Connection connection = bed.dataSource().getConnection();
        PreparedStatement delete = connection.prepareStatement("DELETE FROM his.paciente WHERE id = ?")) {
      delete.setLong(1, id);
      delete.executeUpdate();
    }
    String key = Long.toString(id);

    List<ConsumerRecord<String, PatientChange>> changes = bed.probe(Topics.HIS_PATIENTS)
        .readUntil("insert, delete and tombstone of paciente " + id,
            records -> records.stream().filter(r -> r.key().equals(key)).count() >= 3)
        .stream().filter(r -> r.key().equals(key)).toList();

    assertThat(changes.get(0).value().getAfter().getMobilePhone()).isNull();
    assertThat(changes.get(1).value().getOp()).isEqualTo(ChangeOperation.DELETE);
    assertThat(changes.get(1).value().getAfter()).isNull();
    assertThat(changes.get(1).value().getBefore()).as("default replica identity: only the key is known").isNull();
    assertThat(changes.get(2).value()).isNull();
  }

  @Test
  void anErasedPatientsLaterChangesAreNotPublishedButTheirDeletionIs() throws Exception {
    double before = meters.find("contactability.capture.erased").counter().count();
    long erased = his.addPatient(new NewPatient(Rut.of(7_000_006), "Juan Dionisio", "Soto", "Cabrera",
        LocalDate.of(1950, 1, 5), "9 6123 4567", "juan.soto@example.org"));
    String key = Long.toString(erased);
    String sealedPhone = bed.probe(Topics.HIS_PATIENTS).readFirstMatching("paciente " + erased,
        r -> r.key().equals(key)).value().getAfter().getMobilePhone();

    bed.keys().erase(Subjects.patient(key));
    await().atMost(Duration.ofSeconds(30)).until(() -> capture.erased(Subjects.patient(key)));
    try (Connection connection = bed.dataSource().getConnection()) {
      connection.createStatement().executeUpdate("UPDATE his.paciente SET email = 'juan@otro.cl' WHERE id = " + erased);
      connection.createStatement().executeUpdate("DELETE FROM his.paciente WHERE id = " + erased);
    }

    List<ConsumerRecord<String, PatientChange>> changes = bed.probe(Topics.HIS_PATIENTS)
        .readUntil("the deletion of erased paciente " + erased,
            records -> records.stream().anyMatch(r -> r.key().equals(key) && r.value() == null))
        .stream().filter(r -> r.key().equals(key)).toList();
    assertThat(changes).extracting(r -> r.value() == null ? null : r.value().getOp())
        .containsExactly(ChangeOperation.CREATE, ChangeOperation.DELETE, null);
    assertThat(changes.get(1).value().getBefore()).isNull();
    assertThatThrownBy(() -> bed.cipher().reveal(sealedPhone)).isInstanceOf(UnreadablePatientData.class);
    assertThat(meters.find("contactability.capture.erased").counter().count()).isEqualTo(before + 1);
  }

  @Test
  void theKafkaClientsOfCaptureAndWritebackPublishTheirMetrics() {
    bed.probe(Topics.HIS_SITES).readFirstMatching("any site", r -> true);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(meters.find("kafka.producer.record.send.total").tag("client.id", "his-connector-capture")
          .functionCounter()).as("the capture's producer").isNotNull()
          .satisfies(sent -> assertThat(sent.count()).isPositive());
      assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").meters())
          .as("the writeback's consumer")
          .anySatisfy(lag -> assertThat(lag.getId().getTag("client.id")).startsWith("writeback-"));
    });
  }

  private double deadLettered(TopicSpec<?> topic) {
    Counter letters = meters.find("contactability.dead.letters").tag("service", "his-connector")
        .tag("topic", topic.name()).counter();
    return letters == null ? 0 : letters.count();
  }

  private double unusableContacts(String table) {
    return meters.find("contactability.capture.unusable.contacts").tag("table", table).counter().count();
  }
}
