package org.contactability.waitlist.domain.candidate;

/** One key of the waiting-list order; a hospital's policy lists them most important first. */
public enum RankingCriterion {
  /** GES-covered entries first, the closest guarantee deadline first (no deadline: after dated ones). */
  GES_DEADLINE,
  /** Clinical priority set by the referring team, 1 (most urgent) first. */
  CLINICAL_PRIORITY,
  /** Longest waiting first (earliest date entered on the list). */
  TIME_WAITED
}
