package org.contactability.response.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.contactability.common.templates.MessageTemplate;
import org.contactability.response.domain.AnswerState.Standing;
import org.contactability.response.domain.AppointmentFacts.HisStatus;
import org.contactability.response.domain.Outcome.DecisionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The confirm/cancel rules as a table: (standing decision, HIS status, answer, time) → outcome. */
class AnswerRulesTest {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final LocalDateTime STARTS_LOCAL = LocalDateTime.of(2026, 5, 6, 10, 0);
  static final Instant STARTS = STARTS_LOCAL.atZone(SANTIAGO).toInstant();
  /** Chillán confirms until 48 h before; this policy lets a confirmed patient cancel until 24 h before. */
  static final Instant CONFIRM_UNTIL = STARTS.minus(Duration.ofHours(48));
  static final Instant CANCEL_UNTIL = STARTS.minus(Duration.ofHours(24));
  static final Instant BEFORE_BOTH = CONFIRM_UNTIL.minus(Duration.ofHours(3));
  static final Instant BETWEEN = CONFIRM_UNTIL.plus(Duration.ofHours(3));
  static final Instant AFTER_BOTH = CANCEL_UNTIL.plusSeconds(1);

  static final AnswerState NONE = AnswerState.NONE;
  static final AnswerState CONFIRMED = new AnswerState(Standing.CONFIRMED, STARTS_LOCAL, BEFORE_BOTH.minusSeconds(60),
      List.of("earlier"));
  static final AnswerState CANCELLED = new AnswerState(Standing.CANCELLED, STARTS_LOCAL, BEFORE_BOTH.minusSeconds(60),
      List.of("earlier"));
  /** Confirmed for the time the appointment had before it was moved. */
  static final AnswerState CONFIRMED_FORMER_TIME = new AnswerState(Standing.CONFIRMED, STARTS_LOCAL.minusDays(2),
      BEFORE_BOTH.minusSeconds(60), List.of("earlier"));

  final AnswerRules rules = new AnswerRules();

  static Stream<Arguments> table() {
    return Stream.of(
        row("confirm before the confirm deadline", NONE, HisStatus.BOOKED, Intent.CONFIRM, BEFORE_BOTH,
            Verdict.Confirmed.class, DecisionKind.CONFIRMED, HisStatus.CONFIRMED, MessageTemplate.CONFIRMATION_ANSWER),
        row("confirm exactly at the confirm deadline", NONE, HisStatus.BOOKED, Intent.CONFIRM, CONFIRM_UNTIL,
            Verdict.Confirmed.class, DecisionKind.CONFIRMED, HisStatus.CONFIRMED, MessageTemplate.CONFIRMATION_ANSWER),
        row("confirm one millisecond after the confirm deadline", NONE, HisStatus.BOOKED, Intent.CONFIRM,
            CONFIRM_UNTIL.plusMillis(1), Verdict.TooLate.class, DecisionKind.REJECTED_TOO_LATE, null,
            MessageTemplate.TOO_LATE_ANSWER),
        row("cancel without confirming first", NONE, HisStatus.BOOKED, Intent.CANCEL, BEFORE_BOTH,
            Verdict.Cancelled.class, DecisionKind.CANCELLED_BY_PATIENT, HisStatus.CANCELLED_BY_PATIENT,
            MessageTemplate.CANCELLATION_ANSWER),
        row("cancel exactly at the cancel deadline", NONE, HisStatus.BOOKED, Intent.CANCEL, CANCEL_UNTIL,
            Verdict.Cancelled.class, DecisionKind.CANCELLED_BY_PATIENT, HisStatus.CANCELLED_BY_PATIENT,
            MessageTemplate.CANCELLATION_ANSWER),
        row("cancel after the cancel deadline", NONE, HisStatus.BOOKED, Intent.CANCEL, AFTER_BOTH,
            Verdict.TooLate.class, DecisionKind.REJECTED_TOO_LATE, null, MessageTemplate.TOO_LATE_ANSWER),
        row("cancel after confirming, past the confirm deadline but before the cancel deadline", CONFIRMED,
            HisStatus.CONFIRMED, Intent.CANCEL, BETWEEN, Verdict.Cancelled.class, DecisionKind.CANCELLED_BY_PATIENT,
            HisStatus.CANCELLED_BY_PATIENT, MessageTemplate.CANCELLATION_ANSWER),
        row("cancel after confirming, past the cancel deadline", CONFIRMED, HisStatus.CONFIRMED, Intent.CANCEL,
            AFTER_BOTH, Verdict.TooLate.class, DecisionKind.REJECTED_TOO_LATE, null, MessageTemplate.TOO_LATE_ANSWER),
        row("confirm again after confirming", CONFIRMED, HisStatus.CONFIRMED, Intent.CONFIRM, BEFORE_BOTH,
            Verdict.Repeated.class, null, null, MessageTemplate.CONFIRMATION_ANSWER),
        row("confirm again after confirming, past the deadline: still confirmed, not too late", CONFIRMED,
            HisStatus.CONFIRMED, Intent.CONFIRM, AFTER_BOTH, Verdict.Repeated.class, null, null,
            MessageTemplate.CONFIRMATION_ANSWER),
        row("confirm after cancelling", CANCELLED, HisStatus.BOOKED, Intent.CONFIRM, BEFORE_BOTH,
            Verdict.AlreadyCancelled.class, DecisionKind.REJECTED_ALREADY_CANCELLED, null,
            MessageTemplate.ALREADY_CANCELLED_ANSWER),
        row("cancel again after cancelling", CANCELLED, HisStatus.CANCELLED_BY_PATIENT, Intent.CANCEL, BEFORE_BOTH,
            Verdict.Repeated.class, null, null, MessageTemplate.CANCELLATION_ANSWER),
        row("cancel again after cancelling, past the deadline", CANCELLED, HisStatus.CANCELLED_BY_PATIENT,
            Intent.CANCEL, AFTER_BOTH, Verdict.Repeated.class, null, null, MessageTemplate.CANCELLATION_ANSWER),
        row("confirm what the hospital cancelled", NONE, HisStatus.CANCELLED_BY_HOSPITAL, Intent.CONFIRM,
            BEFORE_BOTH, Verdict.AlreadyCancelled.class, DecisionKind.REJECTED_ALREADY_CANCELLED, null,
            MessageTemplate.ALREADY_CANCELLED_ANSWER),
        row("cancel what the hospital cancelled", CONFIRMED, HisStatus.CANCELLED_BY_HOSPITAL, Intent.CANCEL,
            BEFORE_BOTH, Verdict.AlreadyCancelled.class, DecisionKind.REJECTED_ALREADY_CANCELLED, null,
            MessageTemplate.ALREADY_CANCELLED_ANSWER),
        row("confirm what the patient cancelled by phone with the hospital", CONFIRMED,
            HisStatus.CANCELLED_BY_PATIENT, Intent.CONFIRM, BEFORE_BOTH, Verdict.AlreadyCancelled.class,
            DecisionKind.REJECTED_ALREADY_CANCELLED, null, MessageTemplate.ALREADY_CANCELLED_ANSWER),
        row("confirm what the HIS shows confirmed already", NONE, HisStatus.CONFIRMED, Intent.CONFIRM, BEFORE_BOTH,
            Verdict.Repeated.class, null, null, MessageTemplate.CONFIRMATION_ANSWER),
        row("cancel an appointment the HIS shows attended", NONE, HisStatus.ATTENDED, Intent.CANCEL, BEFORE_BOTH,
            Verdict.TooLate.class, DecisionKind.REJECTED_TOO_LATE, null, MessageTemplate.TOO_LATE_ANSWER),
        row("confirm after a reschedule, having confirmed the former time", CONFIRMED_FORMER_TIME,
            HisStatus.BOOKED, Intent.CONFIRM, BEFORE_BOTH, Verdict.Confirmed.class, DecisionKind.CONFIRMED,
            HisStatus.CONFIRMED, MessageTemplate.CONFIRMATION_ANSWER));
  }

  static Arguments row(String situation, AnswerState state, HisStatus his, Intent intent, Instant at,
      Class<? extends Verdict> verdict, DecisionKind decision, HisStatus writeback, MessageTemplate answer) {
    return Arguments.of(situation, state, his, intent, at, verdict, decision, writeback, answer);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void judges(String situation, AnswerState state, HisStatus his, Intent intent, Instant at,
      Class<? extends Verdict> verdict, DecisionKind decision, HisStatus writeback, MessageTemplate answer) {
    Outcome outcome = rules.judge(state, facts(his), new Answer("r-1", intent, at, STARTS_LOCAL, false));

    assertThat(outcome.verdict()).isInstanceOf(verdict);
    assertThat(outcome.decision()).isEqualTo(Optional.ofNullable(decision));
    assertThat(outcome.writeback()).isEqualTo(Optional.ofNullable(writeback));
    assertThat(outcome.answer()).isEqualTo(Optional.ofNullable(answer));
  }

  @Test
  void a_confirmation_becomes_the_standing_decision_for_the_current_time() {
    Outcome outcome = rules.judge(NONE, facts(HisStatus.BOOKED),
        new Answer("r-1", Intent.CONFIRM, BEFORE_BOTH, STARTS_LOCAL, false));

    assertThat(outcome.next().decision()).isEqualTo(Standing.CONFIRMED);
    assertThat(outcome.next().decidedFor()).isEqualTo(STARTS_LOCAL);
    assertThat(outcome.next().decidedAt()).isEqualTo(BEFORE_BOTH);
  }

  @Test
  void a_refused_answer_leaves_the_standing_decision_as_it_was() {
    Outcome outcome = rules.judge(CANCELLED, facts(HisStatus.BOOKED),
        new Answer("r-1", Intent.CONFIRM, BEFORE_BOTH, STARTS_LOCAL, false));

    assertThat(outcome.next().decision()).isEqualTo(Standing.CANCELLED);
    assertThat(outcome.next().decidedAt()).isEqualTo(CANCELLED.decidedAt());
  }

  @Test
  void the_deadlines_default_to_the_start_of_the_appointment_when_the_policy_sets_none() {
    AppointmentFacts noDeadlines = new AppointmentFacts(HisStatus.BOOKED, STARTS_LOCAL, STARTS, null, null);

    assertThat(rules.judge(NONE, noDeadlines, new Answer("r-1", Intent.CONFIRM, STARTS, null, false)).verdict())
        .isInstanceOf(Verdict.Confirmed.class);
    assertThat(rules.judge(NONE, noDeadlines, new Answer("r-2", Intent.CANCEL, STARTS.plusMillis(1), null, false))
        .verdict()).isEqualTo(new Verdict.TooLate(STARTS));
  }

  @Test
  void a_too_late_answer_names_the_deadline_it_missed() {
    Outcome outcome = rules.judge(NONE, facts(HisStatus.BOOKED),
        new Answer("r-1", Intent.CONFIRM, BETWEEN, STARTS_LOCAL, false));

    assertThat(outcome.verdict()).isEqualTo(new Verdict.TooLate(CONFIRM_UNTIL));
  }

  @Test
  void an_answer_about_a_former_time_decides_nothing_and_gets_the_answer_naming_the_current_time() {
    LocalDateTime former = STARTS_LOCAL.minusDays(1);

    Outcome outcome = rules.judge(NONE, facts(HisStatus.BOOKED),
        new Answer("r-1", Intent.CANCEL, BEFORE_BOTH, former, false));

    assertThat(outcome.verdict()).isEqualTo(new Verdict.AboutFormerTime(former, STARTS_LOCAL));
    assertThat(outcome.decision()).contains(DecisionKind.OTHER);
    assertThat(outcome.writeback()).isEmpty();
    assertThat(outcome.answer()).contains(MessageTemplate.RESCHEDULED_ANSWER);
    assertThat(outcome.next().decision()).isEqualTo(Standing.NONE);
  }

  @Test
  void a_repeat_on_the_answer_page_gets_no_message_because_the_page_shows_the_decision() {
    Outcome outcome = rules.judge(CONFIRMED, facts(HisStatus.CONFIRMED),
        new Answer("r-1", Intent.CONFIRM, BEFORE_BOTH, STARTS_LOCAL, true));

    assertThat(outcome.verdict()).isEqualTo(new Verdict.Repeated(Standing.CONFIRMED));
    assertThat(outcome.decision()).isEmpty();
    assertThat(outcome.answer()).isEmpty();
  }

  @Test
  void the_same_answer_delivered_twice_is_judged_once() {
    Answer answer = new Answer("SM123", Intent.CANCEL, BEFORE_BOTH, STARTS_LOCAL, false);
    Outcome first = rules.judge(NONE, facts(HisStatus.BOOKED), answer);

    Outcome again = rules.judge(first.next(), facts(HisStatus.BOOKED), answer);

    assertThat(first.decision()).contains(DecisionKind.CANCELLED_BY_PATIENT);
    assertThat(again.verdict()).isInstanceOf(Verdict.Redelivered.class);
    assertThat(again.decision()).isEmpty();
    assertThat(again.writeback()).isEmpty();
    assertThat(again.answer()).isEmpty();
    assertThat(again.next()).isEqualTo(first.next());
  }

  @Test
  void only_the_last_answer_ids_are_remembered() {
    AnswerState state = NONE;
    for (int i = 0; i < AnswerState.REMEMBERED_RESPONSES + 5; i++) {
      state = rules.judge(state, facts(HisStatus.BOOKED),
          new Answer("r-" + i, Intent.CONFIRM, BEFORE_BOTH, STARTS_LOCAL, false)).next();
    }

    assertThat(state.recentResponseIds()).hasSize(AnswerState.REMEMBERED_RESPONSES)
        .contains("r-" + (AnswerState.REMEMBERED_RESPONSES + 4)).doesNotContain("r-0");
  }

  static AppointmentFacts facts(HisStatus status) {
    return new AppointmentFacts(status, STARTS_LOCAL, STARTS, CONFIRM_UNTIL, CANCEL_UNTIL);
  }
}
