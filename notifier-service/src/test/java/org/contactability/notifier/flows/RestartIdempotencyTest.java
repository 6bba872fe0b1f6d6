package org.contactability.notifier.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Recipient;
import org.contactability.notifier.Requests;
import org.contactability.notifier.testing.NotifierApp;
import org.contactability.notifier.testing.Topics4Test;
import org.contactability.notifier.testing.TwilioApiStandIn;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Idempotency across a restart: a notifier sends, stops, and a new one (with new consumer groups,
 * so that it re-reads every request, as after lost offsets) sends nothing twice, does not resend a
 * send that was cut off mid-call, and does send again a request that was given up unsent. This class
 * starts two Spring contexts one after the other: that is what it tests.
 */
class RestartIdempotencyTest {

  private static final String PREFIX = SharedKafka.topicPrefix(RestartIdempotencyTest.class);
  private static final String REGISTRY = "mem://" + PREFIX;
  private static final TwilioApiStandIn TWILIO = TwilioApiStandIn.start();
  private static Topics4Test topics;

  @BeforeAll
  static void start() {
    topics = new Topics4Test(PREFIX, REGISTRY);
  }

  @AfterAll
  static void stop() {
    topics.close();
    TWILIO.close();
  }

  private static ConfigurableApplicationContext notifier(String groupPrefix) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("notifier.channels.sms.provider", "TWILIO");
    settings.put("notifier.channels.sms.messages-per-second", 100);
    settings.put("notifier.twilio.account-sid", "AC00000000000000000000000000000002");
    settings.put("notifier.twilio.auth-token", "restart-token");
    settings.put("notifier.twilio.api-base-url", TWILIO.baseUrl());
    settings.put("notifier.hospitals.HCHM.sms-from", "+56412345679");
    settings.put("notifier.kafka.group-prefix", PREFIX + groupPrefix);
    return NotifierApp.start(PREFIX, REGISTRY, settings);
  }

  private static ContactRequest sms(String id) {
    return Requests.request(id, "HCHM", "reminder", Channel.SMS)
        .setRecipient(Recipient.newBuilder().setPhone("+56987650000").build()).build();
  }

  private static long sendsOf(String requestId) {
    String marker = "requestId=" + URLEncoder.encode(requestId, StandardCharsets.UTF_8);
    return TWILIO.created().stream().filter(c -> c.statusCallback().endsWith(marker)).count();
  }

  private static ContactStatus status(String requestId, DeliveryStatus status, boolean permanent) {
    return ContactStatus.newBuilder().setStatusId(UUID.randomUUID().toString()).setRequestId(requestId)
        .setCorrelation(Correlation.newBuilder().setAppointmentId("A-1001").build()).setHospitalCode("HCHM")
        .setPurpose(ContactPurpose.REMINDER).setChannel(Channel.SMS).setRecipient("+56987650000").setStatus(status)
        .setPermanent(permanent).setProvider("twilio").setOccurredAt(Instant.now()).build();
  }

  @Test
  void a_restarted_notifier_sends_nothing_twice_and_does_not_resend_a_send_cut_off_mid_call() {
    try (ConfigurableApplicationContext first = notifier("first")) {
      topics.send(Topics.CONTACT_REQUESTS, "A-1001", sms("R-1"));
      topics.statusesOf("R-1", s -> s.stream().anyMatch(x -> x.getStatus() == DeliveryStatus.QUEUED), "R-1 queued");
    }
    assertThat(sendsOf("R-1")).isEqualTo(1);

    // What a notifier that died during the provider call leaves behind: SENDING and nothing after.
    topics.send(Topics.CONTACT_STATUS, "A-1001", status("R-2", DeliveryStatus.SENDING, false));
    // What one that gave up (retries exhausted) leaves: SENDING, then FAILED without a provider id.
    topics.send(Topics.CONTACT_STATUS, "A-1001", status("R-3", DeliveryStatus.SENDING, false));
    topics.send(Topics.CONTACT_STATUS, "A-1001", status("R-3", DeliveryStatus.FAILED, false));
    topics.send(Topics.CONTACT_REQUESTS, "A-1001", sms("R-1"));
    topics.send(Topics.CONTACT_REQUESTS, "A-1001", sms("R-2"));
    topics.send(Topics.CONTACT_REQUESTS, "A-1001", sms("R-3"));
    topics.send(Topics.CONTACT_REQUESTS, "A-1001", sms("R-4"));

    try (ConfigurableApplicationContext second = notifier("second")) {
      topics.statusesOf("R-4", s -> s.stream().anyMatch(x -> x.getStatus() == DeliveryStatus.QUEUED), "R-4 queued");
      topics.statusesOf("R-3", s -> s.stream().anyMatch(x -> x.getStatus() == DeliveryStatus.QUEUED), "R-3 queued");
      List<ContactStatus> interrupted = topics.statusesOf("R-2", s -> !s.isEmpty(), "R-2's status");
      assertThat(interrupted).extracting(ContactStatus::getStatus).containsExactly(DeliveryStatus.SENDING);
    }
    assertThat(sendsOf("R-1")).as("sent before the restart, delivered again after it").isEqualTo(1);
    assertThat(sendsOf("R-2")).as("cut off mid-call: may have gone out, not resent").isZero();
    assertThat(sendsOf("R-3")).as("given up unsent: sent when it comes again").isEqualTo(1);
    assertThat(sendsOf("R-4")).isEqualTo(1);
  }
}
