package org.contactability.waitlist.adapters.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.waitlist.PurgeCampaign;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;
import org.contactability.contracts.waitlist.SlotOfferEvent;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.contactability.waitlist.adapters.kafka.state.CampaignMemberRecord;
import org.contactability.waitlist.adapters.kafka.state.CampaignRecord;
import org.contactability.waitlist.adapters.kafka.state.SlotRecord;

/**
 * The waitlist-service topology, read top to bottom:
 * <ol>
 * <li>global stores of the waiting list, the patients and the campaigns' progress;</li>
 * <li>every input about a slot (a patient's cancellation, an offer's answer, its delivery failure,
 * its booking result) re-keyed by slot id onto internal topics with one partition count, so that
 * every event of one slot reaches one task, then the {@link SlotOfferProcessor};</li>
 * <li>every input about a purge campaign re-keyed by campaign id the same way, then the
 * {@link CampaignProcessor};</li>
 * <li>their output routed by type to waitlist.offers, contact.requests, his.commands and
 * waitlist.campaign.progress.</li>
 * </ol>
 */
public final class WaitlistTopology {

  /** Internal repartition topics and the catalogue topic each copies (for dead letters). */
  public static final Map<String, TopicSpec<?>> REPARTITIONS;

  static {
    Map<String, TopicSpec<?>> repartitions = new LinkedHashMap<>();
    repartitions.put("slot-cancellations", Topics.APPOINTMENT_DECISIONS);
    repartitions.put("slot-answers", Topics.PATIENT_RESPONSES);
    repartitions.put("slot-deliveries", Topics.CONTACT_STATUS);
    repartitions.put("slot-bookings", Topics.HIS_COMMAND_RESULTS);
    repartitions.put("campaign-requests", Topics.WAITLIST_CAMPAIGNS);
    repartitions.put("campaign-answers", Topics.PATIENT_RESPONSES);
    repartitions.put("campaign-deliveries", Topics.CONTACT_STATUS);
    repartitions.put("campaign-withdrawals", Topics.HIS_COMMAND_RESULTS);
    REPARTITIONS = Map.copyOf(repartitions);
  }

  /** Catalogue topics read whole into global stores (for dead letters). */
  public static final List<TopicSpec<?>> GLOBAL_SOURCES = List.of(Topics.HIS_WAITLIST, Topics.HIS_PATIENTS,
      Topics.WAITLIST_CAMPAIGN_PROGRESS);

  private final TopologySettings settings;
  private final TopicNaming naming;
  private final AvroSerdes serdes;
  private final Serde<String> keys = Serdes.String();

  public WaitlistTopology(TopologySettings settings, TopicNaming naming, AvroSerdes serdes) {
    this.settings = settings;
    this.naming = naming;
    this.serdes = serdes;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();

    globalStore(builder, WaitlistStores.WAITLIST, Topics.HIS_WAITLIST, WaitlistStoreUpdater::new);
    globalStore(builder, WaitlistStores.PATIENTS, Topics.HIS_PATIENTS, PatientStoreUpdater::new);
    globalStore(builder, WaitlistStores.CAMPAIGN_PROGRESS, Topics.WAITLIST_CAMPAIGN_PROGRESS, ProgressStoreUpdater::new);

    builder.addStateStore(store(WaitlistStores.SLOTS, serdes.forValues(SlotRecord.class)));
    builder.addStateStore(store(WaitlistStores.SLOT_DUE, Serdes.String()));
    builder.addStateStore(store(WaitlistStores.CAMPAIGNS, serdes.forValues(CampaignRecord.class)));
    builder.addStateStore(store(WaitlistStores.CAMPAIGN_MEMBERS, serdes.forValues(CampaignMemberRecord.class)));

    KStream<String, AppointmentDecision> decisions = source(builder, Topics.APPOINTMENT_DECISIONS);
    KStream<String, PatientResponse> responses = source(builder, Topics.PATIENT_RESPONSES);
    KStream<String, ContactStatus> statuses = source(builder, Topics.CONTACT_STATUS);
    KStream<String, HisCommandResult> results = source(builder, Topics.HIS_COMMAND_RESULTS);
    KStream<String, PurgeCampaign> campaignRequests = source(builder, Topics.WAITLIST_CAMPAIGNS);

    // Slots: everything about one slot is keyed by its id (the cancelled appointment's id).
    KStream<String, SlotCommand> cancellations = rekeyed(
        decisions.filter((k, d) -> d != null && d.getType() == DecisionType.CANCELLED_BY_PATIENT,
            Named.as("patient-cancellations")),
        (k, d) -> d.getAppointmentId(), "slot-cancellations", Topics.APPOINTMENT_DECISIONS)
        .mapValues(d -> (SlotCommand) new SlotCommand.Open(Inbound.slot(d.getAppointment())), Named.as("open-slot"));
    KStream<String, SlotCommand> answers = rekeyed(
        responses.filter((k, r) -> Inbound.isOfferAnswer(r), Named.as("offer-answers")),
        (k, r) -> Inbound.slotOfAnswer(r), "slot-answers", Topics.PATIENT_RESPONSES)
        .mapValues(r -> (SlotCommand) new SlotCommand.Apply(Inbound.offerAnswer(r)), Named.as("answer-offer"));
    KStream<String, SlotCommand> deliveries = rekeyed(
        statuses.filter((k, s) -> Inbound.isUndeliveredOffer(s), Named.as("undelivered-offers")),
        (k, s) -> Inbound.slotOfStatus(s), "slot-deliveries", Topics.CONTACT_STATUS)
        .mapValues(s -> (SlotCommand) new SlotCommand.Apply(Inbound.undeliveredOffer(s)), Named.as("offer-undelivered"));
    KStream<String, SlotCommand> bookings = rekeyed(
        results.filter((k, r) -> Inbound.isBookingResult(r), Named.as("booking-results")),
        (k, r) -> Inbound.slotOfResult(r), "slot-bookings", Topics.HIS_COMMAND_RESULTS)
        .mapValues(r -> (SlotCommand) new SlotCommand.Apply(Inbound.bookingResult(r)), Named.as("booking-result"));

    KStream<String, SpecificRecord> slotOutput = cancellations
        .merge(answers, Named.as("slot-inputs-1")).merge(deliveries, Named.as("slot-inputs-2"))
        .merge(bookings, Named.as("slot-inputs"))
        .process(() -> new SlotOfferProcessor(settings), Named.as("slot-offers"), WaitlistStores.SLOTS, WaitlistStores.SLOT_DUE);
    route(slotOutput, "slot");

    // Campaigns: everything about one campaign is keyed by its id.
    KStream<String, CampaignCommand> starts = rekeyed(campaignRequests.filter((k, c) -> c != null,
            Named.as("campaign-requests-present")),
        (k, c) -> c.getCampaignId(), "campaign-requests", Topics.WAITLIST_CAMPAIGNS)
        .mapValues(c -> (CampaignCommand) new CampaignCommand.Start(Inbound.campaign(c)), Named.as("start-campaign"));
    KStream<String, CampaignCommand> campaignAnswers = rekeyed(
        responses.filter((k, r) -> Inbound.isCampaignAnswer(r), Named.as("campaign-answers-only")),
        (k, r) -> Inbound.campaignOfAnswer(r), "campaign-answers", Topics.PATIENT_RESPONSES)
        .mapValues(Inbound::campaignAnswer, Named.as("answer-campaign"));
    KStream<String, CampaignCommand> questionFailures = rekeyed(
        statuses.filter((k, s) -> Inbound.isUndeliveredQuestion(s), Named.as("undelivered-questions")),
        (k, s) -> Inbound.campaignOfStatus(s), "campaign-deliveries", Topics.CONTACT_STATUS)
        .mapValues(Inbound::undeliveredQuestion, Named.as("question-undelivered"));
    KStream<String, CampaignCommand> withdrawals = rekeyed(
        results.filter((k, r) -> Inbound.isWithdrawalResult(r), Named.as("withdrawal-results")),
        (k, r) -> Inbound.campaignOfResult(r), "campaign-withdrawals", Topics.HIS_COMMAND_RESULTS)
        .mapValues(Inbound::withdrawalResult, Named.as("withdrawal-result"));

    KStream<String, SpecificRecord> campaignOutput = starts
        .merge(campaignAnswers, Named.as("campaign-inputs-1")).merge(questionFailures, Named.as("campaign-inputs-2"))
        .merge(withdrawals, Named.as("campaign-inputs"))
        .process(() -> new CampaignProcessor(settings), Named.as("campaigns"), WaitlistStores.CAMPAIGNS,
            WaitlistStores.CAMPAIGN_MEMBERS);
    route(campaignOutput, "campaign");

    return builder.build();
  }

  private <V extends SpecificRecord> KStream<String, V> source(StreamsBuilder builder, TopicSpec<V> topic) {
    return builder.stream(naming.name(topic), Consumed.with(keys, serdes.forValues(topic)).withName(topic.name()));
  }

  /** Re-keys onto an internal topic with the configured partition count: one key, one task. */
  private <V extends SpecificRecord> KStream<String, V> rekeyed(KStream<String, V> stream,
      org.apache.kafka.streams.kstream.KeyValueMapper<String, V, String> key, String name, TopicSpec<V> topic) {
    return stream.selectKey(key, Named.as(name + "-key"))
        .repartition(Repartitioned.<String, V>as(name).withKeySerde(keys).withValueSerde(serdes.forValues(topic))
            .withNumberOfPartitions(settings.partitions()));
  }

  private void route(KStream<String, SpecificRecord> output, String prefix) {
    output.filter((k, v) -> v instanceof SlotOfferEvent, Named.as(prefix + "-offer-events"))
        .mapValues(v -> (SlotOfferEvent) v, Named.as(prefix + "-as-offer-events"))
        .to(naming.name(Topics.WAITLIST_OFFERS), produced(Topics.WAITLIST_OFFERS, prefix));
    output.filter((k, v) -> v instanceof ContactRequest, Named.as(prefix + "-contact-requests"))
        .mapValues(v -> (ContactRequest) v, Named.as(prefix + "-as-contact-requests"))
        .to(naming.name(Topics.CONTACT_REQUESTS), produced(Topics.CONTACT_REQUESTS, prefix));
    output.filter((k, v) -> v instanceof HisCommand, Named.as(prefix + "-his-commands"))
        .mapValues(v -> (HisCommand) v, Named.as(prefix + "-as-his-commands"))
        .to(naming.name(Topics.HIS_COMMANDS), produced(Topics.HIS_COMMANDS, prefix));
    output.filter((k, v) -> v instanceof PurgeCampaignProgress, Named.as(prefix + "-progress"))
        .mapValues(v -> (PurgeCampaignProgress) v, Named.as(prefix + "-as-progress"))
        .to(naming.name(Topics.WAITLIST_CAMPAIGN_PROGRESS), produced(Topics.WAITLIST_CAMPAIGN_PROGRESS, prefix));
  }

  private <V extends SpecificRecord> Produced<String, V> produced(TopicSpec<V> topic, String prefix) {
    return Produced.with(keys, serdes.forValues(topic)).withName(prefix + "-to-" + topic.name());
  }

  private <V extends SpecificRecord> void globalStore(StreamsBuilder builder, String name, TopicSpec<V> topic,
      org.apache.kafka.streams.processor.api.ProcessorSupplier<String, V, Void, Void> updater) {
    StoreBuilder<KeyValueStore<String, V>> store = store(name, serdes.forValues(topic)).withLoggingDisabled();
    builder.addGlobalStore(store, naming.name(topic),
        Consumed.with(keys, serdes.forValues(topic)).withName(topic.name() + "-global"), updater);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
  }
}
