package org.contactability.waitlist.domain.offer;

import java.util.List;
import java.util.Set;

import org.contactability.waitlist.domain.candidate.Candidate;

/** The ranked, eligible waiting-list candidates for a slot, as known now. */
@FunctionalInterface
public interface CandidateSource {

  /** At most {@code limit} candidates, best first, none of {@code excludedEntryIds}. */
  List<Candidate> next(Slot slot, Set<String> excludedEntryIds, int limit);
}
