package org.contactability.response.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.contactability.response.domain.AppointmentFacts.HisStatus;
import org.contactability.response.domain.Outcome.DecisionKind;

/** What must hold for any sequence of answers about one appointment. */
class AnswerRulesPropertiesTest {

  final AnswerRules rules = new AnswerRules();

  @Property
  void after_a_cancellation_no_answer_ever_confirms(@ForAll("answerSequences") List<Answer> answers) {
    List<DecisionKind> decisions = judgeAll(answers);

    int cancelled = decisions.indexOf(DecisionKind.CANCELLED_BY_PATIENT);
    if (cancelled >= 0) {
      assertThat(decisions.subList(cancelled + 1, decisions.size()))
          .doesNotContain(DecisionKind.CONFIRMED, DecisionKind.CANCELLED_BY_PATIENT);
    }
  }

  @Property
  void an_appointment_is_written_back_at_most_once_per_kind(@ForAll("answerSequences") List<Answer> answers) {
    List<DecisionKind> decisions = judgeAll(answers);

    assertThat(decisions.stream().filter(d -> d == DecisionKind.CONFIRMED).count()).isLessThanOrEqualTo(1);
    assertThat(decisions.stream().filter(d -> d == DecisionKind.CANCELLED_BY_PATIENT).count()).isLessThanOrEqualTo(1);
  }

  @Property
  void nothing_is_accepted_after_its_deadline(@ForAll("answerSequences") List<Answer> answers) {
    AnswerState state = AnswerState.NONE;
    AppointmentFacts facts = AnswerRulesTest.facts(HisStatus.BOOKED);
    for (Answer answer : answers) {
      Outcome outcome = rules.judge(state, facts, answer);
      if (outcome.decision().orElse(null) == DecisionKind.CONFIRMED) {
        assertThat(answer.receivedAt()).isBeforeOrEqualTo(facts.confirmDeadline());
      }
      if (outcome.decision().orElse(null) == DecisionKind.CANCELLED_BY_PATIENT) {
        assertThat(answer.receivedAt()).isBeforeOrEqualTo(facts.cancelDeadline());
      }
      state = outcome.next();
    }
  }

  private List<DecisionKind> judgeAll(List<Answer> answers) {
    AnswerState state = AnswerState.NONE;
    List<DecisionKind> decisions = new ArrayList<>();
    for (Answer answer : answers) {
      Outcome outcome = rules.judge(state, AnswerRulesTest.facts(HisStatus.BOOKED), answer);
      outcome.decision().ifPresent(decisions::add);
      state = outcome.next();
    }
    return decisions;
  }

  @Provide
  Arbitrary<List<Answer>> answerSequences() {
    Instant from = AnswerRulesTest.CONFIRM_UNTIL.minusSeconds(7 * 86_400);
    Arbitrary<Answer> answer = Combinators.combine(
        Arbitraries.integers().between(0, 30).map(i -> "r-" + i),
        Arbitraries.of(Intent.CONFIRM, Intent.CANCEL),
        Arbitraries.longs().between(0, 9 * 86_400L).map(from::plusSeconds),
        Arbitraries.of(true, false))
        .as((id, intent, at, page) -> new Answer(id, intent, at, AnswerRulesTest.STARTS_LOCAL, page));
    return answer.list().ofMaxSize(12).map(list -> list.stream()
        .sorted(java.util.Comparator.comparing(Answer::receivedAt)).toList());
  }
}
