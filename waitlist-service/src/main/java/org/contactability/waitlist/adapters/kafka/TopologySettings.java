package org.contactability.waitlist.adapters.kafka;

import java.time.Clock;
import java.time.Duration;

import org.contactability.common.links.AnswerTokens;
import org.contactability.waitlist.application.CampaignSettings;
import org.contactability.waitlist.application.HospitalPolicies;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the waitlist topology needs besides Kafka: the clock every timer reads, the hospitals'
 * policies, campaign pacing, how often timers run, and where metrics go.
 *
 * @param tick       how often (wall-clock) offers, deadlines and campaign pacing are checked
 * @param partitions partitions of the internal topics that route every event of a slot (or
 *                   campaign) to one task
 */
public record TopologySettings(
    Clock clock,
    HospitalPolicies policies,
    CampaignSettings campaigns,
    Duration tick,
    int partitions,
    AnswerTokens tokens,
    MeterRegistry meters) {
}
