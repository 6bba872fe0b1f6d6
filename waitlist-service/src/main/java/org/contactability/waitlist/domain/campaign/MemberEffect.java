package org.contactability.waitlist.domain.campaign;

/** What must be sent after a campaign member changed. */
public sealed interface MemberEffect {

  /** Send "still-needed-question" (answer link valid until {@code member.answerBy()}). */
  record Ask(CampaignMember member) implements MemberEffect {
  }

  /** Send "still-needed-answer", acknowledging what the patient said. */
  record Acknowledge(CampaignMember member, boolean stillNeeded) implements MemberEffect {
  }

  /** Ask the HIS to take the entry off the list. */
  record Withdraw(CampaignMember member) implements MemberEffect {
  }
}
