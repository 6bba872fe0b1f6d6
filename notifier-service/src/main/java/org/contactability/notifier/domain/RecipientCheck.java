package org.contactability.notifier.domain;

/** Whether a request's recipient can be reached on its channel, and at which normalised address. */
public sealed interface RecipientCheck {

  /** @param address E.164 phone number or e-mail address */
  record Valid(String address) implements RecipientCheck {
  }

  /** @param reason what is wrong, in words an operator can act on, without the address itself */
  record Invalid(String reason) implements RecipientCheck {
  }
}
