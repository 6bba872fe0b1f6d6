package org.contactability.waitlist.adapters.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.contracts.waitlist.PurgeCampaign;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.contactability.waitlist.application.CampaignRequests;

/** Records campaign requests on waitlist.campaigns (key: campaign id), acknowledged by every replica. */
public final class KafkaCampaignRequests implements CampaignRequests, AutoCloseable {

  private final KafkaProducer<String, PurgeCampaign> producer;
  private final String topic;

  /** @param clientProperties bootstrap servers and any other producer settings */
  public KafkaCampaignRequests(Map<String, Object> clientProperties, String clientId, TopicNaming naming,
      AvroSerdes serdes) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(config, new StringSerializer(),
        serdes.forValues(Topics.WAITLIST_CAMPAIGNS).serializer());
    this.topic = naming.name(Topics.WAITLIST_CAMPAIGNS);
  }

  @Override
  public CompletableFuture<Void> submit(PurgeCampaign campaign) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topic, campaign.getCampaignId(), campaign), (metadata, error) -> {
      if (error == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(error);
      }
    });
    return done;
  }

  @Override
  public void close() {
    producer.close();
  }
}
