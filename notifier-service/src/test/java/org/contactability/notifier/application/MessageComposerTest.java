package org.contactability.notifier.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.notifier.Requests;
import org.contactability.notifier.domain.SmsEncoding;
import org.contactability.notifier.domain.SmsSegments;
import org.contactability.notifier.testing.Composers;
import org.junit.jupiter.api.Test;

class MessageComposerTest {

  private static final String LINK = Composers.LINKS + "/r/" + Requests.TOKEN;

  @Test
  void an_sms_carries_its_segment_count_and_its_answer_link() {
    OutboundMessage sms = Composers.shipped().compose(Requests.reminder("r-1", Channel.SMS), Requests.PHONE);

    assertThat(sms.to()).isEqualTo(Requests.PHONE);
    assertThat(sms.sms()).isEqualTo(SmsSegments.of(sms.text()));
    assertThat(sms.sms().encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(sms.links()).containsExactly(LINK);
  }

  @Test
  void a_hospital_that_transliterates_sends_gsm_7_at_less_than_half_the_segments() {
    OutboundMessage accented = Composers.shipped(false).compose(Requests.reminder("r-1", Channel.SMS), Requests.PHONE);
    OutboundMessage plain = Composers.shipped(true).compose(Requests.reminder("r-1", Channel.SMS), Requests.PHONE);

    assertThat(plain.text()).contains("Hospital de Chillan", "aqui " + LINK).doesNotContain("á");
    assertThat(plain.sms().encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(plain.sms().segments() * 2).isLessThan(accented.sms().segments());
  }

  @Test
  void a_voice_call_that_takes_an_answer_points_at_response_services_twiml() {
    OutboundMessage voice = Composers.shipped().compose(Requests.reminder("r-1", Channel.VOICE), Requests.PHONE);

    assertThat(voice.voiceUrl()).isEqualTo(Composers.RESPONSE + "/twilio/voice/" + Requests.TOKEN);
    assertThat(voice.text()).contains("presione 1");
    OutboundMessage notice = Composers.shipped().compose(Requests.request("r-2", "HCHM", "hospital-cancellation-notice",
        Channel.VOICE).setAnswerToken(null).build(), Requests.PHONE);
    assertThat(notice.voiceUrl()).isNull();
  }

  @Test
  void an_email_links_each_answer_and_carries_the_appointment_in_hospital_time() {
    OutboundMessage email = Composers.shipped().compose(Requests.reminder("r-1", Channel.EMAIL), Requests.EMAIL);

    assertThat(email.links()).containsExactly(LINK + "?intent=CONFIRM", LINK + "?intent=CANCEL");
    assertThat(email.calendar()).satisfies(c -> {
      assertThat(c.start()).isEqualTo(Instant.parse("2026-05-06T14:00:00Z"));
      assertThat(c.end()).isEqualTo(Instant.parse("2026-05-06T14:30:00Z"));
      assertThat(c.uid()).isEqualTo("appointment-A-1001@hchm.contactability");
      assertThat(c.sequence()).isEqualTo(1);
      assertThat(c.cancelled()).isFalse();
    });
    OutboundMessage offerTaken = Composers.shipped().compose(Requests.request("r-3", "HCHM", "offer-taken-answer",
        Channel.EMAIL).setPurpose(ContactPurpose.OFFER_TAKEN_ANSWER).build(), Requests.EMAIL);
    assertThat(offerTaken.calendar()).isNull();
  }

  @Test
  void its_string_form_masks_the_recipient_and_hides_the_text() {
    OutboundMessage sms = Composers.shipped().compose(Requests.reminder("r-1", Channel.SMS), Requests.PHONE);

    assertThat(sms.toString()).doesNotContain(Requests.PHONE).doesNotContain("Juan").contains("+569******21");
  }
}
