package org.contactability.waitlist.domain.campaign;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many entries of a campaign are in each status (they add up to the total), and how many
 * questions were sent.
 */
public record CampaignCounts(Map<MemberStatus, Integer> byStatus, int asked) {

  public CampaignCounts {
    EnumMap<MemberStatus, Integer> copy = new EnumMap<>(MemberStatus.class);
    for (MemberStatus status : MemberStatus.values()) {
      copy.put(status, byStatus.getOrDefault(status, 0));
    }
    byStatus = Map.copyOf(copy);
  }

  public static CampaignCounts none() {
    return new CampaignCounts(Map.of(), 0);
  }

  public int of(MemberStatus status) {
    return byStatus.get(status);
  }

  public int total() {
    return byStatus.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Whether every entry has an outcome. */
  public boolean settled() {
    return byStatus.entrySet().stream().noneMatch(e -> e.getKey().open() && e.getValue() > 0);
  }

  CampaignCounts add(MemberStatus status) {
    Map<MemberStatus, Integer> copy = new EnumMap<>(byStatus);
    copy.merge(status, 1, Integer::sum);
    return new CampaignCounts(copy, asked);
  }

  CampaignCounts move(MemberStatus from, MemberStatus to) {
    if (from == to) {
      return this;
    }
    Map<MemberStatus, Integer> copy = new EnumMap<>(byStatus);
    if (copy.get(from) <= 0) {
      throw new IllegalStateException("no " + from + " entry to move to " + to);
    }
    copy.merge(from, -1, Integer::sum);
    copy.merge(to, 1, Integer::sum);
    return new CampaignCounts(copy, asked + (from == MemberStatus.QUEUED && to == MemberStatus.ASKED ? 1 : 0));
  }
}
