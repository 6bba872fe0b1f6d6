package org.contactability.response.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CorrelatorTest {

  static final Instant NOW = Instant.parse("2026-05-02T15:00:00Z");
  final Correlator correlator = new Correlator(Duration.ofHours(2), Duration.ofDays(7));

  @Test
  void an_answer_goes_to_the_only_open_question() {
    AskedQuestion reminder = appointment("req-a", "a1", NOW.minusSeconds(3600), NOW.plusSeconds(86_400));

    Match match = correlator.correlate(List.of(reminder), Reply.YES, NOW);

    assertThat(match).isEqualTo(new Match.Correlated(reminder, Match.Method.ONLY_PENDING, Reply.YES));
    assertThat(((Match.Correlated) match).intent()).isEqualTo(Intent.CONFIRM);
  }

  @Test
  void a_reminder_and_its_sms_fallback_about_one_appointment_are_one_open_question() {
    AskedQuestion whatsapp = appointment("req-wa", "a1", NOW.minus(Duration.ofHours(24)), NOW.plusSeconds(86_400));
    AskedQuestion sms = appointment("req-sms", "a1", NOW.minus(Duration.ofMinutes(30)), NOW.plusSeconds(86_400));

    Match match = correlator.correlate(List.of(whatsapp, sms), new Reply.Number(2), NOW);

    assertThat(match).isEqualTo(new Match.Correlated(sms, Match.Method.ONLY_PENDING, new Reply.Number(2)));
    assertThat(((Match.Correlated) match).intent()).isEqualTo(Intent.CANCEL);
  }

  @Test
  void with_several_open_questions_asked_apart_the_answer_goes_to_the_latest_notified() {
    AskedQuestion older = appointment("req-a", "a1", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
    AskedQuestion latest = appointment("req-b", "a2", NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofDays(3)));

    Match match = correlator.correlate(List.of(latest, older), new Reply.Number(1), NOW);

    assertThat(match).isEqualTo(new Match.Correlated(latest, Match.Method.LATEST_NOTIFIED, new Reply.Number(1)));
  }

  @Test
  void with_several_open_questions_asked_together_the_patient_is_asked_which() {
    AskedQuestion first = appointment("req-a", "a1", NOW.minusSeconds(600), NOW.plus(Duration.ofDays(2)),
        NOW.plus(Duration.ofDays(9)));
    AskedQuestion second = appointment("req-b", "a2", NOW.minusSeconds(590), NOW.plus(Duration.ofDays(2)),
        NOW.plus(Duration.ofDays(5)));
    AskedQuestion third = appointment("req-c", "a3", NOW.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(2)),
        NOW.plus(Duration.ofDays(7)));

    Match match = correlator.correlate(List.of(first, second, third), Reply.YES, NOW);

    assertThat(match).isEqualTo(new Match.Ambiguous(List.of(second, third, first), Reply.YES));
  }

  @Test
  void an_unrecognised_text_with_questions_asked_together_goes_to_the_latest_for_the_help_answer() {
    AskedQuestion first = appointment("req-a", "a1", NOW.minusSeconds(600), NOW.plus(Duration.ofDays(2)));
    AskedQuestion second = appointment("req-b", "a2", NOW.minusSeconds(590), NOW.plus(Duration.ofDays(2)));

    Match match = correlator.correlate(List.of(first, second), Reply.UNRECOGNISED, NOW);

    assertThat(match).isEqualTo(new Match.Correlated(second, Match.Method.LATEST_NOTIFIED, Reply.UNRECOGNISED));
  }

  @Test
  void a_number_after_a_which_question_picks_that_option_with_the_answer_that_waited() {
    AskedQuestion first = appointment("req-a", "a1", NOW.minusSeconds(900), NOW.plus(Duration.ofDays(2)));
    AskedQuestion second = appointment("req-b", "a2", NOW.minusSeconds(890), NOW.plus(Duration.ofDays(2)));
    AskedQuestion which = new AskedQuestion("req-w", QuestionKind.WHICH_APPOINTMENT, "sender:+56911111111",
        NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), null, List.of("req-b", "req-a"), Reply.NO);

    Match match = correlator.correlate(List.of(first, second, which), new Reply.Number(2), NOW);

    assertThat(match).isEqualTo(new Match.Correlated(first, Match.Method.PATIENT_CHOICE, Reply.NO));
    assertThat(((Match.Correlated) match).intent()).isEqualTo(Intent.CANCEL);
  }

  @Test
  void a_number_beyond_the_options_of_a_which_question_is_read_as_a_plain_answer() {
    AskedQuestion first = appointment("req-a", "a1", NOW.minusSeconds(900), NOW.plus(Duration.ofDays(2)));
    AskedQuestion which = new AskedQuestion("req-w", QuestionKind.WHICH_APPOINTMENT, "sender:+56911111111",
        NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), null, List.of("req-a"), Reply.YES);

    Match match = correlator.correlate(List.of(first, which), new Reply.Number(2), NOW);

    assertThat(match).isEqualTo(new Match.Correlated(first, Match.Method.ONLY_PENDING, new Reply.Number(2)));
  }

  @Test
  void the_same_digit_means_accept_after_an_offer_and_still_needed_after_a_purge_question() {
    AskedQuestion offer = AskedQuestion.of("req-o", QuestionKind.OFFER, "offer:o1", NOW.minusSeconds(60),
        NOW.plusSeconds(3600), null);
    AskedQuestion purge = AskedQuestion.of("req-p", QuestionKind.STILL_NEEDED, "entry:e1", NOW.minusSeconds(60),
        NOW.plusSeconds(3600), null);

    assertThat(((Match.Correlated) correlator.correlate(List.of(offer), new Reply.Number(1), NOW)).intent())
        .isEqualTo(Intent.ACCEPT_OFFER);
    assertThat(((Match.Correlated) correlator.correlate(List.of(offer), Reply.NO, NOW)).intent())
        .isEqualTo(Intent.DECLINE_OFFER);
    assertThat(((Match.Correlated) correlator.correlate(List.of(purge), Reply.YES, NOW)).intent())
        .isEqualTo(Intent.STILL_NEEDED);
    assertThat(((Match.Correlated) correlator.correlate(List.of(purge), new Reply.Number(2), NOW)).intent())
        .isEqualTo(Intent.NOT_NEEDED);
  }

  @Test
  void a_button_without_its_message_goes_only_to_questions_it_can_answer() {
    AskedQuestion reminder = appointment("req-a", "a1", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
    AskedQuestion offer = AskedQuestion.of("req-o", QuestionKind.OFFER, "offer:o1", NOW.minusSeconds(60),
        NOW.plusSeconds(3600), null);

    Match match = correlator.correlate(List.of(reminder, offer), new Reply.Explicit(Intent.CONFIRM), NOW);

    assertThat(match).isEqualTo(
        new Match.Correlated(reminder, Match.Method.ONLY_PENDING, new Reply.Explicit(Intent.CONFIRM)));
  }

  @Test
  void a_late_answer_goes_to_the_question_whose_window_closed_lately_so_that_it_is_judged_too_late() {
    AskedQuestion closed = appointment("req-a", "a1", NOW.minus(Duration.ofDays(4)), NOW.minus(Duration.ofDays(1)));

    Match match = correlator.correlate(List.of(closed), Reply.YES, NOW);

    assertThat(match).isEqualTo(new Match.Correlated(closed, Match.Method.ONLY_PENDING, Reply.YES));
  }

  @Test
  void questions_closed_long_ago_or_never_asked_leave_the_answer_unmatched() {
    AskedQuestion old = appointment("req-a", "a1", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(8)));
    AskedQuestion future = appointment("req-b", "a2", NOW.plusSeconds(60), NOW.plus(Duration.ofDays(8)));

    assertThat(correlator.correlate(List.of(old, future), Reply.YES, NOW)).isEqualTo(new Match.Unmatched(Reply.YES));
    assertThat(correlator.correlate(List.of(), Reply.YES, NOW)).isEqualTo(new Match.Unmatched(Reply.YES));
  }

  @Test
  void an_opt_out_or_a_thank_you_needs_no_question() {
    AskedQuestion reminder = appointment("req-a", "a1", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(2)));

    assertThat(correlator.correlate(List.of(reminder), Reply.OPT_OUT, NOW)).isEqualTo(new Match.Unmatched(Reply.OPT_OUT));
    assertThat(correlator.correlate(List.of(reminder), Reply.COURTESY, NOW))
        .isEqualTo(new Match.Unmatched(Reply.COURTESY));
  }

  static AskedQuestion appointment(String requestId, String appointmentId, Instant askedAt, Instant respondBy) {
    return appointment(requestId, appointmentId, askedAt, respondBy, null);
  }

  static AskedQuestion appointment(String requestId, String appointmentId, Instant askedAt, Instant respondBy,
      Instant about) {
    return AskedQuestion.of(requestId, QuestionKind.APPOINTMENT, "appointment:" + appointmentId, askedAt, respondBy,
        about);
  }
}
