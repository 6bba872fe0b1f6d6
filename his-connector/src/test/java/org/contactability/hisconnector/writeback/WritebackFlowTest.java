package org.contactability.hisconnector.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.BookAppointment;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.his.SetAppointmentStatus;
import org.contactability.contracts.his.WithdrawWaitlistEntry;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewWaitlistEntry;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.contactability.hisconnector.support.HisTestBed;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The writeback on the real broker and PostgreSQL, closing the round trip through the capture. */
@SpringBootTest
@DirtiesContext
class WritebackFlowTest {

  private static final HisTestBed bed = HisTestBed.create(WritebackFlowTest.class);
  private static final Clock clock = Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC);
  private static final ReferenceHis his = bed.his(clock);
  private static final LocalDateTime TEN = LocalDateTime.of(2025, 5, 6, 10, 0);
  private static HisTestBed.People people;
  private static KafkaProducer<String, HisCommand> commands;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    bed.register(registry);
    registry.add("contactability.his-connector.writeback.max-attempts", () -> "3");
    registry.add("contactability.his-connector.writeback.backoff-initial", () -> "100ms");
    registry.add("contactability.his-connector.writeback.backoff-max", () -> "200ms");
    registry.add("contactability.his-connector.writeback.lock-timeout", () -> "300ms");
  }

  @BeforeAll
  static void setUp() {
    people = HisTestBed.addPeople(his, 11_111_111);
    commands = SharedKafka.producer(new StringSerializer(), bed.serdes().forValues(Topics.HIS_COMMANDS).serializer());
  }

  @AfterAll
  static void tearDown() {
    commands.close();
  }

  @Test
  void aConfirmationIsAppliedOnceComesBackThroughCaptureAndItsReplayChangesNothing() throws Exception {
    long id = book(TEN);
    HisCommand confirm = command(new SetAppointmentStatus(Long.toString(id), AppointmentStatus.CONFIRMED, TEN, null));

    HisCommandResult applied = send(confirm);
    assertThat(applied.getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    assertThat(applied.getAppointmentId()).isEqualTo(Long.toString(id));
    assertThat(applied.getCommandType()).isEqualTo("SetAppointmentStatus");
    assertThat(his.findAppointment(id).orElseThrow().status().name()).isEqualTo("CONFIRMADA");

    ConsumerRecord<String, AppointmentChange> captured = bed.probe(Topics.HIS_APPOINTMENTS)
        .readFirstMatching("the confirmation of cita " + id, r -> r.key().equals(Long.toString(id))
            && r.value() != null && r.value().getOp() == ChangeOperation.UPDATE
            && r.value().getAfter().getStatus() == AppointmentStatus.CONFIRMED);
    assertThat(captured.value().getBefore().getStatus()).isEqualTo(AppointmentStatus.BOOKED);
    Instant updatedAt = updatedAt(id);

    HisCommandResult replayed = send(confirm, 2);
    assertThat(replayed.getOutcome()).isEqualTo(CommandOutcome.ALREADY_APPLIED);
    assertThat(replayed.getAppointmentId()).isEqualTo(Long.toString(id));
    assertThat(updatedAt(id)).isEqualTo(updatedAt);
    assertThat(processedCount(confirm.getCommandId())).isEqualTo(1);
  }

  @Test
  void aPatientCancellationWritesTheReasonAndCanFollowAConfirmation() {
    long id = book(TEN.plusMinutes(20));
    send(command(new SetAppointmentStatus(Long.toString(id), AppointmentStatus.CONFIRMED, null, null)));

    HisCommandResult cancelled = send(command(new SetAppointmentStatus(Long.toString(id),
        AppointmentStatus.CANCELLED_BY_PATIENT, TEN.plusMinutes(20), "Paciente cancela por WhatsApp")));

    assertThat(cancelled.getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    assertThat(his.findAppointment(id).orElseThrow().status().name()).isEqualTo("ANULADA_PACIENTE");
    assertThat(his.findAppointment(id).orElseThrow().cancellationReason()).isEqualTo("Paciente cancela por WhatsApp");
  }

  @Test
  void whatTheHospitalDidMeanwhileIsNeverOverwritten() {
    long cancelledByHospital = book(TEN.plusMinutes(40));
    his.cancelByHospital(cancelledByHospital, "Profesional con licencia médica");
    long moved = book(TEN.plusMinutes(60));
    his.reschedule(moved, TEN.plusDays(1));
    long cancelledByPatient = book(TEN.plusMinutes(80));
    his.cancelByPatient(cancelledByPatient, "llamó por teléfono");

    assertThat(refusal(new SetAppointmentStatus(Long.toString(cancelledByHospital), AppointmentStatus.CONFIRMED,
        TEN.plusMinutes(40), null))).contains("cancelled by the hospital");
    assertThat(refusal(new SetAppointmentStatus(Long.toString(moved), AppointmentStatus.CONFIRMED,
        TEN.plusMinutes(60), null))).contains("moved to another time");
    assertThat(refusal(new SetAppointmentStatus(Long.toString(cancelledByPatient), AppointmentStatus.CONFIRMED,
        null, null))).contains("already cancelled by the patient");
    assertThat(refusal(new SetAppointmentStatus("987654", AppointmentStatus.CONFIRMED, null, null)))
        .contains("987654 no longer exists");
    assertThat(his.findAppointment(cancelledByHospital).orElseThrow().status().name())
        .isEqualTo("ANULADA_ESTABLECIMIENTO");
    assertThat(his.findAppointment(moved).orElseThrow().status().name()).isEqualTo("AGENDADA");
  }

  @Test
  void aWaitingPatientIsBookedIntoAFreeSlotAndASecondBookingOfThatSlotIsRefused() {
    LocalDateTime slot = TEN.plusDays(2);
    long first = waitingEntry();
    long second = waitingEntry();

    HisCommandResult booked = send(command(booking(first, slot)));
    assertThat(booked.getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    assertThat(booked.getWaitlistEntryId()).isEqualTo(Long.toString(first));
    long appointment = Long.parseLong(booked.getAppointmentId());
    assertThat(his.findAppointment(appointment).orElseThrow().startsAt()).isEqualTo(slot);
    assertThat(his.findAppointment(appointment).orElseThrow().waitlistEntryId()).isEqualTo(first);
    assertThat(his.findWaitlistEntry(first).orElseThrow().status().name()).isEqualTo("CITADO");
    ConsumerRecord<String, AppointmentChange> captured = bed.probe(Topics.HIS_APPOINTMENTS)
        .readFirstMatching("the booked cita " + appointment, r -> r.key().equals(Long.toString(appointment)));
    assertThat(captured.value().getAfter().getWaitlistEntryId()).isEqualTo(Long.toString(first));

    HisCommandResult taken = send(command(booking(second, slot)));
    assertThat(taken.getOutcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(taken.getReason()).contains("slot is already taken", "cita_profesional_hora_vigente_uk");
    assertThat(his.findWaitlistEntry(second).orElseThrow().status().name()).isEqualTo("EN_ESPERA");

    assertThat(refusal(booking(first, slot.plusHours(1)))).contains("already given an appointment");
  }

  @Test
  void aWaitingEntryIsWithdrawnOnceAndThenNoLongerWaits() {
    long entry = waitingEntry();

    HisCommandResult withdrawn = send(command(new WithdrawWaitlistEntry(Long.toString(entry), "Ya no lo necesita")));
    assertThat(withdrawn.getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    assertThat(his.findWaitlistEntry(entry).orElseThrow().status().name()).isEqualTo("EGRESADO");
    assertThat(his.findWaitlistEntry(entry).orElseThrow().dischargeReason()).isEqualTo("Ya no lo necesita");

    assertThat(refusal(new WithdrawWaitlistEntry(Long.toString(entry), "otra vez"))).contains("already withdrawn");
  }

  @Test
  void aRowHeldByAClerkIsRetriedWithBackoffThenDeadLetteredAndTheNextCommandStillFlows() throws Exception {
    long held = book(TEN.plusDays(3));
    HisCommand blocked = command(new SetAppointmentStatus(Long.toString(held), AppointmentStatus.CONFIRMED, null,
        null));
    try (Connection clerk = bed.dataSource().getConnection()) {
      clerk.setAutoCommit(false);
      try (PreparedStatement lock = clerk.prepareStatement("SELECT id FROM his.cita WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, held);
        lock.executeQuery().close();
      }
      commands.send(new ProducerRecord<>(bed.naming().name(Topics.HIS_COMMANDS), Long.toString(held), blocked)).get();

      ConsumerRecord<String, DeadLetter> letter = bed.deadLetterProbe(Topics.HIS_COMMANDS)
          .readFirstMatching("dead letter of " + blocked.getCommandId(), r -> r.key().equals(Long.toString(held)));
      assertThat(letter.value().getAttempts()).isEqualTo(3);
      assertThat(letter.value().getReason()).contains("after 3 attempts", "55P03");
      assertThat(letter.value().getPayloadFormat()).isEqualTo("avro-confluent");
      clerk.rollback();
    }
    assertThat(his.findAppointment(held).orElseThrow().status().name()).isEqualTo("AGENDADA");
    assertThat(processedCount(blocked.getCommandId())).isZero();

    long next = book(TEN.plusDays(3).plusMinutes(20));
    assertThat(send(command(new SetAppointmentStatus(Long.toString(next), AppointmentStatus.CONFIRMED, null, null)))
        .getOutcome()).isEqualTo(CommandOutcome.APPLIED);
  }

  @Test
  void anUnreadableCommandGoesToTheDeadLetterTopic() throws Exception {
    try (KafkaProducer<String, byte[]> raw = SharedKafka.producer(new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(bed.naming().name(Topics.HIS_COMMANDS), "garbage-1",
          "{\"confirm\": 42}".getBytes(StandardCharsets.UTF_8))).get();
    }

    DeadLetter letter = bed.deadLetterProbe(Topics.HIS_COMMANDS)
        .readFirstMatching("dead letter of garbage-1", r -> "garbage-1".equals(r.key())).value();
    assertThat(letter.getReason()).startsWith("Command cannot be read");
    assertThat(letter.getOffset()).isNotNull();
  }

  private long book(LocalDateTime at) {
    return his.book(new NewAppointment(people.patientId(), people.professionalId(), people.siteId(),
        "Medicina Interna", at, 20, TipoPrestacion.CONSULTA_NUEVA, null));
  }

  private long waitingEntry() {
    return his.addWaitlistEntry(new NewWaitlistEntry(people.patientId(), "HCHM", "Medicina Interna",
        TipoPrestacion.CONSULTA_NUEVA, null, null, false, null, 2, LocalDate.of(2025, 1, 10)));
  }

  private static BookAppointment booking(long entry, LocalDateTime slot) {
    return new BookAppointment(Long.toString(entry), Long.toString(people.patientId()),
        Long.toString(people.professionalId()), Long.toString(people.siteId()), "Medicina Interna", slot, 20,
        AppointmentType.NEW_CONSULTATION, null);
  }

  private static HisCommand command(Object body) {
    return new HisCommand(UUID.randomUUID().toString(), Instant.parse("2025-05-01T12:00:00Z"), "test", null, body);
  }

  private String refusal(Object body) {
    HisCommandResult result = send(command(body));
    assertThat(result.getOutcome()).as(result.getReason()).isEqualTo(CommandOutcome.REFUSED);
    return result.getReason();
  }

  private HisCommandResult send(HisCommand command) {
    return send(command, 1);
  }

  /** Sends a command and returns the {@code nth} result published for its id. */
  private HisCommandResult send(HisCommand command, int nth) {
    try {
      commands.send(new ProducerRecord<>(bed.naming().name(Topics.HIS_COMMANDS), "key-" + command.getCommandId(),
          command)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return bed.probe(Topics.HIS_COMMAND_RESULTS)
        .readUntil("result " + nth + " of " + command.getCommandId(), records -> records.stream()
            .filter(r -> r.value().getCommandId().equals(command.getCommandId())).count() >= nth)
        .stream().filter(r -> r.value().getCommandId().equals(command.getCommandId()))
        .skip(nth - 1).findFirst().orElseThrow().value();
  }

  private Instant updatedAt(long id) throws SQLException {
    try (Connection connection = bed.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT actualizada_en FROM his.cita WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getObject(1, OffsetDateTime.class).toInstant();
      }
    }
  }

  private int processedCount(String commandId) throws SQLException {
    try (Connection connection = bed.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT count(*) FROM contactabilidad.comando_procesado WHERE comando_id = ?")) {
      query.setString(1, commandId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }
}
