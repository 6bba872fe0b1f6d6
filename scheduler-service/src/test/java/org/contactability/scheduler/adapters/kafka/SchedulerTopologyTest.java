package org.contactability.scheduler.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.scheduler.adapters.kafka.HisChanges.appointment;
import static org.contactability.scheduler.adapters.kafka.HisChanges.delete;
import static org.contactability.scheduler.adapters.kafka.HisChanges.patient;
import static org.contactability.scheduler.adapters.kafka.HisChanges.professional;
import static org.contactability.scheduler.adapters.kafka.HisChanges.row;
import static org.contactability.scheduler.adapters.kafka.HisChanges.site;
import static org.contactability.scheduler.adapters.kafka.HisChanges.update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.avro.specific.SpecificRecord;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.StreamsDeadLetters;
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.contracts.his.AppointmentRow;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.scheduler.domain.AppointmentFacts;
import org.contactability.scheduler.domain.Profiles;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.TopologyHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole topology on TopologyTestDriver: joins, views, plans, punctuation on a moved clock, fallback, decisions. */
class SchedulerTopologyTest {

  /** Friday 2026-05-01 08:00 in Santiago. */
  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
  /** Monday 2026-05-11 10:00 in Santiago. */
  private static final LocalDateTime MONDAY_10 = LocalDateTime.of(2026, 5, 11, 10, 0);

  private final AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mem://topology-" + UUID.randomUUID()));
  private final TopicNaming naming = TopicNaming.none();
  private SimpleMeterRegistry meters;
  private AdjustableClock clock;
  private TopologyHarness harness;
  private TopologyTestDriver driver;

  private TestInputTopic<String, SpecificRecord> sites;
  private TestInputTopic<String, SpecificRecord> patients;
  private TestInputTopic<String, SpecificRecord> professionals;
  private TestInputTopic<String, SpecificRecord> appointments;
  private TestInputTopic<String, SpecificRecord> statuses;
  private TestInputTopic<String, SpecificRecord> decisionsIn;
  private TestOutputTopic<String, Appointment> views;
  private TestOutputTopic<String, ContactRequest> requests;
  private TestOutputTopic<String, AppointmentDecision> decisions;
  private TestOutputTopic<String, ContactStatus> skipped;

  @BeforeEach
  void start() {
    start(new PlanSettings("scheduler-service", Duration.ofMillis(500), 100, Duration.ofMillis(200), 1000));
  }

  private void start(PlanSettings settings) {
    meters = new SimpleMeterRegistry(); // gauges stay bound to the first registrant of a name
    clock = AdjustableClock.on(Clock.fixed(T0, ZoneOffset.UTC));
    DeadLetters letters = new DeadLetters("scheduler-service", clock, naming, meters);
    SchedulerTopology topology = new SchedulerTopology(naming, serdes, Profiles.catalog(), clock, new AnswerTokens(),
        settings, new SchedulerMetrics(meters), letters);
    Map<String, Object> props = new HashMap<>(serdes.config());
    props.putAll(StreamsDeadLetters.builder(letters, serdes.forValues(DeadLetter.class).serializer()).build()
        .settings());
    harness = new TopologyHarness(topology.build(), props, T0, clock::advance);
    driver = harness.driver();

    sites = input(Topics.HIS_SITES);
    patients = input(Topics.HIS_PATIENTS);
    professionals = input(Topics.HIS_PROFESSIONALS);
    appointments = input(Topics.HIS_APPOINTMENTS);
    statuses = input(Topics.CONTACT_STATUS);
    decisionsIn = input(Topics.APPOINTMENT_DECISIONS);
    views = output(Topics.APPOINTMENTS);
    requests = output(Topics.CONTACT_REQUESTS);
    decisions = output(Topics.APPOINTMENT_DECISIONS);
    skipped = output(Topics.CONTACT_STATUS);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @SuppressWarnings("unchecked")
  private <V extends SpecificRecord> TestInputTopic<String, SpecificRecord> input(TopicSpec<V> topic) {
    return harness.input(naming.name(topic), (Serde<SpecificRecord>) (Serde<?>) serdes.forValues(topic));
  }

  private <V extends SpecificRecord> TestOutputTopic<String, V> output(TopicSpec<V> topic) {
    return harness.output(naming.name(topic), serdes.forValues(topic));
  }

  private void hisReferenceData(String hospitalCode) {
    sites.pipeInput("S1", site("S1", hospitalCode, "Centro de Especialidades", T0), T0);
    patients.pipeInput("P1", patient("P1", "+56961234567", T0), T0);
    professionals.pipeInput("D1", professional("D1", T0), T0);
  }

  private AppointmentRow book(String id, LocalDateTime startsAtLocal) {
    AppointmentRow row = row(id, "P1", "D1", "S1", startsAtLocal, clock.instant()).build();
    appointments.pipeInput(id, appointment(row, clock.instant()), clock.instant());
    return row;
  }

  /** Moves the platform clock and lets the punctuator tick. */
  private void advance(Duration by) {
    harness.advance(by);
  }

  private void advanceTo(Instant instant) {
    advance(Duration.between(clock.instant(), instant));
  }

  private static Instant at(LocalDateTime local) {
    return AppointmentFacts.instantOf(local, Profiles.SANTIAGO);
  }

  @Test
  void joins_the_appointment_with_its_site_patient_and_professional_into_the_enriched_view() {
    hisReferenceData("HCHM");
    book("A1", MONDAY_10);

    Appointment view = views.readValue();
    assertThat(view.getAppointmentId()).isEqualTo("A1");
    assertThat(view.getHospital().getName()).isEqualTo("Hospital de Chillán");
    assertThat(view.getHospital().getZone()).isEqualTo("America/Santiago");
    assertThat(view.getPatient().getFullName()).isEqualTo("Juan Dionisio Soto Cabrera");
    assertThat(view.getProfessional().getFullName()).isEqualTo("Juanita Pérez Mellado");
    assertThat(view.getSite().getName()).isEqualTo("Centro de Especialidades");
    assertThat(view.getSite().getCommune()).isEqualTo("Chillán");
    assertThat(view.getStartsAt()).isEqualTo(at(MONDAY_10));
    assertThat(view.getPolicyId()).isEqualTo("chillan-cae");
    assertThat(view.getConfirmUntil()).isEqualTo(at(MONDAY_10.minusDays(2)));
    assertThat(view.getCancelUntil()).isEqualTo(at(MONDAY_10.minusDays(2)));
    assertThat(views.isEmpty()).isTrue();
  }

  @Test
  void a_phone_change_re_emits_upcoming_appointments_only() {
    hisReferenceData("HCHM");
    book("A1", MONDAY_10);
    book("A0", LocalDateTime.of(2026, 4, 30, 9, 0)); // already past
    views.readValuesToList();

    patients.pipeInput("P1", patient("P1", "+56998887766", T0.plusSeconds(60)), T0.plusSeconds(60));

    List<KeyValue<String, Appointment>> reissued = views.readKeyValuesToList();
    assertThat(reissued).extracting(kv -> kv.key).containsExactly("A1");
    assertThat(reissued.get(0).value.getPatient().getMobilePhone()).isEqualTo("+56998887766");
    assertThat(reissued.get(0).value.getSourceCommitTime()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void the_reminder_goes_out_at_the_first_tick_after_the_clock_reaches_it_and_never_twice() {
    hisReferenceData("HCHM");
    book("A1", MONDAY_10);
    assertThat(requests.isEmpty()).isTrue();

    advanceTo(at(MONDAY_10.minusDays(4)).minusSeconds(5));
    assertThat(requests.isEmpty()).isTrue();
    advance(Duration.ofSeconds(5));

    ContactRequest reminder = requests.readValue();
    assertThat(reminder.getRequestId()).isEqualTo("A1:reminder:1:WHATSAPP");
    assertThat(reminder.getChannel()).isEqualTo(Channel.WHATSAPP);
    assertThat(reminder.getPurpose()).isEqualTo(ContactPurpose.REMINDER);
    assertThat(reminder.getTemplate()).isEqualTo("reminder");
    assertThat(reminder.getRecipient().getPhone()).isEqualTo("+56961234567");
    assertThat(reminder.getAnswerToken()).matches("[A-Za-z0-9_-]{16}");
    assertThat(reminder.getRespondBy()).isEqualTo(at(MONDAY_10.minusDays(2)));
    assertThat(reminder.getNotAfter()).as("retried until the quiet hours of that evening, never into them")
        .isEqualTo(at(MONDAY_10.minusDays(4).withHour(21)));
    assertThat(reminder.getSourceCommitTime()).isNull();
    assertThat(reminder.getDetails().getProfessionalTitle()).isEqualTo("Dra.");
    assertThat(reminder.getDetails().getStartsAtLocal()).isEqualTo(MONDAY_10);
    assertThat(reminder.getDetails().getHospitalPhone()).isEqualTo("+56 42 000 0000");
    assertThat(reminder.getDetails().getSiteAddress()).isEqualTo("Av. Francisco Ramírez 10");
    assertThat(reminder.getDetails().getSiteCommune()).isEqualTo("Chillán");
    assertThat(reminder.getCorrelation().getPlanVersion()).isEqualTo(1);

    advance(Duration.ofMinutes(10));
    assertThat(requests.isEmpty()).isTrue();
    assertThat(meters.counter("contactability.scheduler.requests", "purpose", "REMINDER", "channel", "WHATSAPP")
        .count()).isEqualTo(1.0);
  }

  @Test
  void a_tick_that_runs_out_of_budget_leaves_a_backlog_that_the_gauges_show_until_the_next_ticks_drain_it() {
    harness.close();
    // One plan per batch and no time budget: every tick sends exactly one reminder.
    start(new PlanSettings("scheduler-service", Duration.ofMillis(500), 1, Duration.ZERO, 1000));
    hisReferenceData("HCHM");
    int booked = 8;
    for (int i = 1; i <= booked; i++) {
      book("A" + i, MONDAY_10);
    }
    advanceTo(at(MONDAY_10.minusDays(4)).minusSeconds(30));
    assertThat(gauge("contactability.scheduler.backlog")).isZero();

    advance(Duration.ofSeconds(40));
    int sent = requests.readValuesToList().size();
    assertThat(sent).isEqualTo(1);
    assertThat(gauge("contactability.scheduler.backlog")).isEqualTo(booked - sent);
    assertThat(gauge("contactability.scheduler.backlog.oldest")).isEqualTo(10);

    // The next ticks, a second apart: the gauges keep the last count until it is 5 s old.
    advance(Duration.ofSeconds(1));
    sent += requests.readValuesToList().size();
    assertThat(sent).isEqualTo(2);
    assertThat(gauge("contactability.scheduler.backlog")).as("not recounted within 5 s").isEqualTo(booked - 1);
    for (int i = 0; i < 4; i++) {
      advance(Duration.ofSeconds(1));
    }
    sent += requests.readValuesToList().size();
    assertThat(sent).isEqualTo(6);
    assertThat(gauge("contactability.scheduler.backlog")).as("recounted 5 s later").isEqualTo(booked - sent);
    assertThat(gauge("contactability.scheduler.backlog.oldest")).isEqualTo(15);
    // A drained index shows at once.
    while (sent < booked) {
      advance(Duration.ofSeconds(1));
      sent += requests.readValuesToList().size();
    }
    advance(Duration.ofSeconds(1));
    assertThat(gauge("contactability.scheduler.backlog")).isZero();
    assertThat(gauge("contactability.scheduler.backlog.oldest")).isZero();
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  @Test
  void the_sms_goes_out_three_days_before_unless_the_whatsapp_was_delivered() {
    hisReferenceData("HCHM");
    book("A1", MONDAY_10);
    book("A2", MONDAY_10.plusHours(1));
    advanceTo(at(MONDAY_10.minusDays(4).plusHours(1)));
    assertThat(requests.readValuesToList()).extracting(ContactRequest::getRequestId)
        .containsExactly("A1:reminder:1:WHATSAPP", "A2:reminder:1:WHATSAPP");
    statuses.pipeInput("A1", status("A1:reminder:1:WHATSAPP", "A1", DeliveryStatus.DELIVERED, false));

    advanceTo(at(MONDAY_10.minusDays(3).plusHours(1)));

    assertThat(requests.readValuesToList()).extracting(ContactRequest::getRequestId)
        .containsExactly("A2:sms-fallback:1:SMS");
  }

  @Test
  void la_serena_sends_the_booking_notice_at_once_and_falls_back_from_whatsapp_to_sms() {
    hisReferenceData("HLS");
    book("A1", MONDAY_10);

    List<ContactRequest> notices = requests.readValuesToList();
    assertThat(notices).extracting(ContactRequest::getChannel).containsExactly(Channel.WHATSAPP, Channel.EMAIL);
    assertThat(notices).allSatisfy(n -> {
      assertThat(n.getPurpose()).isEqualTo(ContactPurpose.BOOKING_NOTICE);
      assertThat(n.getSourceCommitTime()).isEqualTo(T0);
    });
    assertThat(notices.get(1).getRecipient().getEmail()).isEqualTo("juan.soto.cabrera@example.com");
    assertThat(notices.get(1).getRecipient().getPhone()).isNull();

    advanceTo(at(MONDAY_10).minus(Duration.ofHours(15)));
    assertThat(requests.readValue().getRequestId()).isEqualTo("A1:reminder:1:WHATSAPP");

    statuses.pipeInput("A1", status("A1:reminder:1:WHATSAPP", "A1", DeliveryStatus.FAILED, true));

    ContactRequest sms = requests.readValue();
    assertThat(sms.getRequestId()).isEqualTo("A1:reminder:1:SMS");
    assertThat(sms.getChannel()).isEqualTo(Channel.SMS);
  }

  @Test
  void a_booking_the_capture_publishes_again_after_a_crash_gets_its_notice_and_reminder_once() {
    hisReferenceData("HLS");
    AppointmentRow row = book("A1", MONDAY_10);
    assertThat(requests.readValuesToList()).hasSize(2);

    // A crash between the capture's publish and its offset commit publishes the same change again.
    appointments.pipeInput("A1", appointment(row, T0), clock.instant());
    appointments.pipeInput("A1", appointment(row, T0), clock.instant());

    assertThat(requests.readValuesToList()).as("nothing sent again for a change already planned").isEmpty();
    advanceTo(at(MONDAY_10).minus(Duration.ofHours(15)));
    assertThat(requests.readValuesToList()).extracting(ContactRequest::getRequestId)
        .containsExactly("A1:reminder:1:WHATSAPP");
  }

  @Test
  void a_la_serena_patient_with_only_a_landline_gets_the_booking_notice_as_a_call_to_the_landline() {
    sites.pipeInput("S1", site("S1", "HLS", "Centro de Diagnóstico Terapéutico", T0), T0);
    patients.pipeInput("P1", patient("P1", null, null, "+56512221234", T0), T0);
    professionals.pipeInput("D1", professional("D1", T0), T0);
    book("A1", MONDAY_10);

    assertThat(views.readValue().getPatient().getLandlinePhone()).isEqualTo("+56512221234");
    ContactRequest call = requests.readValue();
    assertThat(call.getRequestId()).isEqualTo("A1:booking-notice:1:VOICE");
    assertThat(call.getRecipient().getPhone()).isEqualTo("+56512221234");
    assertThat(call.getAnswerToken()).matches("[A-Za-z0-9_-]{16}");
    assertThat(requests.isEmpty()).isTrue();
  }

  @Test
  void a_chillan_booking_after_the_sms_time_sends_the_sms_once_the_whatsapp_is_undelivered() {
    hisReferenceData("HCHM");
    clock.advance(Duration.between(T0, at(MONDAY_10.minusHours(54)).plus(Duration.ofHours(5)))); // Saturday 09:00
    book("A1", MONDAY_10);
    assertThat(requests.readValue().getRequestId()).isEqualTo("A1:reminder:1:WHATSAPP");

    statuses.pipeInput("A1", status("A1:reminder:1:WHATSAPP", "A1", DeliveryStatus.UNDELIVERED, true));

    ContactRequest sms = requests.readValue();
    assertThat(sms.getRequestId()).isEqualTo("A1:sms-fallback:1:SMS");
    assertThat(sms.getRespondBy()).isEqualTo(at(MONDAY_10.minusDays(2)));
  }

  @Test
  void a_confirmation_by_the_patient_stops_the_reminders_and_its_writeback_is_not_echoed() {
    hisReferenceData("HCHM");
    AppointmentRow row = book("A1", MONDAY_10);
    Appointment view = views.readValue();

    decisionsIn.pipeInput("A1", patientDecision(view, DecisionType.CONFIRMED));
    AppointmentRow confirmed = AppointmentRow.newBuilder(row).setStatus(AppointmentStatus.CONFIRMED).build();
    appointments.pipeInput("A1", update(row, confirmed, clock.instant()));
    advanceTo(at(MONDAY_10.minusDays(2)));

    assertThat(requests.isEmpty()).isTrue();
    assertThat(decisions.isEmpty()).as("the writeback of the patient's own confirmation is not echoed").isTrue();
  }

  @Test
  void a_reschedule_publishes_the_decision_notifies_and_plans_the_new_time() {
    hisReferenceData("HCHM");
    AppointmentRow row = book("A1", MONDAY_10);
    LocalDateTime newTime = MONDAY_10.plusDays(7);

    appointments.pipeInput("A1", update(row, AppointmentRow.newBuilder(row).setStartsAtLocal(newTime).build(),
        clock.instant()));

    AppointmentDecision decision = decisions.readValue();
    assertThat(decision.getType()).isEqualTo(DecisionType.RESCHEDULED);
    assertThat(decision.getPreviousStartsAt()).isEqualTo(at(MONDAY_10));
    assertThat(decision.getDecidedBy()).isEqualTo("scheduler-service");
    assertThat(decision.getAppointment().getStartsAt()).isEqualTo(at(newTime));
    ContactRequest notice = requests.readValue();
    assertThat(notice.getRequestId()).isEqualTo("A1:reschedule-notice:2:WHATSAPP");
    assertThat(notice.getVariables()).containsEntry("previousStartsAtLocal", "2026-05-11T10:00");

    advanceTo(at(MONDAY_10.minusDays(4)));
    assertThat(requests.isEmpty()).isTrue();
    advanceTo(at(newTime.minusDays(4)));
    assertThat(requests.readValue().getRequestId()).isEqualTo("A1:reminder:2:WHATSAPP");
  }

  @Test
  void a_cancellation_by_the_hospital_notifies_and_stops_the_plan() {
    hisReferenceData("HCHM");
    AppointmentRow row = book("A1", MONDAY_10);

    appointments.pipeInput("A1", update(row, AppointmentRow.newBuilder(row)
        .setStatus(AppointmentStatus.CANCELLED_BY_HOSPITAL).setCancellationReason("Licencia médica").build(),
        clock.instant()));

    assertThat(decisions.readValue().getType()).isEqualTo(DecisionType.CANCELLED_BY_HOSPITAL);
    assertThat(requests.readValue().getPurpose()).isEqualTo(ContactPurpose.HOSPITAL_CANCELLATION_NOTICE);
    advanceTo(at(MONDAY_10.minusHours(1)));
    assertThat(requests.isEmpty()).isTrue();
  }

  @Test
  void a_deleted_appointment_is_withdrawn_from_the_view_and_its_plan_is_dropped() {
    hisReferenceData("HCHM");
    AppointmentRow row = book("A1", MONDAY_10);
    views.readValue();

    appointments.pipeInput("A1", delete(row, clock.instant()));
    appointments.pipeInput("A1", (SpecificRecord) null);

    List<KeyValue<String, Appointment>> withdrawn = views.readKeyValuesToList();
    assertThat(withdrawn).hasSize(2);
    assertThat(withdrawn.get(0).value.getDeleted()).isTrue();
    assertThat(withdrawn.get(1).value).isNull();
    advanceTo(at(MONDAY_10.minusDays(3)));
    assertThat(requests.isEmpty()).isTrue();
    assertThat(driver.getKeyValueStore(SchedulerStores.PLANS).get("A1")).isNull();
  }

  @Test
  void unreadable_bytes_are_skipped_and_the_stream_goes_on() {
    // The dead letter itself is checked on the real broker (SchedulerCrashRecoveryTest, and common's
    // StreamsDeadLettersTest): the test driver does not capture what an exception handler sends.
    hisReferenceData("HCHM");
    TestInputTopic<String, byte[]> raw = harness.rawInput(naming.name(Topics.HIS_APPOINTMENTS));
    raw.pipeInput("bad", new byte[] {0, 0, 0, 0, 99, 1, 2});
    book("A1", MONDAY_10);

    assertThat(views.readValue().getAppointmentId()).isEqualTo("A1");
  }

  @Test
  void an_appointment_of_an_unconfigured_hospital_is_dead_lettered_with_the_reason() {
    hisReferenceData("HXX");
    book("A1", MONDAY_10);

    DeadLetter letter = driver.createOutputTopic(naming.deadLetterName(Topics.HIS_APPOINTMENTS),
        new StringDeserializer(), serdes.forValues(DeadLetter.class).deserializer()).readValue();
    assertThat(letter.getReason()).contains("'HXX'").contains("not configured");
    assertThat(views.isEmpty()).isTrue();
  }

  @Test
  void an_unconfigured_hospital_s_appointment_says_why_once_on_contact_status() {
    hisReferenceData("HXX");
    book("A1", MONDAY_10);
    advance(Duration.ofMinutes(3)); // parked views are retried every minute

    assertThat(skipped.readValuesToList()).singleElement().satisfies(status -> {
      assertThat(status.getStatus()).isEqualTo(DeliveryStatus.SKIPPED);
      assertThat(status.getRequestId()).isEqualTo("A1:nothing-planned:0:WEB");
      assertThat(status.getCorrelation().getAppointmentId()).isEqualTo("A1");
      assertThat(status.getErrorCode()).isEqualTo("hospital-not-configured");
      assertThat(status.getFailure()).isEqualTo(FailureKind.TECHNICAL);
      assertThat(status.getReason()).contains("'HXX'");
      assertThat(status.getProvider()).isEqualTo("scheduler-service");
    });
  }

  @Test
  void an_appointment_whose_patient_row_never_arrived_says_why_and_is_planned_once_the_row_comes() {
    sites.pipeInput("S1", site("S1", "HCHM", "Centro de Especialidades", T0), T0);
    professionals.pipeInput("D1", professional("D1", T0), T0);
    book("A1", MONDAY_10);

    assertThat(views.isEmpty()).isTrue();
    assertThat(skipped.readValuesToList()).singleElement().satisfies(status -> {
      assertThat(status.getErrorCode()).isEqualTo("patient-unreadable");
      assertThat(status.getReason()).contains("P1").contains("his.patients.dlq");
      assertThat(status.getFailure()).isEqualTo(FailureKind.TECHNICAL);
    });
    advance(Duration.ofMinutes(2));
    assertThat(skipped.isEmpty()).as("said once").isTrue();

    patients.pipeInput("P1", patient("P1", "+56961234567", clock.instant()), clock.instant());
    assertThat(views.readValue().getAppointmentId()).isEqualTo("A1");
    advanceTo(at(MONDAY_10.minusDays(4)));
    assertThat(requests.readValue().getRequestId()).isEqualTo("A1:reminder:1:WHATSAPP");
  }

  @Test
  void a_deleted_patient_row_withdraws_its_appointments_views() {
    hisReferenceData("HCHM");
    book("A1", MONDAY_10);
    views.readValue();

    patients.pipeInput("P1", (SpecificRecord) null);

    List<KeyValue<String, Appointment>> withdrawn = views.readKeyValuesToList();
    assertThat(withdrawn).hasSize(2);
    assertThat(withdrawn.get(0).value.getDeleted()).isTrue();
    assertThat(withdrawn.get(1).value).isNull();
  }

  @Test
  void overdue_reminders_are_caught_up_in_due_order_at_the_paced_rate() {
    harness.close();
    start(new PlanSettings("scheduler-service", Duration.ofMillis(500), 100, Duration.ofMillis(200), 2));
    hisReferenceData("HCHM");
    for (int i = 4; i >= 0; i--) {
      book("A" + i, MONDAY_10.plusMinutes(10L * i));
    }

    // A restart or a clock jump: every reminder is overdue at once (by less than the late grace).
    advanceTo(at(MONDAY_10.minusDays(4).plusMinutes(50)));
    assertThat(requests.readValuesToList()).extracting(ContactRequest::getRequestId)
        .containsExactly("A0:reminder:1:WHATSAPP", "A1:reminder:1:WHATSAPP");
    advance(Duration.ofMillis(500));
    assertThat(requests.readValuesToList()).extracting(ContactRequest::getRequestId)
        .containsExactly("A2:reminder:1:WHATSAPP", "A3:reminder:1:WHATSAPP");
    advance(Duration.ofMillis(500));
    assertThat(requests.readValuesToList()).extracting(ContactRequest::getRequestId)
        .containsExactly("A4:reminder:1:WHATSAPP");
  }

  @Test
  void reminders_whose_deadline_passed_while_the_scheduler_was_down_are_skipped_on_contact_status() {
    hisReferenceData("HCHM");
    book("A1", MONDAY_10);

    advanceTo(at(MONDAY_10.minusDays(2)).plusSeconds(1));

    assertThat(requests.isEmpty()).isTrue();
    assertThat(skipped.readValuesToList()).extracting(ContactStatus::getRequestId, ContactStatus::getErrorCode,
            ContactStatus::getFailure)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("A1:reminder:1:WHATSAPP", "missed", FailureKind.TECHNICAL),
            org.assertj.core.groups.Tuple.tuple("A1:sms-fallback:1:SMS", "missed", FailureKind.TECHNICAL));
    assertThat(meters.counter("contactability.scheduler.skipped", "reason", "missed").count()).isEqualTo(2.0);
  }

  private ContactStatus status(String requestId, String appointmentId, DeliveryStatus status, boolean permanent) {
    return ContactStatus.newBuilder().setStatusId(UUID.randomUUID().toString()).setRequestId(requestId)
        .setCorrelation(org.contactability.contracts.common.Correlation.newBuilder().setAppointmentId(appointmentId)
            .build())
        .setHospitalCode("HLS").setPurpose(ContactPurpose.REMINDER).setChannel(Channel.WHATSAPP).setStatus(status)
        .setPermanent(permanent).setProvider("sandbox").setOccurredAt(clock.instant()).build();
  }

  private AppointmentDecision patientDecision(Appointment view, DecisionType type) {
    return AppointmentDecision.newBuilder().setDecisionId(UUID.randomUUID().toString())
        .setAppointmentId(view.getAppointmentId()).setType(type).setChannel(Channel.WHATSAPP)
        .setDecidedAt(clock.instant()).setDecidedBy("response-service").setAppointment(view).build();
  }
}
