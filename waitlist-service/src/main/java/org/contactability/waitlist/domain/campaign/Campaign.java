package org.contactability.waitlist.domain.campaign;

import java.time.Instant;

/**
 * A purge campaign's own state: its counts, its pacing bucket and two cursors over its members
 * (kept in entry-id order): the last one asked, and the last one whose window was checked. Members
 * are asked in entry-id order, so their windows close in that order too and both cursors only move
 * forward.
 */
public record Campaign(
    CampaignSpec spec,
    CampaignStatus status,
    CampaignCounts counts,
    Pacer.State pacer,
    String askedThrough,
    String lapsedThrough,
    Instant startedAt,
    Instant updatedAt,
    Instant completedAt) {

  Campaign counting(CampaignCounts newCounts, Instant now) {
    return new Campaign(spec, status, newCounts, pacer, askedThrough, lapsedThrough, startedAt, now, completedAt)
        .settle(now);
  }

  Campaign pacedTo(Pacer.State newPacer) {
    return new Campaign(spec, status, counts, newPacer, askedThrough, lapsedThrough, startedAt, updatedAt,
        completedAt);
  }

  Campaign askedThrough(String entryId) {
    return new Campaign(spec, status, counts, pacer, entryId, lapsedThrough, startedAt, updatedAt, completedAt);
  }

  Campaign lapsedThrough(String entryId) {
    return new Campaign(spec, status, counts, pacer, askedThrough, entryId, startedAt, updatedAt, completedAt);
  }

  /** Moves the stage on as the counts allow. */
  Campaign settle(Instant now) {
    CampaignStatus next = counts.settled() ? CampaignStatus.COMPLETED
        : counts.of(MemberStatus.QUEUED) == 0 ? CampaignStatus.AWAITING_ANSWERS : CampaignStatus.SENDING;
    if (next == status) {
      return this;
    }
    Instant completed = next == CampaignStatus.COMPLETED ? (completedAt == null ? now : completedAt) : null;
    return new Campaign(spec, next, counts, pacer, askedThrough, lapsedThrough, startedAt, now, completed);
  }
}
