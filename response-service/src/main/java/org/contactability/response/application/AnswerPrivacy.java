package org.contactability.response.application;

import org.contactability.common.PhoneNumber;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.SealedValue;
import org.contactability.common.privacy.Subjects;
import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;

/**
 * Patient data where answers are taken (docs/privacy.md). An answer holds who sent it and what they wrote the number and the text sealed under the data key of the patient
 * whose question it answers, so that erasing that patient makes them unreadable too; a number that answers nothing we
 * know gets a key of its own. The number is found again by its blind index, never by its clear form. The answer page and the call open the
 * patient's given names to greet them, and nothing else.
 */
public final class AnswerPrivacy {

  private final PatientDataCipher cipher;
  private final String phoneRegion;

  /** @param phoneRegion region of numbers written without a country code */
  public AnswerPrivacy(PatientDataCipher cipher, String phoneRegion) {
    this.cipher = cipher;
    this.phoneRegion = phoneRegion;
  }

  /**
   * The blind index of a question's recipient phone, as {@link #index} computes it for an inbound number; null when
   * the number is not a phone number or can no longer be read (its patient was erased).
   */
  public String recipientIndex(String sealedPhone) {
    try {
      return PhoneNumber.tryParse(cipher.reveal(sealedPhone), phoneRegion).map(PhoneNumber::e164)
          .map(cipher::blindIndex).orElse(null);
    } catch (UnreadablePatientData e) {
      return null;
    }
  }

  /** The blind index of a sender: of its E.164 form when it is a phone number, else of what the provider wrote. */
  public String index(String sender) {
    return sender == null ? null : cipher.blindIndex(sender);
  }

  /** {@code sender} sealed under the key of the patient {@code question} was sent to, or under its own. */
  String seal(String sender, String index, ContactRequest question) {
    if (sender == null) {
      return null;
    }
    String sibling = question == null ? null : question.getRecipient().getPhone();
    if (SealedValue.isSealed(sibling)) {
      try {
        return cipher.sealLike(sibling, sender);
      } catch (UnreadablePatientData e) {
        // the patient was erased since: the number is kept under a key of its own
      }
    }
    return cipher.seal(Subjects.sender(index), sender);
  }

  /**
   * {@code text} sealed under the same key as {@code sealedSender}, or, on the answer page (no sender), as the question's
   * recipient. Left as it is only next to data written before encryption, which has no key to follow.
   */
  String sealLike(String sealedSender, String text, ContactRequest question) {
    if (text == null) {
      return null;
    }
    for (String sibling : new String[] {sealedSender, question == null ? null : question.getRecipient().getPhone(),
        question == null ? null : question.getRecipient().getEmail()}) {
      if (SealedValue.isSealed(sibling)) {
        return cipher.sealLike(sibling, text);
      }
    }
    return text;
  }

  /** {@code details} with the patient's names opened, to greet them; without names when they can no longer be read. */
  MessageDetails withNamesOpened(MessageDetails details) {
    if (details == null) {
      return null;
    }
    MessageDetails.Builder opened = MessageDetails.newBuilder(details);
    try {
      opened.setPatientGivenNames(cipher.reveal(details.getPatientGivenNames()))
          .setPatientFullName(cipher.reveal(details.getPatientFullName()));
    } catch (UnreadablePatientData e) {
      opened.setPatientGivenNames(null).setPatientFullName(null);
    }
    return opened.build();
  }
}
