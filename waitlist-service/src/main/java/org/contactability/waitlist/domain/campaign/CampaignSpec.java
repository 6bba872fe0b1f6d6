package org.contactability.waitlist.domain.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.contactability.waitlist.domain.candidate.Candidate;

/**
 * What a purge campaign covers: a hospital's waiting list, or one specialty of it.
 *
 * @param specialty    null for the whole list
 * @param answerWindow how long each patient has to answer once asked
 */
public record CampaignSpec(String campaignId, String hospitalCode, String specialty, Duration answerWindow,
    Instant requestedAt) {

  public CampaignSpec {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(hospitalCode, "hospitalCode");
    if (answerWindow.isNegative() || answerWindow.isZero()) {
      throw new IllegalArgumentException("the answer window must be positive, not " + answerWindow);
    }
  }

  /** Whether the campaign asks {@code candidate}: a WAITING entry of the hospital (and specialty). */
  public boolean includes(Candidate candidate) {
    return candidate.waiting()
        && hospitalCode.equalsIgnoreCase(candidate.hospitalCode().strip())
        && (specialty == null || (candidate.specialty() != null
            && specialty.strip().equalsIgnoreCase(candidate.specialty().strip())));
  }
}
