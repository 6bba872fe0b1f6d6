package org.contactability.waitlist.domain.campaign;

import java.util.List;

/** The result of applying something to a campaign member. */
public sealed interface MemberOutcome {

  record Changed(CampaignMember before, CampaignMember member, List<MemberEffect> effects) implements MemberOutcome {
    public Changed {
      effects = List.copyOf(effects);
    }
  }

  /** Nothing to do (repeated answer, stale status); {@code why} is for the log. */
  record Unchanged(String why) implements MemberOutcome {
  }
}
