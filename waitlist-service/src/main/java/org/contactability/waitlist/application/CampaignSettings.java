package org.contactability.waitlist.application;

import java.time.Duration;
import java.util.List;

import org.contactability.waitlist.domain.campaign.Pacer;
import org.contactability.waitlist.domain.candidate.ContactChannel;

/**
 * How purge campaigns run.
 *
 * @param pacer            questions per second and burst, per campaign
 * @param channels         channels questions go on, preferred first
 * @param keepCompletedFor how long a completed campaign's members are kept for late answers
 */
public record CampaignSettings(Pacer pacer, List<ContactChannel> channels, Duration keepCompletedFor) {

  public CampaignSettings {
    channels = List.copyOf(channels);
  }
}
