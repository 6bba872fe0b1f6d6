package org.contactability.notifier.application;

import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.SealedValue;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.Recipient;

/**
 * The notifier opens patient data at send time only (docs/privacy.md): a request's recipient and the names its message
 * greets are opened for the provider call and nowhere else. What it writes back stays sealed (the address on
 * contact.status, under the same key as the request's), and the lists it keeps by address (opt-outs, the WhatsApp
 * sender's unique recipients) hold blind indexes instead of numbers.
 */
public final class RecipientPrivacy {

  private final PatientDataCipher cipher;

  public RecipientPrivacy(PatientDataCipher cipher) {
    this.cipher = cipher;
  }

  /**
   * A copy of {@code request} with its recipient and the patient's names in clear, for checking and rendering.
   *
   * @throws org.contactability.common.privacy.UnreadablePatientData when they cannot be opened (the patient erased)
   */
  ContactRequest opened(ContactRequest request) {
    ContactRequest.Builder opened = ContactRequest.newBuilder(request);
    Recipient recipient = request.getRecipient();
    opened.setRecipient(Recipient.newBuilder().setPhone(cipher.reveal(recipient.getPhone()))
        .setEmail(cipher.reveal(recipient.getEmail())).build());
    MessageDetails details = request.getDetails();
    if (details != null) {
      opened.setDetails(MessageDetails.newBuilder(details)
          .setPatientGivenNames(cipher.reveal(details.getPatientGivenNames()))
          .setPatientFullName(cipher.reveal(details.getPatientFullName())).build());
    }
    return opened.build();
  }

  /**
   * {@code address} (the normalised form of the request's recipient) sealed under the key of that recipient; as it is
   * only when the request itself carried it in clear (written before encryption).
   */
  String sealedAddress(ContactRequest request, String address) {
    if (address == null) {
      return null;
    }
    for (String sibling : new String[] {request.getRecipient().getPhone(), request.getRecipient().getEmail()}) {
      if (SealedValue.isSealed(sibling)) {
        return cipher.sealLike(sibling, address);
      }
    }
    return address;
  }

  /** The blind index of a normalised address: what the opt-out list and the WhatsApp window hold. */
  public String index(String address) {
    return cipher.blindIndex(address);
  }

  /**
   * {@code status} with its recipient replaced by the recipient's blind index, for the WhatsApp window; without a
   * recipient when it can no longer be read (the patient was erased, so they are no longer counted).
   */
  public ContactStatus indexed(ContactStatus status) {
    if (status.getRecipient() == null) {
      return status;
    }
    String index;
    try {
      index = cipher.blindIndex(cipher.reveal(status.getRecipient()));
    } catch (org.contactability.common.privacy.UnreadablePatientData e) {
      index = null;
    }
    return ContactStatus.newBuilder(status).setRecipient(index).build();
  }
}
