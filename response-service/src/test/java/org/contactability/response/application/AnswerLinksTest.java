package org.contactability.response.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.response.application.AnswerLinks.Open;
import org.contactability.response.application.AnswerLinks.Status;
import org.contactability.response.domain.Intent;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the answer page shows in each state of an appointment, and what its buttons publish. */
class AnswerLinksTest {

  static final String TOKEN = "AbCdEfGhIjKlMnOp";

  TopologyFixture harness;
  AnswerLinks links;
  Appointment appointment = Fixtures.appointment("cita-7", LocalDateTime.of(2026, 5, 6, 10, 0));

  @BeforeEach
  void setUp() {
    harness = new TopologyFixture();
    links = new AnswerLinks(harness.directory(), new TokenAnswers(harness.publisher(), harness.clock, harness.privacy),
        harness.privacy);
    harness.appointments.pipeInput("cita-7", appointment);
    harness.requests.pipeInput("cita-7", Fixtures.reminder("r-7", appointment, Channel.SMS, TOKEN,
        TopologyFixture.START));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void before_any_deadline_both_answers_are_offered() {
    Open page = open(links.view(TOKEN, TopologyFixture.START));

    assertThat(page.status()).isEqualTo(Status.PENDING);
    assertThat(page.actions()).containsExactlyInAnyOrder(Intent.CONFIRM, Intent.CANCEL);
    assertThat(page.details().getProfessionalName()).isEqualTo("Juanita Pérez Mellado");
    assertThat(harness.published).isEmpty();
  }

  @Test
  void between_the_confirm_and_the_cancel_deadline_only_cancelling_is_offered() {
    Instant between = appointment.getConfirmUntil().plus(Duration.ofHours(1));

    assertThat(open(links.view(TOKEN, between)).actions()).containsExactly(Intent.CANCEL);
  }

  @Test
  void a_confirmed_appointment_offers_only_cancelling_and_a_cancelled_one_nothing() {
    harness.appointments.pipeInput("cita-7", Fixtures.withStatus(appointment, AppointmentStatus.CONFIRMED));
    Open confirmed = open(links.view(TOKEN, TopologyFixture.START));
    harness.appointments.pipeInput("cita-7", Fixtures.withStatus(appointment, AppointmentStatus.CANCELLED_BY_PATIENT));
    Open cancelled = open(links.view(TOKEN, TopologyFixture.START));

    assertThat(confirmed.status()).isEqualTo(Status.CONFIRMED);
    assertThat(confirmed.actions()).containsExactly(Intent.CANCEL);
    assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
    assertThat(cancelled.actions()).isEmpty();
  }

  @Test
  void the_judges_standing_decision_counts_before_the_his_shows_it() {
    links.answer(TOKEN, Intent.CONFIRM, TopologyFixture.START).orElseThrow().join();
    harness.decisionsIn.pipeValueList(harness.decisions.readValuesToList());

    Open page = open(links.view(TOKEN, TopologyFixture.START, harness.published.get(0).value().getResponseId(),
        false));

    assertThat(page.status()).isEqualTo(Status.CONFIRMED);
    assertThat(page.notice()).contains(AnswerLinks.Notice.CONFIRMED);
  }

  @Test
  void an_answer_id_nobody_gave_here_says_nothing_about_an_answer() {
    Open page = open(links.view(TOKEN, TopologyFixture.START, "made-up-answer-id", false));

    assertThat(page.notice()).isEmpty();
    assertThat(page.status()).isEqualTo(Status.PENDING);
    assertThat(page.actions()).containsExactlyInAnyOrder(Intent.CONFIRM, Intent.CANCEL);
  }

  @Test
  void an_offer_answer_is_said_to_be_received_only_to_the_browser_that_gave_it() {
    String offerToken = "OfFeRtOkEnAbCdEf";
    harness.requests.pipeInput("entry-9", Fixtures.offer("r-offer", "offer-1", "slot-1",
        LocalDateTime.of(2026, 5, 7, 9, 0), offerToken, TopologyFixture.START,
        TopologyFixture.START.plus(Duration.ofHours(2))));
    links.answer(offerToken, Intent.ACCEPT_OFFER, TopologyFixture.START).orElseThrow().join();
    String given = harness.published.get(0).value().getResponseId();

    Open here = open(links.view(offerToken, TopologyFixture.START, given, true));
    Open elsewhere = open(links.view(offerToken, TopologyFixture.START, given, false));

    assertThat(here.notice()).contains(AnswerLinks.Notice.RECEIVED);
    assertThat(here.status()).isEqualTo(Status.ANSWERED);
    assertThat(elsewhere.notice()).isEmpty();
    assertThat(elsewhere.actions()).containsExactlyInAnyOrder(Intent.ACCEPT_OFFER, Intent.DECLINE_OFFER);
  }

  @Test
  void an_appointment_the_hospital_cancelled_or_moved_offers_nothing() {
    harness.appointments.pipeInput("cita-7", Fixtures.withStatus(appointment, AppointmentStatus.CANCELLED_BY_HOSPITAL));
    assertThat(open(links.view(TOKEN, TopologyFixture.START)).status()).isEqualTo(Status.CANCELLED_BY_HOSPITAL);

    harness.appointments.pipeInput("cita-7", Appointment.newBuilder(appointment)
        .setStartsAtLocal(appointment.getStartsAtLocal().plusDays(2)).build());
    Open moved = open(links.view(TOKEN, TopologyFixture.START));
    assertThat(moved.status()).isEqualTo(Status.MOVED);
    assertThat(moved.actions()).isEmpty();
  }

  @Test
  void after_its_window_the_link_is_expired_and_accepts_nothing() {
    Instant after = appointment.getCancelUntil().plusSeconds(1);

    assertThat(links.view(TOKEN, after)).isInstanceOf(AnswerLinks.Expired.class);
    assertThat(links.answer(TOKEN, Intent.CANCEL, after)).isEmpty();
    assertThat(harness.published).isEmpty();
  }

  @Test
  void a_button_publishes_a_web_answer_tied_to_the_links_question() {
    Optional<java.util.concurrent.CompletableFuture<AnswerLinks.Submitted>> submitted =
        links.answer(TOKEN, Intent.CANCEL, TopologyFixture.START);

    AnswerLinks.Submitted done = submitted.orElseThrow().join();
    assertThat(done.decisionExpected()).isTrue();
    assertThat(harness.published).singleElement().satisfies(published -> {
      assertThat(published.key()).isEqualTo("cita-7");
      assertThat(published.value().getChannel()).isEqualTo(Channel.WEB);
      assertThat(published.value().getQuestionRequestId()).isEqualTo("r-7");
      assertThat(published.value().getCorrelationMethod().name()).isEqualTo("ANSWER_LINK");
    });
    assertThat(harness.decisions.readValue().getType().name()).isEqualTo("CANCELLED_BY_PATIENT");
  }

  @Test
  void an_answer_its_question_does_not_take_or_an_unknown_token_publishes_nothing() {
    assertThat(links.answer(TOKEN, Intent.ACCEPT_OFFER, TopologyFixture.START)).isEmpty();
    assertThat(links.answer("ZZZZZZZZZZZZZZZZ", Intent.CANCEL, TopologyFixture.START)).isEmpty();
    assertThat(links.view("../../etc/passwd", TopologyFixture.START)).isInstanceOf(AnswerLinks.Unknown.class);
    assertThat(harness.published).isEmpty();
  }

  @Test
  void a_which_appointment_question_cannot_be_answered_by_link() {
    ContactRequest which = ContactRequest.newBuilder(Fixtures.reminder("w-1", appointment, Channel.SMS,
        "WhichWhichWhich1", TopologyFixture.START))
        .setPurpose(org.contactability.contracts.common.ContactPurpose.WHICH_APPOINTMENT_QUESTION).build();
    harness.requests.pipeInput("cita-7", which);

    assertThat(links.view("WhichWhichWhich1", TopologyFixture.START)).isInstanceOf(AnswerLinks.Unknown.class);
  }

  static Open open(AnswerLinks.Page page) {
    assertThat(page).isInstanceOf(Open.class);
    return (Open) page;
  }
}
