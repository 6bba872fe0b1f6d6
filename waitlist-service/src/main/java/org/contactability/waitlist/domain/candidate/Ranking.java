package org.contactability.waitlist.domain.candidate;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.contactability.waitlist.domain.offer.Slot;

/**
 * Who may be offered a freed slot, and in which order: the waiting-list ranking of one hospital,
 * a pure function of the slot, the entries and the policy.
 */
public final class Ranking {

  private final RankingPolicy policy;
  private final Comparator<Candidate> order;

  public Ranking(RankingPolicy policy) {
    this.policy = policy;
    Comparator<Candidate> comparator = (a, b) -> 0;
    for (RankingCriterion criterion : policy.order()) {
      comparator = comparator.thenComparing(comparatorFor(criterion));
    }
    this.order = comparator.thenComparing(Candidate::entryId);
  }

  /**
   * The eligible candidates, best first.
   *
   * @param excludedEntryIds entries already offered this slot
   */
  public List<Candidate> rank(Slot slot, Collection<Candidate> pool, Set<String> excludedEntryIds) {
    return pool.stream()
        .filter(candidate -> exclusion(slot, candidate, excludedEntryIds).isEmpty())
        .sorted(order)
        .toList();
  }

  /** Why {@code candidate} may not be offered {@code slot}; empty when it may. */
  public Optional<String> exclusion(Slot slot, Candidate candidate, Set<String> excludedEntryIds) {
    if (!candidate.waiting()) {
      return Optional.of("entry no longer waiting");
    }
    if (excludedEntryIds.contains(candidate.entryId())) {
      return Optional.of("already offered this slot");
    }
    if (!same(candidate.hospitalCode(), slot.hospitalCode())) {
      return Optional.of("other hospital");
    }
    if (!same(candidate.specialty(), slot.specialty())) {
      return Optional.of("other specialty");
    }
    if (candidate.patientId().equals(slot.freedByPatientId())) {
      return Optional.of("the patient who gave the slot up");
    }
    if (policy.sameProfessional() && candidate.professionalId() != null
        && !candidate.professionalId().equals(slot.professionalId())) {
      return Optional.of("referral names another professional");
    }
    if (policy.sameSite() && candidate.siteId() != null && !candidate.siteId().equals(slot.siteId())) {
      return Optional.of("referral names another site");
    }
    if (policy.sameAppointmentType() && !same(candidate.appointmentType(), slot.appointmentType())) {
      return Optional.of("waits for another kind of appointment");
    }
    if (candidate.contact() == null || candidate.contact().reach(policy.channels()).isEmpty()) {
      return Optional.of("unreachable on " + policy.channels());
    }
    return Optional.empty();
  }

  private static boolean same(String a, String b) {
    return a != null && b != null && a.strip().equalsIgnoreCase(b.strip());
  }

  private static Comparator<Candidate> comparatorFor(RankingCriterion criterion) {
    return switch (criterion) {
      // GES entries before the rest; among them the nearest deadline, undated ones last.
      case GES_DEADLINE -> Comparator.comparing((Candidate c) -> !c.ges())
          .thenComparing(c -> c.ges() ? c.gesDeadline() : null, Comparator.nullsLast(Comparator.<LocalDate>naturalOrder()));
      case CLINICAL_PRIORITY -> Comparator.comparingInt(Candidate::clinicalPriority);
      case TIME_WAITED -> Comparator.comparing(Candidate::enteredOn, Comparator.nullsLast(Comparator.<LocalDate>naturalOrder()));
    };
  }
}
