package org.contactability.notifier.adapters.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.contactability.common.kafka.ConsumerDeadLetters;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.notifier.application.ContactRequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the notifier's request lanes, one per group of channels ({@link #CHANNELS}): each its own
 * consumer group, with a bulkhead as wide as its busiest channel's threads. WEB requests cannot be
 * sent; the e-mail lane takes them and refuses them.
 */
public final class RequestLanes {

  private static final Logger log = LoggerFactory.getLogger(RequestLanes.class);

  /** The channels of each lane, by lane name. */
  public static final Map<String, Set<Channel>> CHANNELS = lanes();

  /**
   * @param topic          contact.requests' name
   * @param groupPrefix    a lane's consumer group is {@code <prefix>.<lane>}
   * @param catchUpTimeout how long a lane waits for contact.status to be read before it reads new partitions
   */
  public record Settings(String topic, String groupPrefix, Duration catchUpTimeout) {
  }

  private RequestLanes() {
  }

  /**
   * @param threads       how many sends of a channel may run at once
   * @param batch         how many requests a lane of a channel takes at a time (and queues in its bulkhead)
   * @param channelReader reads only the channel of a request (see {@link RequestLane})
   * @param statuses      the follower of contact.status a lane waits for, so that it does not send again what
   *                      another instance just sent
   */
  public static List<RequestLane> build(Settings settings, ToIntFunction<Channel> threads,
      ToIntFunction<Channel> batch, KafkaClients clients,
      Deserializer<GenericRecord> channelReader, Deserializer<ContactRequest> requests, ContactRequestHandler handler,
      ConsumerDeadLetters deadLetters, TopicFollower<?> statuses) {
    List<RequestLane> lanes = new ArrayList<>();
    for (Map.Entry<String, Set<Channel>> lane : CHANNELS.entrySet()) {
      String name = lane.getKey();
      int width = lane.getValue().stream().mapToInt(threads).max().orElse(1);
      int size = lane.getValue().stream().mapToInt(batch).max().orElse(1);
      ThreadPoolBulkhead bulkhead = ThreadPoolBulkhead.of("notifier-" + name, ThreadPoolBulkheadConfig.custom()
          .coreThreadPoolSize(width).maxThreadPoolSize(width).queueCapacity(size).build());
      lanes.add(new RequestLane(name, lane.getValue(), settings.topic(),
          () -> clients.consumer(settings.groupPrefix() + "." + name, "lane-" + name, size),
          channelReader, requests, handler, deadLetters, bulkhead,
          () -> {
            if (!statuses.awaitCaughtUp(settings.catchUpTimeout())) {
              log.warn("lane {} starts on new partitions before contact.status was read to its end: a request"
                  + " another instance just sent could be sent again", name);
            }
          }, lanes.isEmpty()));
    }
    return List.copyOf(lanes);
  }

  private static Map<String, Set<Channel>> lanes() {
    Map<String, Set<Channel>> lanes = new LinkedHashMap<>();
    lanes.put("whatsapp", Set.of(Channel.WHATSAPP));
    lanes.put("sms", Set.of(Channel.SMS));
    lanes.put("voice", Set.of(Channel.VOICE));
    lanes.put("email", Set.of(Channel.EMAIL, Channel.WEB));
    return Collections.unmodifiableMap(lanes);
  }
}
