package org.contactability.waitlist.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.waitlist.adapters.kafka.Records.appointment;
import static org.contactability.waitlist.adapters.kafka.Records.decision;
import static org.contactability.waitlist.adapters.kafka.Records.entry;
import static org.contactability.waitlist.adapters.kafka.Records.entryChange;
import static org.contactability.waitlist.adapters.kafka.Records.entryDeleted;
import static org.contactability.waitlist.adapters.kafka.Records.offerAnswer;
import static org.contactability.waitlist.adapters.kafka.Records.patient;
import static org.contactability.waitlist.adapters.kafka.Records.result;
import static org.contactability.waitlist.adapters.kafka.Records.status;
import static org.contactability.waitlist.adapters.kafka.TopologyFixture.values;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.contactability.common.links.AnswerTokens;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.BookAppointment;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.WaitlistEntryChange;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.contracts.waitlist.OfferEventType;
import org.contactability.contracts.waitlist.SlotOfferEvent;
import org.contactability.schemas.topics.Topics;
import org.contactability.waitlist.domain.campaign.Pacer;
import org.contactability.waitlist.domain.offer.OfferStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slot side of the topology at the service's boundary: a patient's cancellation in, offers out,
 * an acceptance in, BookAppointment out, the HIS result in, BOOKED out; plus expiry by an advanced
 * clock, late and simultaneous acceptances, delivery failures, refusals and dead letters.
 */
class SlotOfferTopologyTest {

  static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  /** 74 h after T0 (Santiago is UTC-4 in June): offerable, with a deadline 50 h after T0. */
  static final LocalDateTime SLOT_LOCAL = LocalDateTime.parse("2026-06-04T10:00:00");

  TopologyFixture harness;
  TestInputTopic<String, AppointmentDecision> decisions;
  TestInputTopic<String, PatientResponse> responses;
  TestInputTopic<String, ContactStatus> statuses;
  TestInputTopic<String, HisCommandResult> results;
  TestInputTopic<String, WaitlistEntryChange> waitlist;
  TestInputTopic<String, PatientChange> patients;
  TestOutputTopic<String, SlotOfferEvent> offers;
  TestOutputTopic<String, ContactRequest> requests;
  TestOutputTopic<String, HisCommand> commands;

  void start(OfferStrategy strategy, int parallel) {
    harness = new TopologyFixture(T0, new FixedPolicies(strategy, parallel), new Pacer(5, 10));
    decisions = harness.input(Topics.APPOINTMENT_DECISIONS);
    responses = harness.input(Topics.PATIENT_RESPONSES);
    statuses = harness.input(Topics.CONTACT_STATUS);
    results = harness.input(Topics.HIS_COMMAND_RESULTS);
    waitlist = harness.input(Topics.HIS_WAITLIST);
    patients = harness.input(Topics.HIS_PATIENTS);
    offers = harness.output(Topics.WAITLIST_OFFERS);
    requests = harness.output(Topics.CONTACT_REQUESTS);
    commands = harness.output(Topics.HIS_COMMANDS);

    // Ranked: e-ges (GES), e-prio (priority 1), e-old (waiting longest); others are filtered out.
    patients.pipeInput("p-ges", patient("p-ges", "+56911111111", null, T0));
    patients.pipeInput("p-prio", patient("p-prio", "+56922222222", null, T0));
    patients.pipeInput("p-old", patient("p-old", null, "old@example.cl", T0));
    patients.pipeInput("p-neuro", patient("p-neuro", "+56944444444", null, T0));
    patients.pipeInput("p-mute", patient("p-mute", null, null, T0));
    waitlist.pipeInput("e-old", entryChange(entry("e-old", "p-old", "Cardiología")
        .setEnteredOn(LocalDate.parse("2024-01-01")).build(), T0));
    waitlist.pipeInput("e-prio", entryChange(entry("e-prio", "p-prio", "Cardiología").setClinicalPriority(1).build(), T0));
    waitlist.pipeInput("e-ges", entryChange(entry("e-ges", "p-ges", "Cardiología").setGes(true)
        .setGesDeadline(LocalDate.parse("2026-07-01")).build(), T0));
    waitlist.pipeInput("e-neuro", entryChange(entry("e-neuro", "p-neuro", "Neurología").setClinicalPriority(1).build(), T0));
    waitlist.pipeInput("e-mute", entryChange(entry("e-mute", "p-mute", "Cardiología").setClinicalPriority(1).build(), T0));
  }

  @AfterEach
  void close() {
    harness.close();
  }

  void cancel(String appointmentId) {
    decisions.pipeInput(appointmentId, decision(DecisionType.CANCELLED_BY_PATIENT,
        appointment(appointmentId, "p-freed", "Cardiología", SLOT_LOCAL), harness.now()));
  }

  void answer(String offerId, String entryId, Intent intent) {
    responses.pipeInput(entryId, offerAnswer(offerId, entryId, intent, harness.now()));
  }

  void bookingResult(String offerId, String entryId, CommandOutcome outcome, String reason) {
    results.pipeInput(entryId, result("book:" + offerId, "BookAppointment",
        Correlation.newBuilder().setOfferId(offerId).setWaitlistEntryId(entryId).build(), outcome, reason,
        harness.now()));
  }

  static List<String> steps(List<SlotOfferEvent> events) {
    return events.stream().map(e -> e.getType() + (e.getOfferId() == null ? "" : " " + e.getOfferId()
        + " " + e.getWaitlistEntryId())).toList();
  }

  @Test
  void a_cancellation_is_offered_accepted_booked_and_answered_the_whole_loop_at_the_boundary() {
    start(OfferStrategy.SEQUENTIAL, 1);

    cancel("A-100");

    assertThat(steps(values(offers))).containsExactly("SLOT_OPENED", "OFFERED A-100#1 e-ges");
    TestRecord<String, ContactRequest> offer = requests.readRecord();
    assertThat(offer.key()).isEqualTo("e-ges");
    ContactRequest request = offer.value();
    assertThat(request.getTemplate()).isEqualTo("slot-offer");
    assertThat(request.getPurpose()).isEqualTo(ContactPurpose.SLOT_OFFER);
    assertThat(request.getChannel()).isEqualTo(Channel.WHATSAPP);
    assertThat(request.getRecipient().getPhone()).isEqualTo("+56911111111");
    assertThat(AnswerTokens.isWellFormed(request.getAnswerToken())).isTrue();
    assertThat(request.getRespondBy()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(request.getVariables()).containsEntry("offerExpiresAt", T0.plus(Duration.ofHours(2)).toString());
    assertThat(request.getCorrelation().getOfferId()).isEqualTo("A-100#1");
    assertThat(request.getCorrelation().getWaitlistEntryId()).isEqualTo("e-ges");
    assertThat(request.getDetails().getStartsAtLocal()).isEqualTo(SLOT_LOCAL);
    assertThat(request.getDetails().getSpecialty()).isEqualTo("Cardiología");
    assertThat(request.getDetails().getProfessionalName()).isEqualTo("Juanita Pérez Mellado");
    assertThat(request.getDetails().getSiteName()).isEqualTo("Centro de Especialidades");
    assertThat(request.getDetails().getHospitalName()).isEqualTo("Hospital Clínico Herminda Martín");
    assertThat(request.getDetails().getPatientGivenNames()).isEqualTo("Juan p-ges");
    assertThat(request.getHospitalCode()).isEqualTo("HCH");

    harness.advance(Duration.ofMinutes(30));
    answer("A-100#1", "e-ges", Intent.ACCEPT_OFFER);

    assertThat(steps(values(offers))).containsExactly("ACCEPTED A-100#1 e-ges");
    TestRecord<String, HisCommand> command = commands.readRecord();
    assertThat(command.key()).isEqualTo("e-ges");
    assertThat(command.value().getCommandId()).isEqualTo("book:A-100#1");
    assertThat(command.value().getCorrelation().getOfferId()).isEqualTo("A-100#1");
    BookAppointment book = (BookAppointment) command.value().getCommand();
    assertThat(book.getWaitlistEntryId()).isEqualTo("e-ges");
    assertThat(book.getPatientId()).isEqualTo("p-ges");
    assertThat(book.getProfessionalId()).isEqualTo("prof-1");
    assertThat(book.getSiteId()).isEqualTo("site-1");
    assertThat(book.getSpecialty()).isEqualTo("Cardiología");
    assertThat(book.getStartsAtLocal()).isEqualTo(SLOT_LOCAL);
    assertThat(book.getDurationMinutes()).isEqualTo(20);
    assertThat(book.getFreedAppointmentId()).isEqualTo("A-100");
    assertThat(requests.isEmpty()).as("the patient hears once the HIS has booked").isTrue();

    bookingResult("A-100#1", "e-ges", CommandOutcome.APPLIED, null);

    assertThat(steps(values(offers))).containsExactly("BOOKED A-100#1 e-ges");
    ContactRequest accepted = requests.readValue();
    assertThat(accepted.getTemplate()).isEqualTo("offer-accepted-answer");
    assertThat(accepted.getPurpose()).isEqualTo(ContactPurpose.OFFER_ACCEPTED_ANSWER);
    assertThat(accepted.getAnswerToken()).isNull();
    assertThat(commands.isEmpty()).isTrue();
    assertThat(requests.isEmpty()).isTrue();
  }

  @Test
  void a_cancellation_reported_twice_opens_one_slot_and_a_hospital_cancellation_frees_nothing() {
    start(OfferStrategy.SEQUENTIAL, 1);

    cancel("A-100");
    cancel("A-100");
    decisions.pipeInput("A-200", decision(DecisionType.CANCELLED_BY_HOSPITAL,
        appointment("A-200", "p-freed", "Cardiología", SLOT_LOCAL), T0));
    decisions.pipeInput("A-300", decision(DecisionType.CONFIRMED,
        appointment("A-300", "p-freed", "Cardiología", SLOT_LOCAL), T0));

    assertThat(steps(values(offers))).containsExactly("SLOT_OPENED", "OFFERED A-100#1 e-ges");
    assertThat(requests.readRecordsToList()).hasSize(1);
  }

  @Test
  void offers_expire_when_the_clock_is_advanced_and_the_slot_is_released_at_the_deadline() {
    start(OfferStrategy.SEQUENTIAL, 1);
    cancel("A-100");
    values(offers);
    requests.readRecordsToList();

    harness.advance(Duration.ofMinutes(119));
    assertThat(offers.isEmpty()).as("nothing lapses before the expiry").isTrue();

    harness.advance(Duration.ofMinutes(1));
    assertThat(steps(values(offers))).containsExactly("EXPIRED A-100#1 e-ges", "OFFERED A-100#2 e-prio");
    assertThat(requests.readKeyValue().key).isEqualTo("e-prio");

    harness.advance(Duration.ofHours(48));
    List<SlotOfferEvent> last = values(offers);
    assertThat(steps(last)).containsExactly("EXPIRED A-100#2 e-prio", "RELEASED");
    assertThat(last.get(1).getReason()).contains("nobody accepted").contains("24 h");
    assertThat(last.get(1).getSlot().getHospitalCode()).isEqualTo("HCH");
    assertThat(harness.meters.get("contactability.waitlist.slot.events").tag("type", "RELEASED").counter().count())
        .isEqualTo(1.0);
    assertThat(requests.isEmpty()).isTrue();
  }

  @Test
  void a_late_acceptance_is_told_the_slot_was_taken() {
    start(OfferStrategy.SEQUENTIAL, 1);
    cancel("A-100");
    harness.advance(Duration.ofHours(2));
    values(offers);
    requests.readRecordsToList();

    answer("A-100#1", "e-ges", Intent.ACCEPT_OFFER);

    assertThat(steps(values(offers))).containsExactly("LATE_ACCEPTANCE A-100#1 e-ges");
    TestRecord<String, ContactRequest> taken = requests.readRecord();
    assertThat(taken.key()).isEqualTo("e-ges");
    assertThat(taken.value().getTemplate()).isEqualTo("offer-taken-answer");
    assertThat(commands.isEmpty()).isTrue();
  }

  @Test
  void a_decline_and_an_offer_undeliverable_on_every_channel_the_patient_has_move_to_the_next_candidate() {
    start(OfferStrategy.SEQUENTIAL, 1);
    cancel("A-100");
    values(offers);
    requests.readRecordsToList();

    answer("A-100#1", "e-ges", Intent.DECLINE_OFFER);
    assertThat(steps(values(offers))).containsExactly("DECLINED A-100#1 e-ges", "OFFERED A-100#2 e-prio");
    assertThat(requests.readRecordsToList()).extracting(r -> r.value().getTemplate())
        .containsExactly("offer-declined-answer", "slot-offer");

    Correlation second = Correlation.newBuilder().setOfferId("A-100#2").setWaitlistEntryId("e-prio").build();
    statuses.pipeInput("e-prio", status("offer:A-100#2", second, ContactPurpose.SLOT_OFFER, DeliveryStatus.DELIVERED, T0));
    assertThat(offers.isEmpty()).as("a delivered offer is not a decline").isTrue();
    statuses.pipeInput("e-prio", status("offer:A-100#2", second, ContactPurpose.SLOT_OFFER, DeliveryStatus.UNDELIVERED,
        T0));

    assertThat(offers.isEmpty()).as("the offer goes again by SMS before it counts as declined").isTrue();
    ContactRequest bySms = requests.readValue();
    assertThat(bySms.getRequestId()).isEqualTo("offer:A-100#2:sms");
    assertThat(bySms.getChannel()).isEqualTo(Channel.SMS);
    assertThat(bySms.getRecipient().getPhone()).isEqualTo("+56922222222");
    assertThat(bySms.getCorrelation().getOfferId()).isEqualTo("A-100#2");
    statuses.pipeInput("e-prio", status("offer:A-100#2:sms", second, ContactPurpose.SLOT_OFFER,
        DeliveryStatus.UNDELIVERED, T0, Channel.SMS));

    List<SlotOfferEvent> events = values(offers);
    assertThat(steps(events)).containsExactly("DECLINED A-100#2 e-prio", "OFFERED A-100#3 e-old");
    assertThat(events.get(0).getReason()).startsWith("undeliverable: UNDELIVERED");
    ContactRequest third = requests.readValue();
    assertThat(third.getChannel()).as("e-old only has an e-mail address").isEqualTo(Channel.EMAIL);
    assertThat(third.getRecipient().getEmail()).isEqualTo("old@example.cl");
  }

  /** A slot whose first candidate accepted, with everything it wrote so far read. */
  private void acceptTheFirstOfferAndDrainTheOutputs() {
    start(OfferStrategy.SEQUENTIAL, 1);
    cancel("A-100");
    answer("A-100#1", "e-ges", Intent.ACCEPT_OFFER);
    values(offers);
    requests.readRecordsToList();
    commands.readRecordsToList();
  }

  @Test
  void a_refused_booking_tells_the_patient_and_moves_on() {
    acceptTheFirstOfferAndDrainTheOutputs();

    bookingResult("A-100#1", "e-ges", CommandOutcome.REFUSED, "the entry no longer waits");

    List<SlotOfferEvent> events = values(offers);
    assertThat(steps(events)).containsExactly("BOOKING_REFUSED A-100#1 e-ges", "OFFERED A-100#2 e-prio");
    assertThat(events.get(0).getReason()).isEqualTo("the entry no longer waits");
    assertThat(requests.readRecordsToList()).extracting(r -> r.key() + " " + r.value().getTemplate())
        .containsExactly("e-ges offer-taken-answer", "e-prio slot-offer");
  }

  @Test
  void a_booking_the_his_leaves_unanswered_is_reported_overdue_once_and_still_completes() {
    acceptTheFirstOfferAndDrainTheOutputs();

    harness.advance(Duration.ofMinutes(29));
    assertThat(offers.isEmpty()).as("within the patience").isTrue();
    harness.advance(Duration.ofMinutes(1));
    List<SlotOfferEvent> overdue = values(offers);
    assertThat(steps(overdue)).containsExactly("BOOKING_OVERDUE A-100#1 e-ges");
    assertThat(overdue.get(0).getReason()).contains("30 min").contains("book:A-100#1");
    harness.advance(Duration.ofHours(2));
    assertThat(offers.isEmpty()).as("reported once").isTrue();
    assertThat(requests.isEmpty()).as("the patient is not told anything yet").isTrue();

    bookingResult("A-100#1", "e-ges", CommandOutcome.APPLIED, null);

    assertThat(steps(values(offers))).containsExactly("BOOKED A-100#1 e-ges");
    assertThat(requests.readValue().getTemplate()).isEqualTo("offer-accepted-answer");
  }

  @Test
  void in_parallel_the_first_acceptance_wins_and_the_second_is_told_it_was_taken() {
    start(OfferStrategy.PARALLEL, 2);
    cancel("A-100");
    assertThat(steps(values(offers))).containsExactly("SLOT_OPENED", "OFFERED A-100#1 e-ges", "OFFERED A-100#2 e-prio");
    requests.readRecordsToList();

    answer("A-100#2", "e-prio", Intent.ACCEPT_OFFER);
    answer("A-100#1", "e-ges", Intent.ACCEPT_OFFER);

    assertThat(steps(values(offers))).containsExactly("ACCEPTED A-100#2 e-prio", "LATE_ACCEPTANCE A-100#1 e-ges");
    assertThat(commands.readRecordsToList()).singleElement().extracting(r -> r.value().getCommandId())
        .isEqualTo("book:A-100#2");
    assertThat(requests.readRecordsToList()).extracting(r -> r.key() + " " + r.value().getTemplate())
        .containsExactly("e-ges offer-taken-answer");
  }

  @Test
  void candidates_follow_the_waiting_list_as_captured_deletes_and_status_changes_included() {
    start(OfferStrategy.SEQUENTIAL, 1);
    waitlist.pipeInput("e-ges", entryDeleted(entry("e-ges", "p-ges", "Cardiología").build(), T0));
    waitlist.pipeInput("e-ges", (WaitlistEntryChange) null);
    waitlist.pipeInput("e-prio", entryChange(entry("e-prio", "p-prio", "Cardiología").setClinicalPriority(1)
        .setStatus(WaitlistStatus.SCHEDULED).build(), T0));
    // A specialty change moves the entry out of the Cardiología index.
    waitlist.pipeInput("e-old", entryChange(entry("e-old", "p-old", "Neurología").build(), T0));
    waitlist.pipeInput("e-new", entryChange(entry("e-new", "p-neuro", "Cardiología").build(), T0));

    cancel("A-100");

    assertThat(steps(values(offers))).containsExactly("SLOT_OPENED", "OFFERED A-100#1 e-new");
  }

  /** Unreadable bytes are covered on the real broker (the test driver does not send dead letters of the deserializer). */
  @Test
  void unusable_records_go_to_the_dead_letter_topic_of_their_source_and_the_stream_keeps_flowing() {
    start(OfferStrategy.SEQUENTIAL, 1);
    TestOutputTopic<String, DeadLetter> responseLetters = harness.deadLetters(Topics.PATIENT_RESPONSES);

    answer("A-999#1", "e-x", Intent.ACCEPT_OFFER);
    responses.pipeInput("e-x", offerAnswer(null, "e-x", Intent.DECLINE_OFFER, T0));
    cancel("A-100");
    answer("A-100#7", "e-ges", Intent.ACCEPT_OFFER);

    List<DeadLetter> letters = values(responseLetters);
    assertThat(letters).extracting(DeadLetter::getReason).satisfiesExactly(
        reason -> assertThat(reason).contains("no open slot A-999"),
        reason -> assertThat(reason).contains("names no offer").contains("offerId missing"),
        reason -> assertThat(reason).contains("made no offer A-100#7"));
    assertThat(letters).allSatisfy(letter -> {
      assertThat(letter.getTopic()).isEqualTo("patient.responses");
      assertThat(letter.getService()).isEqualTo("waitlist-service");
      assertThat(letter.getPayload()).isNotNull();
      assertThat(letter.getReason()).doesNotContain("+569");
    });
    assertThat(steps(values(offers))).as("the stream kept going").containsExactly("SLOT_OPENED", "OFFERED A-100#1 e-ges");
    assertThat(harness.meters.get("contactability.dead.letters").tag("service", "waitlist-service")
        .tag("topic", "patient.responses").counter().count()).isEqualTo(3.0);
  }
}
