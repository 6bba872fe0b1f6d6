package org.contactability.console.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.console.support.Contracts.JUAN_NAME;
import static org.contactability.console.support.Contracts.JUAN_PHONE;
import static org.contactability.console.support.Contracts.JUAN_RUT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.contactability.console.application.DeadLetterReplays;
import org.contactability.console.domain.AppointmentKind;
import org.contactability.console.domain.DeadLetterEntry;
import org.contactability.console.domain.DecisionKind;
import org.contactability.console.domain.Delivery;
import org.contactability.console.domain.Fact;
import org.contactability.console.domain.HisStatus;
import org.contactability.console.domain.NoticeChannel;
import org.contactability.console.domain.NotSentReason;
import org.contactability.console.domain.Observation;
import org.contactability.console.domain.SlotStep;
import org.contactability.console.support.Contracts;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.waitlist.OfferEventType;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.Test;

class ObservationTranslatorTest {

  static final Instant AT = Instant.parse("2026-05-04T12:00:00Z");
  static final LocalDateTime START = LocalDateTime.of(2026, 5, 6, 10, 0);

  final ObservationTranslator translator = new ObservationTranslator(Contracts.SANTIAGO, Contracts.PRIVACY);

  @Test
  void a_his_appointment_row_is_a_timeline_line_and_an_appointment_without_hospital() {
    Observation observation = translate(Topics.HIS_APPOINTMENTS, "12",
        Contracts.hisAppointment("12", "1", "3", START, AppointmentStatus.BOOKED, AT));

    assertThat(observation.appointmentIds()).containsExactly("12");
    assertThat(observation.entry().topic()).isEqualTo("his.appointments");
    assertThat(observation.entry().kind()).isEqualTo("CREATE");
    assertThat(observation.entry().at()).isEqualTo(AT);
    assertThat(observation.entry().summary()).contains("agendada", "06-05-2026 10:00", "Medicina Interna");
    assertThat(observation.facts()).containsExactly(new Fact.AppointmentSeen("12", null, "3", START, HisStatus.BOOKED,
        "1", null, null, false, null, AT),
        new Fact.AppointmentClassified("12", "Medicina Interna", AppointmentKind.NEW_CONSULTATION, 20, null));
  }

  @Test
  void the_enriched_view_carries_hospital_deadline_and_masked_details_and_never_the_patients_name() {
    Instant confirmUntil = Instant.parse("2026-05-04T14:00:00Z");
    Observation observation = translate(Topics.APPOINTMENTS, "12",
        Contracts.view("12", "HCHM", START, AppointmentStatus.BOOKED, confirmUntil));

    Fact.AppointmentSeen seen = (Fact.AppointmentSeen) observation.facts().get(0);
    assertThat(seen.hospitalCode()).isEqualTo("HCHM");
    assertThat(seen.rut()).as("the RUT's blind index").isEqualTo(Contracts.PRIVACY.rutKey(JUAN_RUT));
    assertThat(observation.facts()).contains(new Fact.PatientSeen("1", Contracts.PRIVACY.rutKey(JUAN_RUT), "*****678-5"));
    assertThat(seen.confirmUntil()).isEqualTo(confirmUntil);
    assertThat(seen.details().patient()).isEqualTo("J. D. S. C.");
    assertThat(seen.details().professional()).isEqualTo("Dra. Juanita Pérez Mellado");
    assertThat(observation.facts().get(1)).isEqualTo(new Fact.AppointmentClassified("12", "Medicina Interna",
        AppointmentKind.NEW_CONSULTATION, 20, "Centro de Especialidades"));
    assertThat(observation.entry().estimated()).as("the view has no business time of its own").isTrue();
    assertThat(observation.brokerTime()).isEqualTo(AT);
    assertThat(observation.entry().summary()).contains("política chillan-cae", "confirmar hasta 04-05-2026 10:00")
        .doesNotContain(JUAN_NAME).doesNotContain(JUAN_PHONE).doesNotContain("12345678");
  }

  @Test
  void delivery_statuses_of_notices_move_the_funnel_but_those_of_answers_only_the_timeline() {
    Observation reminder = translate(Topics.CONTACT_STATUS, "12",
        Contracts.status("12", Channel.WHATSAPP, ContactPurpose.REMINDER, DeliveryStatus.UNDELIVERED, AT));
    Observation answer = translate(Topics.CONTACT_STATUS, "12",
        Contracts.status("12", Channel.WHATSAPP, ContactPurpose.CONFIRMATION_ANSWER, DeliveryStatus.DELIVERED, AT));

    assertThat(reminder.facts()).containsExactly(new Fact.NoticeStatus("12", NoticeChannel.WHATSAPP, Delivery.SENT,
        "reminder", true, AT));
    assertThat(reminder.entry().summary()).startsWith("WHATSAPP UNDELIVERED · Recordatorio · sandbox SB12")
        .doesNotContain(JUAN_PHONE);
    assertThat(answer.facts()).isEmpty();
    assertThat(answer.appointmentIds()).containsExactly("12");
  }

  @Test
  void a_failure_names_its_kind_on_the_timeline_and_in_the_funnel() {
    ContactStatus failed = status(Channel.WHATSAPP, ContactPurpose.REMINDER, DeliveryStatus.FAILED)
        .setProvider("sandbox").setFailure(FailureKind.TEMPORARY).setReason("provider unavailable until the deadline")
        .build();

    Observation observation = translate(Topics.CONTACT_STATUS, "12", failed);

    assertThat(observation.facts()).contains(new Fact.NotSent("12", NotSentReason.TEMPORARY_FAILURE, AT));
    assertThat(observation.entry().summary()).contains("fallo temporal", "provider unavailable");
  }

  @Test
  void an_opt_out_suppression_counts_as_opted_out() {
    Observation observation = translate(Topics.CONTACT_STATUS, "12",
        Contracts.status("12", Channel.SMS, ContactPurpose.REMINDER, DeliveryStatus.SUPPRESSED, AT));

    assertThat(observation.facts()).contains(new Fact.NotSent("12", NotSentReason.OPTED_OUT, AT));
  }

  @Test
  void a_step_the_scheduler_skipped_is_a_timeline_line_with_its_reason_in_spanish_and_a_funnel_fact() {
    ContactStatus skipped = status(Channel.WHATSAPP, ContactPurpose.REMINDER, DeliveryStatus.SKIPPED)
        .setErrorCode("no-contactable-channel").setFailure(FailureKind.PERMANENT)
        .setReason("no phone or e-mail for any of its channels").build();

    Observation observation = translate(Topics.CONTACT_STATUS, "12", skipped);

    assertThat(observation.entry().kind()).isEqualTo("SKIPPED");
    assertThat(observation.entry().summary())
        .startsWith("Paso reminder no enviado por WHATSAPP (Recordatorio): sin canal de contacto")
        .contains("fallo permanente");
    assertThat(observation.facts()).contains(new Fact.NotSent("12", NotSentReason.SKIPPED, AT),
        new Fact.NotSent("12", NotSentReason.NO_CONTACTABLE_CHANNEL, AT));
  }

  @Test
  void a_step_skipped_by_the_policy_s_own_rules_is_told_but_not_counted() {
    ContactStatus reached = status(Channel.SMS, ContactPurpose.REMINDER, DeliveryStatus.SKIPPED)
        .setErrorCode("reached").setReason("the patient was already reached").build();

    Observation observation = translate(Topics.CONTACT_STATUS, "12", reached);

    assertThat(observation.entry().summary()).contains("el paciente ya fue contactado");
    assertThat(observation.facts()).noneMatch(Fact.NotSent.class::isInstance);
  }

  /** A status of appointment 12's reminder as the scheduler writes it, for the test to complete. */
  private static ContactStatus.Builder status(Channel channel, ContactPurpose purpose, DeliveryStatus status) {
    return ContactStatus.newBuilder().setStatusId("s-" + status).setRequestId("12:reminder:1:" + channel)
        .setCorrelation(Contracts.about("12")).setHospitalCode("HCHM").setPurpose(purpose).setChannel(channel)
        .setStatus(status).setProvider("scheduler-service").setOccurredAt(AT);
  }

  @Test
  void an_appointment_the_scheduler_could_not_plan_says_why() {
    ContactStatus nothing = ContactStatus.newBuilder()
        .setStatusId("s1").setRequestId("12:nothing-planned:0:WEB")
        .setCorrelation(org.contactability.contracts.common.Correlation.newBuilder().setAppointmentId("12").build())
        .setHospitalCode("HXX").setPurpose(ContactPurpose.OTHER).setChannel(Channel.WEB)
        .setStatus(DeliveryStatus.SKIPPED).setFailure(FailureKind.TECHNICAL).setProvider("scheduler-service")
        .setErrorCode("patient-unreadable").setReason("patient row 7 is missing or could not be read")
        .setOccurredAt(AT).build();

    Observation observation = translate(Topics.CONTACT_STATUS, "12", nothing);

    assertThat(observation.entry().summary()).startsWith("Sin mensajes: ficha del paciente ausente o ilegible");
    assertThat(observation.facts()).containsExactlyInAnyOrder(new Fact.NotSent("12", NotSentReason.SKIPPED, AT),
        new Fact.NotSent("12", NotSentReason.PATIENT_UNREADABLE, AT));
  }

  @Test
  void a_message_still_being_handed_to_the_provider_is_not_counted_as_notified() {
    Observation sending = translate(Topics.CONTACT_STATUS, "12",
        Contracts.status("12", Channel.SMS, ContactPurpose.REMINDER, DeliveryStatus.SENDING, AT));

    assertThat(sending.facts()).containsExactly(new Fact.NoticeStatus("12", NoticeChannel.SMS, Delivery.NOT_SENT,
        "reminder", true, AT));
  }

  @Test
  void the_compacted_opt_out_list_adds_nothing_to_what_patient_responses_says() {
    PatientResponse optOut = PatientResponse.newBuilder().setResponseId("SM2").setReceivedAt(AT)
        .setChannel(Channel.SMS).setFrom(JUAN_PHONE).setIntent(Intent.OPT_OUT).setRawText("BAJA")
        .setCorrelation(Contracts.about("12")).setCorrelationMethod(CorrelationMethod.LATEST_NOTIFIED).build();

    Observation observation = translate(Topics.CONTACT_SUPPRESSIONS, JUAN_PHONE, optOut);

    assertThat(observation.entry()).isNull();
    assertThat(observation.facts()).isEmpty();
  }

  @Test
  void a_patients_answer_is_told_by_intent_and_correlation_without_its_text() {
    PatientResponse response = PatientResponse.newBuilder().setResponseId("SM1").setReceivedAt(AT)
        .setChannel(Channel.WHATSAPP).setFrom("whatsapp:" + JUAN_PHONE).setIntent(Intent.CANCEL)
        .setRawText("Cancele su cita, no puedo ir por mi diagnóstico").setButtonPayload("CANCEL")
        .setCorrelation(Contracts.about("12")).setCorrelationMethod(CorrelationMethod.BUTTON_REPLY).build();

    Observation observation = translate(Topics.PATIENT_RESPONSES, "12", response);

    assertThat(observation.entry().kind()).isEqualTo("CANCEL");
    assertThat(observation.entry().summary()).isEqualTo("Respuesta CANCEL por WHATSAPP · correlación BUTTON_REPLY · botón CANCEL");
  }

  @Test
  void decisions_become_funnel_outcomes() {
    Appointment view = Contracts.view("12", "HCHM", START, AppointmentStatus.BOOKED, null);

    Observation observation = translate(Topics.APPOINTMENT_DECISIONS, "12",
        Contracts.decision("12", DecisionType.CANCELLED_BY_PATIENT, view, AT));

    assertThat(observation.facts()).containsExactly(new Fact.DecisionMade("12", DecisionKind.CANCELLED_BY_PATIENT, AT));
    assertThat(observation.entry().summary()).startsWith("Decisión CANCELLED_BY_PATIENT por response-service");
  }

  @Test
  void offers_are_filed_under_the_freed_appointment_and_counted_by_the_slots_day() {
    Observation observation = translate(Topics.WAITLIST_OFFERS, "12",
        Contracts.offer("12", OfferEventType.OFFERED, START, AT));

    assertThat(observation.appointmentIds()).containsExactly("12");
    assertThat(observation.facts()).containsExactly(new Fact.SlotEvent("12", "HCHM", START, SlotStep.OFFERED, AT,
        new Fact.SlotShape("3", "Medicina Interna", AppointmentKind.NEW_CONSULTATION, 20,
            START.atZone(Contracts.SANTIAGO).toInstant())));
  }

  @Test
  void a_dead_letter_keeps_its_bytes_for_replay_and_lands_in_the_timeline_of_its_key() {
    byte[] payload = {0, 0, 0, 0, 7, 1, 2, 3};
    Observation observation = translate(Topics.CONTACT_REQUESTS.deadLetter().orElseThrow(), "12",
        Contracts.deadLetter("dl-1", "contact.requests", "12", payload, "avro-confluent", AT));

    DeadLetterEntry letter = ((Fact.DeadLetterSeen) observation.facts().get(0)).deadLetter();
    assertThat(letter.payload()).containsExactly(payload);
    assertThat(letter.deadLetterTopic()).isEqualTo("contact.requests.dlq");
    assertThat(letter.sourceTopic()).isEqualTo("contact.requests");
    assertThat(letter.sourceOffset()).isEqualTo(40L);
    assertThat(observation.appointmentIds()).containsExactly("12");
    assertThat(observation.entry().kind()).isEqualTo("DEAD_LETTER");
  }

  @Test
  void a_dead_letter_keyed_by_a_phone_is_not_filed_under_any_appointment() {
    Observation observation = translate(Topics.PATIENT_RESPONSES.deadLetter().orElseThrow(), JUAN_PHONE,
        Contracts.deadLetter("dl-2", "patient.responses", JUAN_PHONE, new byte[] {0}, "avro-confluent", AT));

    assertThat(observation.appointmentIds()).isEmpty();
    assertThat(observation.facts()).hasSize(1);
  }

  @Test
  void a_patient_rows_report_is_listed_but_not_filed_under_the_appointment_with_the_same_id() {
    Observation observation = translate(Topics.HIS_PATIENTS.deadLetter().orElseThrow(), "12",
        Contracts.deadLetter("dl-3", "his.patients", "12", null, "json", AT));

    assertThat(observation.appointmentIds()).as("12 is a patient id").isEmpty();
    assertThat(observation.facts()).hasSize(1);
  }

  @Test
  void a_record_with_the_replay_header_tells_that_its_dead_letter_was_replayed() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterReplays.REPLAY_HEADER, "dl-9".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<String, Object> record = new ConsumerRecord<>("contact.requests", 0, 5, AT.toEpochMilli(),
        TimestampType.CREATE_TIME, 2, 10, "12", Contracts.request("12", Channel.SMS, ContactPurpose.REMINDER, AT),
        headers, Optional.empty());

    Observation observation = translator.translate(Topics.CONTACT_REQUESTS, record);

    assertThat(observation.facts()).contains(new Fact.Replayed("dl-9"));
    assertThat(observation.entry().summary()).endsWith("(reenviado desde cola de errores)");
  }

  @Test
  void rows_the_console_does_not_count_and_tombstones_say_nothing() {
    assertThat(translator.translate(Topics.HIS_APPOINTMENTS, new ConsumerRecord<String, Object>("his.appointments", 0, 0,
        "12", null))).isEqualTo(new Observation(java.util.List.of(), null, java.util.List.of()));
  }

  private Observation translate(TopicSpec<?> topic, String key, Object value) {
    return translator.translate(topic, new ConsumerRecord<>(topic.name(), 0, 0, AT.toEpochMilli(),
        TimestampType.CREATE_TIME, key.length(), 10, key, value, new RecordHeaders(), Optional.empty()));
  }
}
