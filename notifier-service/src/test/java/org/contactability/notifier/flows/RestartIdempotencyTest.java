package org.contactability.notifier.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.Subjects;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.Recipient;
import org.contactability.notifier.Requests;
import org.contactability.notifier.adapters.twilio.TwilioMessagingSender;
import org.contactability.notifier.adapters.twilio.TwilioRestClients;
import org.contactability.notifier.adapters.twilio.TwilioSenders;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.testing.Composers;
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
 * so that it re-reads every request, as after lost offsets) sends nothing twice, settles a send that was
 * cut off mid-call with Twilio (recorded when Twilio has it, sent when Twilio has nothing), and does send again a
 * request that failed on our side; a sealed request in doubt is settled on its opened recipient and text. Counted
 * from the Twilio stand-in's side. This class starts two Spring contexts
 * one after the other: that is what it tests.
 */
class RestartIdempotencyTest {

  private static final String PREFIX = SharedKafka.topicPrefix(RestartIdempotencyTest.class);
  private static final String REGISTRY = "mem://" + PREFIX;
  private static final TwilioApiStandIn TWILIO = TwilioApiStandIn.start();
  private static final String ACCOUNT = "AC00000000000000000000000000000002";
  private static final String TOKEN = "restart-token";
  private static final String SMS_FROM = "+56412345679";
  private static final String PHONE = "+56987650000";
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
    settings.put("notifier.twilio.account-sid", ACCOUNT);
    settings.put("notifier.twilio.auth-token", TOKEN);
    settings.put("notifier.twilio.api-base-url", TWILIO.baseUrl());
    settings.put("notifier.hospitals.HCHM.sms-from", SMS_FROM);
    settings.put("notifier.kafka.group-prefix", PREFIX + groupPrefix);
    return NotifierApp.start(PREFIX, REGISTRY, settings);
  }

  private static ContactRequest sms(String id) {
    return Requests.request(id, "HCHM", "reminder", Channel.SMS)
        .setRecipient(Recipient.newBuilder().setPhone(PHONE).build()).setAnswerToken("token-of-" + id).build();
  }

  /** {@link #sms} with its recipient and the patient's names sealed, as the scheduler publishes it. */
  private static ContactRequest sealed(ContactRequest clear, PatientDataCipher cipher) {
    String subject = Subjects.patient("P-" + clear.getRequestId());
    MessageDetails details = clear.getDetails();
    return ContactRequest.newBuilder(clear)
        .setRecipient(Recipient.newBuilder().setPhone(cipher.seal(subject, PHONE)).build())
        .setDetails(MessageDetails.newBuilder(details)
            .setPatientGivenNames(cipher.seal(subject, details.getPatientGivenNames()))
            .setPatientFullName(cipher.seal(subject, details.getPatientFullName())).build()).build();
  }

  /** Sends {@code request} to the Twilio stand-in directly, as a notifier that then died would have. */
  private static SendOutcome.Accepted twilioTakes(ContactRequest request) throws Exception {
    return (SendOutcome.Accepted) new TwilioMessagingSender(Channel.SMS,
        TwilioRestClients.create(ACCOUNT, TOKEN, TWILIO.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(2)),
        hospital -> new TwilioSenders(null, SMS_FROM, null, null, Map.of()), "https://n.example/twilio/status")
        .send(Composers.shipped().compose(request, PHONE));
  }

  private static long sendsOf(String requestId) {
    String marker = "requestId=" + URLEncoder.encode(requestId, StandardCharsets.UTF_8);
    return TWILIO.created().stream().filter(c -> c.statusCallback().endsWith(marker)).count();
  }

  private static ContactStatus status(String requestId, DeliveryStatus status, FailureKind failure) {
    return status(requestId, status, failure, PHONE);
  }

  private static ContactStatus status(String requestId, DeliveryStatus status, FailureKind failure,
      String recipient) {
    return ContactStatus.newBuilder().setStatusId(UUID.randomUUID().toString()).setRequestId(requestId)
        .setCorrelation(Correlation.newBuilder().setAppointmentId("A-1001").build()).setHospitalCode("HCHM")
        .setPurpose(ContactPurpose.REMINDER).setChannel(Channel.SMS).setRecipient(recipient).setStatus(status)
        .setFailure(failure).setProvider("twilio").setOccurredAt(Instant.now()).build();
  }

  @Test
  void a_restarted_notifier_sends_nothing_twice_and_settles_sends_cut_off_mid_call_with_twilio() throws Exception {
    ContactRequest sealed6;
    try (ConfigurableApplicationContext first = notifier("first")) {
      topics.send(Topics.CONTACT_REQUESTS, "A-1001", sms("R-1"));
      topics.statusesOf("R-1", s -> s.stream().anyMatch(x -> x.getStatus() == DeliveryStatus.QUEUED), "R-1 queued");
      sealed6 = sealed(sms("R-6"), first.getBean(PatientDataCipher.class));
      first.getBean(DataKeyRing.class).flush();
    }
    assertThat(sendsOf("R-1")).isEqualTo(1);

    // What a notifier that died during the provider call leaves behind: SENDING and nothing after. Twilio got R-5
    // before the process died, and never got R-2.
    topics.send(Topics.CONTACT_STATUS, "A-1001", status("R-2", DeliveryStatus.SENDING, null));
    topics.send(Topics.CONTACT_STATUS, "A-1001", status("R-5", DeliveryStatus.SENDING, null));
    SendOutcome.Accepted taken = twilioTakes(sms("R-5"));
    // R-6 likewise, sealed: its SENDING names the address sealed, and Twilio holds the opened text.
    topics.send(Topics.CONTACT_STATUS, "A-1001", status("R-6", DeliveryStatus.SENDING, null,
        sealed6.getRecipient().getPhone()));
    SendOutcome.Accepted taken6 = twilioTakes(sms("R-6"));
    // What one that failed on our side leaves: SENDING, then FAILED, TECHNICAL, without a provider id.
    topics.send(Topics.CONTACT_STATUS, "A-1001", status("R-3", DeliveryStatus.SENDING, null));
    topics.send(Topics.CONTACT_STATUS, "A-1001", status("R-3", DeliveryStatus.FAILED, FailureKind.TECHNICAL));
    for (String id : List.of("R-1", "R-2", "R-3", "R-4", "R-5")) {
      topics.send(Topics.CONTACT_REQUESTS, "A-1001", sms(id));
    }
    topics.send(Topics.CONTACT_REQUESTS, "A-1001", sealed6);

    try (ConfigurableApplicationContext second = notifier("second")) {
      for (String id : List.of("R-2", "R-3", "R-4", "R-5")) {
        topics.statusesOf(id, s -> s.stream().anyMatch(x -> x.getStatus() == DeliveryStatus.QUEUED), id + " queued");
      }
      List<ContactStatus> settled = topics.statusesOf("R-5", s -> s.size() >= 2, "R-5 settled");
      assertThat(settled).extracting(ContactStatus::getStatus).containsExactly(DeliveryStatus.SENDING,
          DeliveryStatus.QUEUED);
      assertThat(settled.get(1).getProviderMessageId()).isEqualTo(taken.providerMessageId());
      assertThat(topics.statusesOf("R-2", s -> s.size() >= 2, "R-2 sent")).extracting(ContactStatus::getStatus)
          .containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED);
      List<ContactStatus> settledSealed = topics.statusesOf("R-6", s -> s.size() >= 2, "R-6 settled");
      assertThat(settledSealed.get(1).getProviderMessageId()).isEqualTo(taken6.providerMessageId());
      assertThat(settledSealed.get(1).getRecipient()).isEqualTo(sealed6.getRecipient().getPhone());
    }
    assertThat(sendsOf("R-1")).as("sent before the restart, delivered again after it").isEqualTo(1);
    assertThat(sendsOf("R-2")).as("cut off before Twilio took it: sent once after the look-up").isEqualTo(1);
    assertThat(sendsOf("R-5")).as("cut off after Twilio took it: recorded, not sent again").isEqualTo(1);
    assertThat(sendsOf("R-3")).as("failed on our side: sent when it comes again").isEqualTo(1);
    assertThat(sendsOf("R-4")).isEqualTo(1);
    assertThat(sendsOf("R-6")).as("sealed, cut off after Twilio took it: recorded, not sent again").isEqualTo(1);
  }
}
