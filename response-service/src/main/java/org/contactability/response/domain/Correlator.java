package org.contactability.response.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ties a free-text answer (an SMS "1", a WhatsApp "sí") to the question it answers, from the
 * questions recently put to the sender's number. Buttons, links and calls name their question and
 * do not come here.
 *
 * <p>With several open questions, the answer goes to the most recently delivered one: each message
 * asks about one appointment and names it, the patient answers the message on top of the thread,
 * and the answer we send back names the appointment again, so a mistake shows at once and the link
 * of the other message still works. Asking "which one?" every time would cost every such patient
 * a round trip that many never complete. The exception is questions delivered close together
 * (within {@code ambiguityWindow}, e.g. the booking notices of several appointments booked at
 * once): then "the latest" means nothing, and the patient is asked which appointment, by number.
 *
 * <p>An answer after every window closed still goes to the latest question whose window closed
 * less than {@code lateAnswerWindow} ago, so that the patient hears it came too late (with the
 * hospital's phone) instead of a puzzling help text.
 */
public final class Correlator {

  /** At most this many options in a which-appointment question (answered by one digit). */
  public static final int MAX_OPTIONS = 9;

  private static final Comparator<AskedQuestion> BY_ASKED_AT = Comparator.comparing(AskedQuestion::askedAt)
      .thenComparing(AskedQuestion::requestId);
  private static final Comparator<AskedQuestion> IN_DATE_ORDER = Comparator
      .comparing(AskedQuestion::about, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(BY_ASKED_AT);

  private final Duration ambiguityWindow;
  private final Duration lateAnswerWindow;

  public Correlator(Duration ambiguityWindow, Duration lateAnswerWindow) {
    this.ambiguityWindow = Objects.requireNonNull(ambiguityWindow);
    this.lateAnswerWindow = Objects.requireNonNull(lateAnswerWindow);
  }

  /**
   * @param asked questions put to the sender's number (any order, any age)
   * @param reply what the sender said
   * @param now   when the answer arrived
   */
  public Match correlate(List<AskedQuestion> asked, Reply reply, Instant now) {
    if (reply instanceof Reply.OptOut || reply instanceof Reply.Courtesy) {
      return new Match.Unmatched(reply);
    }
    List<AskedQuestion> known = asked.stream().filter(q -> !q.askedAt().isAfter(now)).toList();

    Optional<Match> choice = choiceAfterWhichQuestion(known, reply, now);
    if (choice.isPresent()) {
      return choice.get();
    }

    List<AskedQuestion> latestPerSubject = known.stream()
        .filter(q -> q.kind() != QuestionKind.WHICH_APPOINTMENT)
        .filter(q -> !(reply instanceof Reply.Explicit explicit) || q.kind().accepts(explicit.intent()))
        .collect(Collectors.toMap(AskedQuestion::subject, Function.identity(),
            (a, b) -> BY_ASKED_AT.compare(a, b) >= 0 ? a : b))
        .values().stream().toList();

    List<AskedQuestion> open = latestPerSubject.stream().filter(q -> q.isOpenAt(now)).toList();
    if (open.isEmpty()) {
      List<AskedQuestion> late = latestPerSubject.stream()
          .filter(q -> q.respondBy() != null && !q.respondBy().plus(lateAnswerWindow).isBefore(now))
          .toList();
      return late.stream().max(BY_ASKED_AT)
          .<Match>map(q -> new Match.Correlated(q,
              late.size() == 1 ? Match.Method.ONLY_PENDING : Match.Method.LATEST_NOTIFIED, reply))
          .orElseGet(() -> new Match.Unmatched(reply));
    }
    if (open.size() == 1) {
      return new Match.Correlated(open.get(0), Match.Method.ONLY_PENDING, reply);
    }
    AskedQuestion latest = open.stream().max(BY_ASKED_AT).orElseThrow();
    boolean askedTogether = open.stream()
        .anyMatch(q -> q != latest && !q.askedAt().plus(ambiguityWindow).isBefore(latest.askedAt()));
    if (askedTogether && answersAQuestion(reply)) {
      return new Match.Ambiguous(open.stream().sorted(IN_DATE_ORDER).limit(MAX_OPTIONS).toList(), reply);
    }
    return new Match.Correlated(latest, Match.Method.LATEST_NOTIFIED, reply);
  }

  /** "2" right after "which appointment?": the second option, with the answer that waited for it. */
  private static Optional<Match> choiceAfterWhichQuestion(List<AskedQuestion> known, Reply reply, Instant now) {
    Optional<AskedQuestion> latestOpen = known.stream().filter(q -> q.isOpenAt(now)).max(BY_ASKED_AT);
    if (latestOpen.isEmpty() || latestOpen.get().kind() != QuestionKind.WHICH_APPOINTMENT
        || !(reply instanceof Reply.Number number)) {
      return Optional.empty();
    }
    AskedQuestion which = latestOpen.get();
    if (number.value() < 1 || number.value() > which.options().size() || which.pendingReply() == null) {
      return Optional.empty();
    }
    Map<String, AskedQuestion> byRequest = known.stream()
        .collect(Collectors.toMap(AskedQuestion::requestId, Function.identity(), (a, b) -> a));
    return Optional.ofNullable(byRequest.get(which.options().get(number.value() - 1)))
        .map(chosen -> new Match.Correlated(chosen, Match.Method.PATIENT_CHOICE, which.pendingReply()));
  }

  private static boolean answersAQuestion(Reply reply) {
    return reply instanceof Reply.Explicit || Reply.polarity(reply) != null;
  }
}
