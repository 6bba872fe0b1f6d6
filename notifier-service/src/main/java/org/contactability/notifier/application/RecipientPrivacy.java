package org.contactability.notifier.application;

import org.apache.avro.specific.SpecificRecordBase;
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

  private static final int RECIPIENT = ContactRequest.getClassSchema().getField("recipient").pos();
  private static final int DETAILS = ContactRequest.getClassSchema().getField("details").pos();
  private static final int PATIENT_GIVEN_NAMES = MessageDetails.getClassSchema().getField("patientGivenNames").pos();
  private static final int PATIENT_FULL_NAME = MessageDetails.getClassSchema().getField("patientFullName").pos();

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
    ContactRequest opened = shallowCopy(request, new ContactRequest());
    Recipient recipient = request.getRecipient();
    opened.put(RECIPIENT, new Recipient(cipher.reveal(recipient.getPhone()), cipher.reveal(recipient.getEmail())));
    MessageDetails details = request.getDetails();
    if (details != null) {
      MessageDetails openedDetails = shallowCopy(details, new MessageDetails());
      openedDetails.put(PATIENT_GIVEN_NAMES, cipher.reveal(details.getPatientGivenNames()));
      openedDetails.put(PATIENT_FULL_NAME, cipher.reveal(details.getPatientFullName()));
      opened.put(DETAILS, openedDetails);
    }
    return opened;
  }

  /**
   * {@code into} with every field of {@code from}, the values shared rather than copied: Avro's builders copy every
   * nested record, map and string deeply, about a tenth of the notifier lane threads' time in the profile of a sealed
   * burst. Sharing is safe because neither the request nor its opened copy is changed after this (only the fields
   * replaced above differ, and those are new objects).
   */
  private static <T extends SpecificRecordBase> T shallowCopy(T from, T into) {
    int fields = from.getSchema().getFields().size();
    for (int field = 0; field < fields; field++) {
      into.put(field, from.get(field));
    }
    return into;
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
