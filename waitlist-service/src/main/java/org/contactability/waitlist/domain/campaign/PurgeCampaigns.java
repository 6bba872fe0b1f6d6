package org.contactability.waitlist.domain.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.contactability.waitlist.domain.campaign.MemberEffect.Acknowledge;
import org.contactability.waitlist.domain.campaign.MemberEffect.Ask;
import org.contactability.waitlist.domain.campaign.MemberEffect.Withdraw;
import org.contactability.waitlist.domain.campaign.MemberOutcome.Changed;
import org.contactability.waitlist.domain.campaign.MemberOutcome.Unchanged;
import org.contactability.waitlist.domain.candidate.Candidate;
import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.candidate.Recipient;

/**
 * Where a waiting list is purged: the rules of a campaign and of each of its members. The caller
 * keeps members and campaigns in stores and applies one input at a time per campaign; every member
 * change is counted on the campaign through {@link #count}.
 */
public final class PurgeCampaigns {

  private final Pacer pacer;
  private final List<ContactChannel> channels;

  public PurgeCampaigns(Pacer pacer, List<ContactChannel> channels) {
    this.pacer = pacer;
    this.channels = List.copyOf(channels);
  }

  /** A new campaign with no member yet; add them with {@link #enrol}. */
  public Campaign start(CampaignSpec spec, Instant now) {
    return new Campaign(spec, CampaignStatus.SENDING, CampaignCounts.none(), pacer.start(now), null, null, now, now,
        null);
  }

  /** The member {@code candidate} becomes, or empty when the campaign does not cover it. */
  public Optional<CampaignMember> enrol(CampaignSpec spec, Candidate candidate) {
    if (!spec.includes(candidate)) {
      return Optional.empty();
    }
    Optional<Recipient> recipient = candidate.contact() == null ? Optional.empty()
        : candidate.contact().reach(channels);
    return Optional.of(new CampaignMember(spec.campaignId(), candidate.entryId(), candidate.patientId(),
        candidate.specialty(), recipient.orElse(null), recipient.isPresent() ? MemberStatus.QUEUED : MemberStatus.UNDELIVERABLE, null, null));
  }

  /** Counts a new member on the campaign. */
  public Campaign counted(Campaign campaign, CampaignMember member, Instant now) {
    return campaign.counting(campaign.counts().add(member.status()), now);
  }

  /** Counts a member's change on the campaign. */
  public Campaign count(Campaign campaign, Changed change, Instant now) {
    return campaign.counting(campaign.counts().move(change.before().status(), change.member().status()), now);
  }

  /** How many questions may go out now, and the campaign with its bucket drained by that many. */
  public Pacer.Grant allowance(Campaign campaign, Instant now) {
    return pacer.take(campaign.pacer(), now, campaign.counts().of(MemberStatus.QUEUED));
  }

  public Campaign paced(Campaign campaign, Pacer.State state) {
    return campaign.pacedTo(state);
  }

  public Campaign askedThrough(Campaign campaign, String entryId) {
    return campaign.askedThrough(entryId);
  }

  public Campaign lapsedThrough(Campaign campaign, String entryId) {
    return campaign.lapsedThrough(entryId);
  }

  public MemberOutcome ask(Campaign campaign, CampaignMember member, Instant now) {
    if (member.status() != MemberStatus.QUEUED) {
      return new Unchanged("entry is " + member.status() + ", not queued");
    }
    CampaignMember asked = member.asked(now, now.plus(campaign.spec().answerWindow()));
    return new Changed(member, asked, List.of(new Ask(asked)));
  }

  /**
   * The patient answered. An answer after the window still counts (it is better news than none);
   * a patient who said "still needed" and then "not needed" is withdrawn; the reverse cannot undo
   * a withdrawal already sent.
   */
  public MemberOutcome answer(CampaignMember member, boolean stillNeeded) {
    MemberStatus status = member.status();
    boolean answerable = status == MemberStatus.ASKED || status == MemberStatus.NO_ANSWER
        || (status == MemberStatus.STILL_NEEDED && !stillNeeded);
    if (!answerable) {
      return new Unchanged("answer " + (stillNeeded ? "STILL_NEEDED" : "NOT_NEEDED") + " to an entry that is " + status);
    }
    if (stillNeeded) {
      CampaignMember kept = member.with(MemberStatus.STILL_NEEDED);
      return new Changed(member, kept, List.of(new Acknowledge(kept, true)));
    }
    CampaignMember leaving = member.with(MemberStatus.WITHDRAWING);
    return new Changed(member, leaving, List.of(new Withdraw(leaving), new Acknowledge(leaving, false)));
  }

  /** The question could not be delivered. */
  public MemberOutcome undeliverable(CampaignMember member) {
    if (member.status() != MemberStatus.ASKED) {
      return new Unchanged("delivery failure for an entry that is " + member.status());
    }
    return new Changed(member, member.with(MemberStatus.UNDELIVERABLE), List.of());
  }

  /** The HIS applied (or refused) the withdrawal. */
  public MemberOutcome withdrawal(CampaignMember member, boolean applied) {
    if (member.status() != MemberStatus.WITHDRAWING) {
      return new Unchanged("withdrawal result for an entry that is " + member.status());
    }
    return new Changed(member, member.with(applied ? MemberStatus.WITHDRAWN : MemberStatus.WITHDRAWAL_REFUSED),
        List.of());
  }

  /** The answer window closed without an answer. */
  public MemberOutcome lapse(CampaignMember member, Instant now) {
    if (member.status() != MemberStatus.ASKED) {
      return new Unchanged("entry is " + member.status());
    }
    if (now.isBefore(member.answerBy())) {
      return new Unchanged("window open until " + member.answerBy());
    }
    return new Changed(member, member.with(MemberStatus.NO_ANSWER), List.of());
  }
}
