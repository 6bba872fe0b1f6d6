package org.contactability.waitlist.adapters.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.waitlist.adapters.kafka.state.CampaignMemberRecord;
import org.contactability.waitlist.adapters.kafka.state.CampaignRecord;
import org.contactability.waitlist.application.HospitalInfo;
import org.contactability.waitlist.domain.campaign.Campaign;
import org.contactability.waitlist.domain.campaign.CampaignMember;
import org.contactability.waitlist.domain.campaign.CampaignSpec;
import org.contactability.waitlist.domain.campaign.CampaignStatus;
import org.contactability.waitlist.domain.campaign.MemberEffect;
import org.contactability.waitlist.domain.campaign.MemberOutcome;
import org.contactability.waitlist.domain.campaign.MemberStatus;
import org.contactability.waitlist.domain.campaign.Pacer;
import org.contactability.waitlist.domain.campaign.PurgeCampaigns;
import org.contactability.waitlist.domain.candidate.Candidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;

/**
 * Runs purge campaigns: enrols a campaign's WAITING entries when it starts, sends questions at the
 * campaign's pace on every tick of the wall-clock punctuator (reading the injected clock), applies
 * answers, delivery failures and withdrawal results, closes answer windows, and publishes the
 * campaign's progress whenever its counts change.
 */
final class CampaignProcessor implements Processor<String, CampaignCommand, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(CampaignProcessor.class);

  private final TopologySettings settings;
  private final PurgeCampaigns rules;
  private final Outbound outbound;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, CampaignRecord> campaigns;
  private KeyValueStore<String, CampaignMemberRecord> members;
  private WaitlistDirectory directory;

  CampaignProcessor(TopologySettings settings) {
    this.settings = settings;
    this.rules = new PurgeCampaigns(settings.campaigns().pacer(), settings.campaigns().channels());
    this.outbound = new Outbound(settings.tokens());
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.campaigns = context.getStateStore(WaitlistStores.CAMPAIGNS);
    this.members = context.getStateStore(WaitlistStores.CAMPAIGN_MEMBERS);
    this.directory = new WaitlistDirectory(context.getStateStore(WaitlistStores.WAITLIST),
        context.getStateStore(WaitlistStores.PATIENTS));
    context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, unused -> punctuate());
  }

  @Override
  public void process(Record<String, CampaignCommand> record) {
    Instant now = settings.clock().instant();
    CampaignCommand command = record.value();
    if (command instanceof CampaignCommand.Start start) {
      start(start.spec(), now);
    } else if (command instanceof CampaignCommand.Answer answer) {
      change(answer.campaignId(), answer.entryId(), m -> rules.answer(m, answer.stillNeeded()), now);
    } else if (command instanceof CampaignCommand.Undeliverable failed) {
      change(failed.campaignId(), failed.entryId(), rules::undeliverable, now);
    } else if (command instanceof CampaignCommand.WithdrawalResult result) {
      if (!result.applied()) {
        log.info("HIS refused to withdraw entry {} of campaign {}: {}", result.entryId(), result.campaignId(),
            result.reason());
      }
      change(result.campaignId(), result.entryId(), m -> rules.withdrawal(m, result.applied()), now);
    }
  }

  private void start(CampaignSpec spec, Instant now) {
    if (campaigns.get(spec.campaignId()) != null) {
      log.debug("Campaign {} already started; repeated request ignored", spec.campaignId());
      return;
    }
    Campaign campaign = rules.start(spec, now);
    for (Candidate candidate : directory.candidates(spec.hospitalCode(), spec.specialty())) {
      var member = rules.enrol(spec, candidate);
      if (member.isPresent()) {
        members.put(WaitlistStores.memberKey(spec.campaignId(), candidate.entryId()), StateMapping.toRecord(member.get()));
        campaign = rules.counted(campaign, member.get(), now);
      }
    }
    log.info("Campaign {} started for hospital {} ({}): {} entries, {} unreachable", spec.campaignId(),
        spec.hospitalCode(), spec.specialty() == null ? "whole list" : spec.specialty(), campaign.counts().total(),
        campaign.counts().of(MemberStatus.UNDELIVERABLE));
    save(campaign, true, now);
  }

  private void change(String campaignId, String entryId, java.util.function.Function<CampaignMember, MemberOutcome> rule,
      Instant now) {
    CampaignMemberRecord stored = members.get(WaitlistStores.memberKey(campaignId, entryId));
    CampaignRecord campaignRecord = campaigns.get(campaignId);
    if (stored == null || campaignRecord == null) {
      throw new UnusableRecordException("campaign " + campaignId + " has no entry " + entryId
          + " (unknown campaign, or finished and forgotten)");
    }
    MemberOutcome outcome = rule.apply(StateMapping.fromRecord(stored));
    if (outcome instanceof MemberOutcome.Changed changed) {
      Campaign campaign = apply(StateMapping.fromRecord(campaignRecord), changed, now);
      save(campaign, true, now);
    } else if (outcome instanceof MemberOutcome.Unchanged unchanged) {
      log.debug("Entry {} of campaign {} unchanged: {}", entryId, campaignId, unchanged.why());
    }
  }

  private Campaign apply(Campaign campaign, MemberOutcome.Changed changed, Instant now) {
    CampaignMember member = changed.member();
    members.put(WaitlistStores.memberKey(member.campaignId(), member.entryId()), StateMapping.toRecord(member));
    String hospitalCode = campaign.spec().hospitalCode();
    HospitalInfo hospital = settings.policies().hospital(hospitalCode);
    long timestamp = recordTimestamp();
    for (MemberEffect effect : changed.effects()) {
      if (effect instanceof MemberEffect.Ask) {
        context.forward(new Record<>(member.entryId(), outbound.question(member, hospitalCode, hospital, now),
            timestamp));
      } else if (effect instanceof MemberEffect.Acknowledge ack) {
        context.forward(new Record<>(member.entryId(),
            outbound.acknowledgement(member, ack.stillNeeded(), hospitalCode, hospital, now), timestamp));
      } else if (effect instanceof MemberEffect.Withdraw) {
        context.forward(new Record<>(member.entryId(), outbound.withdraw(member, now), timestamp));
      }
    }
    Counter.builder("contactability.waitlist.campaign.entries")
        .description("Purge-campaign entries reaching each status")
        .tag("status", member.status().name()).tag("hospital", hospitalCode)
        .register(settings.meters()).increment();
    return rules.count(campaign, changed, now);
  }

  private void punctuate() {
    Instant now = settings.clock().instant();
    List<KeyValue<String, CampaignRecord>> all = new ArrayList<>();
    try (KeyValueIterator<String, CampaignRecord> iterator = campaigns.all()) {
      iterator.forEachRemaining(all::add);
    }
    for (KeyValue<String, CampaignRecord> entry : all) {
      try {
        tick(StateMapping.fromRecord(entry.value), now);
      } catch (RuntimeException e) {
        log.error("Could not advance campaign {}: {}", entry.key, e.toString(), e);
      }
    }
  }

  private void tick(Campaign campaign, Instant now) {
    String id = campaign.spec().campaignId();
    if (campaign.status() == CampaignStatus.COMPLETED) {
      if (!now.isBefore(campaign.completedAt().plus(settings.campaigns().keepCompletedFor()))) {
        forget(id);
      }
      return;
    }
    Campaign before = campaign;
    campaign = askNext(campaign, now);
    campaign = closeWindows(campaign, now);
    if (!campaign.equals(before)) {
      boolean counted = !campaign.counts().equals(before.counts()) || campaign.status() != before.status();
      save(campaign, counted, now);
      if (campaign.status() == CampaignStatus.COMPLETED) {
        log.info("Campaign {} completed: {} entries, {} still needed, {} withdrawn, {} without answer, {} undeliverable",
            id, campaign.counts().total(), campaign.counts().of(MemberStatus.STILL_NEEDED),
            campaign.counts().of(MemberStatus.WITHDRAWN), campaign.counts().of(MemberStatus.NO_ANSWER),
            campaign.counts().of(MemberStatus.UNDELIVERABLE));
      }
    }
  }

  /** Sends as many queued questions as the pace allows, in entry-id order after the cursor. */
  private Campaign askNext(Campaign campaign, Instant now) {
    Pacer.Grant grant = rules.allowance(campaign, now);
    if (grant.granted() == 0) {
      return campaign;
    }
    String id = campaign.spec().campaignId();
    List<CampaignMember> toAsk = new ArrayList<>();
    String cursor = campaign.askedThrough();
    try (KeyValueIterator<String, CampaignMemberRecord> range = members.range(after(id, cursor),
        WaitlistStores.memberKey(id, String.valueOf(WaitlistStores.END)))) {
      while (range.hasNext() && toAsk.size() < grant.granted()) {
        CampaignMember member = StateMapping.fromRecord(range.next().value);
        cursor = member.entryId();
        if (member.status() == MemberStatus.QUEUED) {
          toAsk.add(member);
        }
      }
    }
    for (CampaignMember member : toAsk) {
      if (rules.ask(campaign, member, now) instanceof MemberOutcome.Changed changed) {
        campaign = apply(campaign, changed, now);
      }
    }
    return rules.askedThrough(rules.paced(campaign, grant.next()), cursor);
  }

  /** Members are asked in entry-id order, so their windows close in that order: stop at the first open one. */
  private Campaign closeWindows(Campaign campaign, Instant now) {
    String id = campaign.spec().campaignId();
    List<CampaignMember> lapsed = new ArrayList<>();
    String cursor = campaign.lapsedThrough();
    try (KeyValueIterator<String, CampaignMemberRecord> range = members.range(after(id, cursor),
        WaitlistStores.memberKey(id, String.valueOf(WaitlistStores.END)))) {
      while (range.hasNext()) {
        CampaignMember member = StateMapping.fromRecord(range.next().value);
        if (member.status() == MemberStatus.QUEUED
            || (member.status() == MemberStatus.ASKED && now.isBefore(member.answerBy()))) {
          break;
        }
        if (member.status() == MemberStatus.ASKED) {
          lapsed.add(member);
        }
        cursor = member.entryId();
      }
    }
    for (CampaignMember member : lapsed) {
      if (rules.lapse(member, now) instanceof MemberOutcome.Changed changed) {
        campaign = apply(campaign, changed, now);
      }
    }
    return rules.lapsedThrough(campaign, cursor);
  }

  private void save(Campaign campaign, boolean publish, Instant now) {
    campaigns.put(campaign.spec().campaignId(), StateMapping.toRecord(campaign));
    if (publish) {
      context.forward(new Record<>(campaign.spec().campaignId(), Outbound.progress(campaign), recordTimestamp()));
    }
  }

  private void forget(String campaignId) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, CampaignMemberRecord> range = members.range(WaitlistStores.memberKey(campaignId, ""),
        WaitlistStores.memberKey(campaignId, String.valueOf(WaitlistStores.END)))) {
      range.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(members::delete);
    campaigns.delete(campaignId);
    log.info("Campaign {} forgotten ({} entries); its last progress stays on the progress topic", campaignId,
        keys.size());
  }

  /** The first member key after {@code entryId} (or the first of the campaign). */
  private static String after(String campaignId, String entryId) {
    return entryId == null ? WaitlistStores.memberKey(campaignId, "") : WaitlistStores.memberKey(campaignId, entryId) + '\u0000';
  }

  /**
   * Kafka timestamps of what this processor writes: the stream's wall clock, not the business
   * clock. Brokers refuse records stamped more than an hour ahead of their own time
   * ({@code log.message.timestamp.after.max.ms}), and the platform's clock may be days ahead.
   */
  private long recordTimestamp() {
    return context.currentSystemTimeMs();
  }
}
