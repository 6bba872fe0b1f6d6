package org.contactability.notifier.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.SealedValue;
import org.contactability.common.privacy.Subjects;
import org.contactability.common.privacy.testing.InMemoryKeyLog;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.Recipient;
import org.contactability.notifier.Requests;
import org.junit.jupiter.api.Test;

class RecipientPrivacyTest {

  private final PatientDataCipher cipher = TestCiphers.inMemory(new InMemoryKeyLog()).cipher();
  private final RecipientPrivacy privacy = new RecipientPrivacy(cipher);

  @Test
  void the_opened_copy_holds_the_recipient_and_names_in_clear_and_the_request_stays_sealed() {
    ContactRequest sealed = sealed(Requests.request("R-1", "HCHM", "reminder", Channel.WHATSAPP));
    String sealedPhone = sealed.getRecipient().getPhone();
    String sealedFullName = sealed.getDetails().getPatientFullName();

    ContactRequest opened = privacy.opened(sealed);

    assertThat(opened.getRecipient().getPhone()).isEqualTo(Requests.PHONE);
    assertThat(opened.getRecipient().getEmail()).isEqualTo(Requests.EMAIL);
    assertThat(opened.getDetails().getPatientFullName()).isEqualTo("Juan Dionisio Soto Cabrera");
    assertThat(opened.getDetails().getPatientGivenNames()).isEqualTo("Juan Dionisio");
    assertThat(sealed.getRecipient().getPhone()).isEqualTo(sealedPhone);
    assertThat(sealed.getDetails().getPatientFullName()).isEqualTo(sealedFullName);
    assertThat(SealedValue.isSealed(sealed.getRecipient().getEmail())).isTrue();
    assertThat(SealedValue.isSealed(sealed.getDetails().getPatientGivenNames())).isTrue();
  }

  @Test
  void the_opened_copy_keeps_every_other_field_of_the_request() {
    ContactRequest sealed = sealed(Requests.request("R-2", "HCHM", "reminder", Channel.SMS));

    ContactRequest opened = privacy.opened(sealed);

    ContactRequest expected = Requests.reminder("R-2", Channel.SMS);
    assertThat(opened).isEqualTo(expected);
    assertThat(opened.getDetails()).isEqualTo(expected.getDetails());
  }

  @Test
  void a_request_without_details_opens_its_recipient_only() {
    ContactRequest sealed = sealed(Requests.request("R-3", "HCHM", "reminder", Channel.SMS).setDetails(null));

    ContactRequest opened = privacy.opened(sealed);

    assertThat(opened.getDetails()).isNull();
    assertThat(opened.getRecipient().getPhone()).isEqualTo(Requests.PHONE);
  }

  /** The request as the scheduler writes it: recipient and names sealed under the patient's key. */
  private ContactRequest sealed(ContactRequest.Builder clear) {
    String subject = Subjects.patient("P-1");
    Recipient recipient = clear.getRecipient();
    MessageDetails details = clear.getDetails();
    if (details != null) {
      details.put("patientGivenNames", cipher.seal(subject, details.getPatientGivenNames()));
      details.put("patientFullName", cipher.seal(subject, details.getPatientFullName()));
    }
    return clear.setRecipient(new Recipient(cipher.seal(subject, recipient.getPhone()),
        cipher.seal(subject, recipient.getEmail()))).build();
  }
}
