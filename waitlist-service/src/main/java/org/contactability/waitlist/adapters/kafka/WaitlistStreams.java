package org.contactability.waitlist.adapters.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running instance of the waitlist topology: start, stop, state, and the campaign progress view. */
public final class WaitlistStreams implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WaitlistStreams.class);

  private final KafkaStreams streams;

  public WaitlistStreams(Topology topology, Properties properties) {
    this.streams = new KafkaStreams(topology, properties);
    this.streams.setUncaughtExceptionHandler(e -> {
      log.error("Waitlist stream thread failed; replacing it: {}", e.toString(), e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
          .REPLACE_THREAD;
    });
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public KafkaStreams kafkaStreams() {
    return streams;
  }

  /** The newest progress of a campaign, from the global store (same answer on every instance). */
  public Optional<PurgeCampaignProgress> progress(String campaignId) {
    if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
      throw new IllegalStateException("the waitlist stream is " + streams.state() + ", not running yet");
    }
    ReadOnlyKeyValueStore<String, PurgeCampaignProgress> store = streams.store(StoreQueryParameters.fromNameAndType(
        WaitlistTopology.campaignProgressStore(), QueryableStoreTypes.<String, PurgeCampaignProgress>keyValueStore()));
    return Optional.ofNullable(store.get(campaignId));
  }

  /** Stops and leaves the group, so that the other instances take over its slots at once, not after a session timeout. */
  @Override
  public void close() {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
  }
}
