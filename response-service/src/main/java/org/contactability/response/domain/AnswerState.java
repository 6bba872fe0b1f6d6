package org.contactability.response.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the patient has decided about one appointment, as judged so far.
 *
 * @param decision          the standing decision
 * @param decidedFor        the start time it was decided for: after a reschedule the patient decides afresh
 * @param decidedAt         when it was decided
 * @param recentResponseIds the last answers judged, so that a redelivered answer is recognised and ignored
 */
public record AnswerState(Standing decision, LocalDateTime decidedFor, Instant decidedAt,
    List<String> recentResponseIds) {

  /** How many answer ids are remembered against redelivery. */
  public static final int REMEMBERED_RESPONSES = 20;

  public static final AnswerState NONE = new AnswerState(Standing.NONE, null, null, List.of());

  public AnswerState {
    Objects.requireNonNull(decision, "decision");
    recentResponseIds = recentResponseIds == null ? List.of() : List.copyOf(recentResponseIds);
  }

  /** The decision in force for an appointment that now starts at {@code startsAtLocal}. */
  public Standing standingFor(LocalDateTime startsAtLocal) {
    return decision != Standing.NONE && startsAtLocal.equals(decidedFor) ? decision : Standing.NONE;
  }

  public boolean hasSeen(String responseId) {
    return recentResponseIds.contains(responseId);
  }

  AnswerState remembering(String responseId) {
    List<String> ids = new ArrayList<>(recentResponseIds);
    ids.add(responseId);
    while (ids.size() > REMEMBERED_RESPONSES) {
      ids.remove(0);
    }
    return new AnswerState(decision, decidedFor, decidedAt, ids);
  }

  AnswerState deciding(Standing standing, LocalDateTime startsAtLocal, Instant at) {
    return new AnswerState(standing, startsAtLocal, at, recentResponseIds);
  }

  /** A patient's standing decision about an appointment. */
  public enum Standing {
    NONE, CONFIRMED, CANCELLED
  }
}
