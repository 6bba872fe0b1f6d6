package org.contactability.notifier.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.Subjects;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.contact.Recipient;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.notifier.Requests;
import org.contactability.notifier.adapters.sandbox.SandboxInbox;
import org.contactability.notifier.adapters.sandbox.SandboxMessage;
import org.contactability.notifier.testing.NotifierApp;
import org.contactability.testkit.TestTokens;
import org.contactability.notifier.testing.Topics4Test;
import org.contactability.notifier.testing.TwilioSignatures;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The notifier on the real broker with every channel on the sandbox, as the embedded platform runs it. */
class SandboxFlowTest {

  private static final String PREFIX = SharedKafka.topicPrefix(SandboxFlowTest.class);
  private static final String REGISTRY = "mem://" + PREFIX;
  private static final String NO_WHATSAPP = "+56981112222";
  private static Topics4Test topics;
  private static ConfigurableApplicationContext notifier;
  private static WebTestClient web;

  @BeforeAll
  static void start() {
    topics = new Topics4Test(PREFIX, REGISTRY);
    notifier = NotifierApp.start(PREFIX, REGISTRY, Map.of("notifier.sandbox.without-whatsapp", NO_WHATSAPP,
        "notifier.hospitals.HLS.whatsapp-unique-recipients", 2));
    // An operator may read the sandbox; the access itself is the end-to-end EndpointAccessTest's.
    web = WebTestClient.bindToServer().baseUrl("http://localhost:" + NotifierApp.port(notifier))
        .defaultHeader("Authorization", TestTokens.bearer("operator"))
        .responseTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stop() {
    notifier.close();
    topics.close();
  }

  private static ContactRequest reminder(String id, Channel channel, String phone) {
    return Requests.request(id, "HCHM", "reminder", channel)
        .setRecipient(Recipient.newBuilder().setPhone(phone).setEmail(Requests.EMAIL).build()).build();
  }

  private static List<DeliveryStatus> statuses(List<ContactStatus> statuses) {
    return statuses.stream().map(ContactStatus::getStatus).toList();
  }

  @Test
  void a_whatsapp_reminder_reaches_the_sandbox_phone_with_its_buttons_and_is_reported_delivered() {
    topics.send(Topics.CONTACT_REQUESTS, "A-1", reminder("A-1:reminder:1:WHATSAPP", Channel.WHATSAPP, "+56 9 8765 4321"));

    List<ContactStatus> statuses = topics.statusesOf("A-1:reminder:1:WHATSAPP",
        s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the reminder delivered");

    assertThat(statuses(statuses)).containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED, DeliveryStatus.SENT,
        DeliveryStatus.DELIVERED);
    assertThat(statuses).allSatisfy(s -> {
      assertThat(s.getProvider()).isEqualTo("sandbox");
      assertThat(s.getRecipient()).isEqualTo("+56987654321");
      assertThat(s.getCorrelation().getAppointmentId()).isEqualTo("A-1001");
    });
    assertThat(statuses.get(3).getProviderMessageId()).startsWith("SB").isEqualTo(statuses.get(1).getProviderMessageId());

    web.get().uri("/api/sandbox/messages?to={to}", "+56987654321").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$[0].channel").isEqualTo("whatsapp")
        .jsonPath("$[0].text").value(text -> assertThat((String) text).startsWith("Hola Juan Dionisio Soto Cabrera,"
            + " el Hospital de Chillán le informa que tiene una cita este 06 de mayo"))
        .jsonPath("$[0].buttons[0].payload").isEqualTo("CONFIRM")
        .jsonPath("$[0].buttons[0].title").isEqualTo("Confirme su cita")
        .jsonPath("$[0].buttons[1].payload").isEqualTo("CANCEL")
        .jsonPath("$[0].providerMessageId").isEqualTo(statuses.get(1).getProviderMessageId())
        .jsonPath("$[0].receivedAt").value(at -> assertThat(Instant.parse((String) at)).isNotNull());
  }

  @Test
  void a_phone_without_whatsapp_ends_undelivered_permanently_and_the_sms_fallback_arrives_with_its_link() {
    topics.send(Topics.CONTACT_REQUESTS, "A-2", reminder("A-2:reminder:1:WHATSAPP", Channel.WHATSAPP, NO_WHATSAPP));

    List<ContactStatus> whatsapp = topics.statusesOf("A-2:reminder:1:WHATSAPP",
        s -> statuses(s).contains(DeliveryStatus.UNDELIVERED), "the WhatsApp reminder undelivered");
    ContactStatus undelivered = whatsapp.get(whatsapp.size() - 1);
    assertThat(undelivered.getErrorCode()).isEqualTo("63024");
    assertThat(undelivered.getPermanent()).isTrue();

    topics.send(Topics.CONTACT_REQUESTS, "A-2", reminder("A-2:sms-fallback:1:SMS", Channel.SMS, NO_WHATSAPP));
    List<ContactStatus> sms = topics.statusesOf("A-2:sms-fallback:1:SMS",
        s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the SMS fallback delivered");
    assertThat(sms.get(0).getSmsSegments()).isEqualTo(5);
    assertThat(sms.get(0).getSmsEncoding()).isEqualTo("UCS-2");

    List<SandboxMessage> phone = notifier.getBean(SandboxInbox.class).of(NO_WHATSAPP);
    assertThat(phone).singleElement().satisfies(m -> {
      assertThat(m.channel()).isEqualTo("sms");
      assertThat(m.text()).endsWith("aquí https://l.hchm.cl/r/" + Requests.TOKEN);
      assertThat(m.links()).containsExactly("https://l.hchm.cl/r/" + Requests.TOKEN);
    });
  }

  @Test
  void a_number_no_hospital_wrote_to_gets_the_help_answer_of_the_default_hospital() {
    // As response-service asks for it: the default hospital, no appointment, no details.
    ContactRequest help = ContactRequest.newBuilder()
        .setRequestId("help:SM-unknown-1")
        .setCorrelation(Correlation.newBuilder().build())
        .setHospitalCode("default")
        .setPurpose(ContactPurpose.HELP_ANSWER)
        .setTemplate("help-answer")
        .setChannel(Channel.SMS)
        .setRecipient(Recipient.newBuilder().setPhone("+56955558181").build())
        .setRequestedAt(Instant.parse("2026-05-02T15:00:00Z"))
        .build();
    topics.send(Topics.CONTACT_REQUESTS, "+56955558181", help);

    // Before the default hospital could render it, this ended FAILED and parked on the dead-letter topic.
    assertThat(statuses(topics.statusesOf("help:SM-unknown-1", s -> statuses(s).contains(DeliveryStatus.DELIVERED)
        || statuses(s).contains(DeliveryStatus.FAILED), "the help delivered or failed"))).contains(DeliveryStatus.DELIVERED);

    assertThat(notifier.getBean(SandboxInbox.class).of("+56955558181")).singleElement().satisfies(m -> {
      assertThat(m.template()).isEqualTo("help-answer");
      assertThat(m.text()).isEqualTo("Responda 1 para confirmar su cita o 2 para cancelarla. Si no desea recibir"
          + " más mensajes, responda BAJA.");
    });
  }

  @Test
  void a_request_delivered_twice_is_sent_once() {
    ContactRequest request = reminder("A-3:reminder:1:WHATSAPP", Channel.WHATSAPP, "+56933334444");
    topics.send(Topics.CONTACT_REQUESTS, "A-3", request);
    topics.send(Topics.CONTACT_REQUESTS, "A-3", request);
    topics.send(Topics.CONTACT_REQUESTS, "A-3", reminder("A-3:marker", Channel.WHATSAPP, "+56933334444"));

    topics.statusesOf("A-3:marker", s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the marker delivered");

    assertThat(notifier.getBean(SandboxInbox.class).of("+56933334444")).extracting(SandboxMessage::requestId)
        .containsExactly("A-3:reminder:1:WHATSAPP", "A-3:marker");
    assertThat(statuses(topics.statusesOf("A-3:reminder:1:WHATSAPP", s -> s.size() >= 4, "four statuses")))
        .containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
  }

  @Test
  void a_request_whose_transaction_was_aborted_is_never_sent() {
    String phone = "+56977778888";
    topics.sendAborted(Topics.CONTACT_REQUESTS, "A-9", reminder("A-9:aborted", Channel.WHATSAPP, phone));
    // Two requests committed after it on the same partition: once the second is delivered, the batch that held the
    // aborted one (read or skipped) is done with.
    for (String marker : List.of("A-9:marker-1", "A-9:marker-2")) {
      topics.send(Topics.CONTACT_REQUESTS, "A-9", reminder(marker, Channel.WHATSAPP, phone));
      topics.statusesOf(marker, s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the marker delivered");
    }

    assertThat(notifier.getBean(SandboxInbox.class).of(phone)).extracting(SandboxMessage::requestId)
        .containsExactly("A-9:marker-1", "A-9:marker-2");
    assertThat(topics.probe(Topics.CONTACT_STATUS).includingUncommitted().within(Duration.ofSeconds(2)).readAll())
        .extracting(r -> r.value().getRequestId()).doesNotContain("A-9:aborted");
  }

  @Test
  void invalid_numbers_fail_permanently_expired_requests_expire_and_nothing_is_sent() {
    topics.send(Topics.CONTACT_REQUESTS, "A-4", reminder("A-4:landline", Channel.SMS, "+56 42 258 6400"));
    topics.send(Topics.CONTACT_REQUESTS, "A-4", Requests.request("A-4:late", "HCHM", "reminder", Channel.WHATSAPP)
        .setNotAfter(Instant.parse("2020-01-01T00:00:00Z")).build());

    ContactStatus landline = topics.statusesOf("A-4:landline", s -> !s.isEmpty(), "a status of the landline").get(0);
    assertThat(landline.getStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(landline.getPermanent()).isTrue();
    assertThat(landline.getReason()).isEqualTo("the phone number is a landline; SMS needs a mobile number");
    ContactStatus late = topics.statusesOf("A-4:late", s -> !s.isEmpty(), "a status of the late one").get(0);
    assertThat(late.getStatus()).isEqualTo(DeliveryStatus.EXPIRED);
    assertThat(notifier.getBean(SandboxInbox.class).of("+56422586400")).isEmpty();
  }

  @Test
  void after_an_opt_out_whatsapp_and_sms_to_the_number_are_suppressed_but_the_confirmation_of_the_opt_out_goes() {
    String phone = "+56955556666";
    topics.send(Topics.PATIENT_RESPONSES, phone, PatientResponse.newBuilder().setResponseId("in-1")
        .setReceivedAt(Instant.parse("2026-05-02T15:00:00Z")).setChannel(Channel.SMS).setFrom("+56 9 5555 6666")
        .setIntent(Intent.OPT_OUT).setRawText("BAJA").setCorrelationMethod(CorrelationMethod.NONE).build());
    // Read as bytes: the list also holds the unreadable opt-out another test writes.
    TopicProbe.on(topics.naming().name(Topics.CONTACT_SUPPRESSIONS), new StringDeserializer(),
        new ByteArrayDeserializer()).readFirstMatching("the opt-out of " + phone, r -> r.key().equals(index(phone)));

    topics.send(Topics.CONTACT_REQUESTS, "A-5", reminder("A-5:reminder:1:SMS", Channel.SMS, phone));
    topics.send(Topics.CONTACT_REQUESTS, "A-5", Requests.request("A-5:opt-out-answer", "HCHM", "opt-out-answer",
        Channel.SMS).setPurpose(ContactPurpose.OPT_OUT_ANSWER)
        .setRecipient(Recipient.newBuilder().setPhone(phone).build()).build());

    ContactStatus suppressed = topics.statusesOf("A-5:reminder:1:SMS", s -> !s.isEmpty(), "the reminder's status").get(0);
    assertThat(suppressed.getStatus()).isEqualTo(DeliveryStatus.SUPPRESSED);
    topics.statusesOf("A-5:opt-out-answer", s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the answer delivered");
    assertThat(notifier.getBean(SandboxInbox.class).of(phone)).extracting(SandboxMessage::template)
        .containsExactly("opt-out-answer");
  }

  @Test
  void a_sealed_recipient_is_opened_only_to_send_and_an_erased_patients_request_is_not_sent_with_the_reason() {
    PatientDataCipher cipher = notifier.getBean(PatientDataCipher.class);
    String kept = "+56955551111";
    String erased = "+56955552222";
    topics.send(Topics.CONTACT_REQUESTS, "A-20", sealedReminder("A-20:reminder", Subjects.patient("P-20"), kept));
    topics.statusesOf("A-20:reminder", s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the sealed one delivered");
    assertThat(notifier.getBean(SandboxInbox.class).of(kept)).singleElement()
        .satisfies(sms -> assertThat(sms.text()).contains("Juan"));
    ContactStatus delivered = topics.statusesOf("A-20:reminder", s -> !s.isEmpty(), "its statuses").get(0);
    assertThat(delivered.getRecipient()).startsWith("enc1:").doesNotContain("55551111");
    assertThat(cipher.reveal(delivered.getRecipient())).isEqualTo(kept);

    ContactRequest request = sealedReminder("A-21:reminder", Subjects.patient("P-21"), erased);
    notifier.getBean(DataKeyRing.class).erase(Subjects.patient("P-21"));
    topics.send(Topics.CONTACT_REQUESTS, "A-21", request);

    ContactStatus notSent = topics.statusesOf("A-21:reminder", s -> !s.isEmpty(), "the erased one's status").get(0);
    assertThat(notSent.getStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(notSent.getReason()).isEqualTo("patient erased");
    assertThat(notSent.getFailure()).isEqualTo(FailureKind.PERMANENT);
    assertThat(notSent.getPermanent()).isTrue();
    assertThat(notifier.getBean(SandboxInbox.class).of(erased)).isEmpty();
  }

  private static ContactRequest sealedReminder(String id, String subject, String phone) {
    PatientDataCipher cipher = notifier.getBean(PatientDataCipher.class);
    MessageDetails details = Requests.chillanAppointment();
    return Requests.request(id, "HCHM", "reminder", Channel.SMS)
        .setRecipient(Recipient.newBuilder().setPhone(cipher.seal(subject, phone)).build())
        .setDetails(MessageDetails.newBuilder(details)
            .setPatientGivenNames(cipher.seal(subject, details.getPatientGivenNames()))
            .setPatientFullName(cipher.seal(subject, details.getPatientFullName())).build()).build();
  }

  @Test
  void the_lanes_of_other_channels_commit_past_a_request_they_only_skipped_as_the_lane_that_sent_it_does() {
    // Two in a row: the other lanes' commit of the second falls inside the second after their commit of the first.
    for (String id : List.of("A-11:reminder:1:WHATSAPP", "A-11:reminder:2:WHATSAPP")) {
      topics.send(Topics.CONTACT_REQUESTS, "A-11", reminder(id, Channel.WHATSAPP, "+56987654311"));
      topics.statusesOf(id, s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the reminder delivered");
    }

    // The SMS, voice and e-mail lanes read the requests' channel only, and commit what they skip at most once a
    // second: with nothing more to read, they must still get as far as the WhatsApp lane, or ops would see a lag
    // that never drains.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Map<TopicPartition, OffsetAndMetadata> sent = committed("whatsapp");
      assertThat(sent).isNotEmpty();
      for (String lane : List.of("sms", "voice", "email")) {
        Map<TopicPartition, OffsetAndMetadata> skipped = committed(lane);
        sent.forEach((partition, offset) -> assertThat(skipped.get(partition)).as(lane + " " + partition)
            .isNotNull().extracting(OffsetAndMetadata::offset).asInstanceOf(InstanceOfAssertFactories.LONG)
            .isGreaterThanOrEqualTo(offset.offset()));
      }
    });
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(String lane) throws Exception {
    return SharedKafka.admin().listConsumerGroupOffsets(PREFIX + "notifier." + lane).partitionsToOffsetAndMetadata()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void an_unreadable_record_and_an_unrenderable_request_go_to_the_dead_letter_topic_and_the_lane_moves_on() {
    topics.sendRaw(topics.naming().name(Topics.CONTACT_REQUESTS), "A-6", "not avro".getBytes(StandardCharsets.UTF_8));
    topics.send(Topics.CONTACT_REQUESTS, "A-6", Requests.request("A-6:unknown", "HCHM", "no-such-template",
        Channel.WHATSAPP).setRecipient(Recipient.newBuilder().setPhone("+56977778888").build()).build());
    topics.send(Topics.CONTACT_REQUESTS, "A-6", reminder("A-6:after", Channel.WHATSAPP, "+56977778888"));

    topics.statusesOf("A-6:after", s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the later request delivered");
    List<ConsumerRecord<String, DeadLetter>> dead = topics.probe(Topics.CONTACT_REQUESTS.deadLetter().orElseThrow())
        .readUntil("two dead letters of A-6", records -> records.stream().filter(r -> "A-6".equals(r.key())).count() >= 2)
        .stream().filter(r -> "A-6".equals(r.key())).toList();
    assertThat(dead).extracting(r -> r.value().getReason()).anySatisfy(reason -> assertThat(reason).contains("magic byte"))
        .anySatisfy(reason -> assertThat(reason).contains("no template 'no-such-template.whatsapp'"));
    assertThat(dead).allSatisfy(r -> assertThat(r.value().getService()).isEqualTo("notifier-service"));
    ContactStatus unknown = topics.statusesOf("A-6:unknown", s -> !s.isEmpty(), "the unknown template's status").get(0);
    assertThat(unknown.getStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(unknown.getPermanent()).isFalse();
  }

  @Test
  void an_unreadable_opt_out_is_dead_lettered_with_the_reason_and_the_opt_outs_after_it_still_suppress() {
    String phone = "+56955557777";
    topics.sendRaw(topics.naming().name(Topics.CONTACT_SUPPRESSIONS), "+56955550000",
        "not avro".getBytes(StandardCharsets.UTF_8));
    topics.send(Topics.CONTACT_SUPPRESSIONS, index(phone), PatientResponse.newBuilder().setResponseId("in-2")
        .setReceivedAt(Instant.parse("2026-05-02T15:00:00Z")).setChannel(Channel.SMS).setFrom(phone)
        .setIntent(Intent.OPT_OUT).setRawText("STOP").setCorrelationMethod(CorrelationMethod.NONE).build());

    DeadLetter letter = topics.probe(Topics.CONTACT_SUPPRESSIONS.deadLetter().orElseThrow())
        .readFirstMatching("the unreadable opt-out's dead letter", r -> "+56955550000".equals(r.key())).value();
    assertThat(letter.getReason()).contains("magic byte");
    assertThat(letter.getService()).isEqualTo("notifier-service");
    assertThat(letter.getOffset()).isNotNull();
    topics.send(Topics.CONTACT_REQUESTS, "A-12", reminder("A-12:reminder:1:SMS", Channel.SMS, phone));
    assertThat(topics.statusesOf("A-12:reminder:1:SMS", st -> !st.isEmpty(), "the reminder's status").get(0)
        .getStatus()).isEqualTo(DeliveryStatus.SUPPRESSED);
  }

  @Test
  void an_email_arrives_in_the_sandbox_mailbox_with_subject_and_confirm_and_cancel_links() {
    topics.send(Topics.CONTACT_REQUESTS, "A-7", Requests.request("A-7:notice", "HCHM", "booking-notice", Channel.EMAIL)
        .setPurpose(ContactPurpose.BOOKING_NOTICE).setRecipient(Recipient.newBuilder().setEmail("ana.rojas@example.cl").build())
        .setCorrelation(Correlation.newBuilder().setAppointmentId("A-7").build()).build());

    topics.statusesOf("A-7:notice", s -> statuses(s).contains(DeliveryStatus.DELIVERED), "the e-mail delivered");

    web.get().uri("/api/sandbox/messages?to={to}", "Ana.Rojas@example.cl").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$[0].channel").isEqualTo("email")
        .jsonPath("$[0].subject").isEqualTo("Su cita del 06 de mayo a las 10:00 horas")
        .jsonPath("$[0].links[0]").isEqualTo("https://l.hchm.cl/r/" + Requests.TOKEN + "?intent=CONFIRM")
        .jsonPath("$[0].links[1]").isEqualTo("https://l.hchm.cl/r/" + Requests.TOKEN + "?intent=CANCEL");
    web.get().uri("/api/sandbox/messages").exchange().expectStatus().isBadRequest();
    web.get().uri("/api/sandbox/messages?to=nadie").exchange().expectStatus().isBadRequest();
  }

  @Test
  void a_message_caused_by_a_his_change_records_its_latency_from_the_his_commit_and_a_planned_one_does_not() {
    ContactRequest notice = ContactRequest.newBuilder(reminder("A-9:notice:1:WHATSAPP", Channel.WHATSAPP, "+56933339999"))
        .setSourceCommitTime(Instant.now().minusSeconds(3)).build();
    topics.send(Topics.CONTACT_REQUESTS, "A-9", notice);
    topics.send(Topics.CONTACT_REQUESTS, "A-9", reminder("A-9:reminder:1:WHATSAPP", Channel.WHATSAPP, "+56933339999"));
    topics.statusesOf("A-9:reminder:1:WHATSAPP", s -> statuses(s).contains(DeliveryStatus.QUEUED), "the reminder queued");
    topics.statusesOf("A-9:notice:1:WHATSAPP", s -> statuses(s).contains(DeliveryStatus.QUEUED), "the notice queued");

    Timer latency = notifier.getBean(MeterRegistry.class)
        .get("contactability.notifier.his.commit.to.send").tags("hospital", "HCHM", "channel", "whatsapp").timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.max(TimeUnit.SECONDS)).isBetween(3.0, 60.0);
  }

  @Test
  void past_its_whatsapp_tier_a_hospital_reaches_no_new_recipient_by_whatsapp_and_the_refusal_is_a_final_temporary_failure() {
    for (String phone : List.of("+56955550001", "+56955550002")) {
      topics.send(Topics.CONTACT_REQUESTS, "L-" + phone, ContactRequest.newBuilder(
          reminder("L:" + phone, Channel.WHATSAPP, phone)).setHospitalCode("HLS").build());
      topics.statusesOf("L:" + phone, s -> statuses(s).contains(DeliveryStatus.QUEUED), "reminder to " + phone);
    }
    topics.send(Topics.CONTACT_REQUESTS, "L-3", ContactRequest.newBuilder(
        reminder("L:third", Channel.WHATSAPP, "+56955550003")).setHospitalCode("HLS").build());
    topics.send(Topics.CONTACT_REQUESTS, "L-1", ContactRequest.newBuilder(
        reminder("L:again", Channel.WHATSAPP, "+56955550001")).setHospitalCode("HLS").build());

    List<ContactStatus> third = topics.statusesOf("L:third", s -> statuses(s).contains(DeliveryStatus.FAILED),
        "the third recipient refused");
    assertThat(statuses(third)).containsExactly(DeliveryStatus.FAILED);
    assertThat(third.get(0).getFailure()).isEqualTo(FailureKind.TEMPORARY);
    assertThat(third.get(0).getPermanent()).isFalse();
    assertThat(third.get(0).getReason()).contains("limit of 2 unique recipients in 24 h");
    assertThat(statuses(topics.statusesOf("L:again", s -> statuses(s).contains(DeliveryStatus.QUEUED),
        "a recipient already reached"))).contains(DeliveryStatus.QUEUED);
    assertThat(notifier.getBean(SandboxInbox.class).of("+56955550003")).isEmpty();
  }

  @Test
  void without_twilio_every_status_callback_is_refused_403_forged_or_signed() {
    Map<String, String> delivered = Map.of("MessageSid", "SM0123456789abcdef0123456789abcdef", "MessageStatus",
        "delivered");
    for (String signature : new String[] {null, "bm90IGEgc2lnbmF0dXJl",
        TwilioSignatures.sign("any-token", "http://localhost:8084/twilio/status", delivered)}) {
      WebTestClient.RequestBodySpec callback = web.post().uri("/twilio/status")
          .contentType(MediaType.APPLICATION_FORM_URLENCODED);
      if (signature != null) {
        callback.header("X-Twilio-Signature", signature);
      }
      callback.bodyValue("MessageSid=SM0123456789abcdef0123456789abcdef&MessageStatus=delivered").exchange()
          .expectStatus().isForbidden()
          .expectBody(String.class).isEqualTo("Forbidden: Twilio is not configured on this notifier\n");
    }
  }

  @Test
  void health_reports_the_lanes_and_the_ledger() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        web.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.status").isEqualTo("UP")
            .jsonPath("$.components.notifierHealth.details['lane.whatsapp']").value(v ->
                assertThat((String) v).startsWith("polling")));
  }

  @Test
  void the_metrics_show_the_kafka_clients_of_every_lane_and_the_writer() {
    String clients = PREFIX + "notifier-";
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      web.get().uri("/actuator/metrics/kafka.consumer.fetch.manager.records.lag.max?tag=client.id:{id}",
          clients + "lane-whatsapp").exchange().expectStatus().isOk();
      web.get().uri("/actuator/metrics/kafka.producer.record.send.total?tag=client.id:{id}", clients + "writer")
          .exchange().expectStatus().isOk().expectBody()
          .jsonPath("$.measurements[0].value").value(v -> assertThat(((Number) v).doubleValue()).isPositive());
    });
  }

  /** The opt-out list is keyed by the blind index of the number, as the notifier computes it. */
  private String index(String phone) {
    return notifier.getBean(PatientDataCipher.class).blindIndex(phone);
  }
}
