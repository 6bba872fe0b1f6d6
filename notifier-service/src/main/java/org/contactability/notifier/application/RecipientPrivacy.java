package org.contactability.notifier.application;

import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.SealedValue;
import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.contracts.contact.ContactRequest;
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

  /**
   * The key an address is kept under in the opt-out list and the WhatsApp window: the blind index of the normalised
   * address, given in clear or sealed (a status read back); null when it can no longer be read (the patient erased).
   */
  public String key(String address) {
    if (address == null) {
      return null;
    }
    try {
      return cipher.blindIndex(cipher.reveal(address));
    } catch (UnreadablePatientData e) {
      return null;
    }
  }
}
