package org.contactability.notifier.application;

import java.time.Clock;
import java.util.UUID;

import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;

/** Builds contact.status events from a request or from the request's latest status. */
final class StatusEvents {

  private final Clock clock;

  StatusEvents(Clock clock) {
    this.clock = clock;
  }

  ContactStatus.Builder of(ContactRequest request, DeliveryStatus status, String provider, String address) {
    return ContactStatus.newBuilder()
        .setStatusId(UUID.randomUUID().toString())
        .setRequestId(request.getRequestId())
        .setCorrelation(request.getCorrelation())
        .setHospitalCode(request.getHospitalCode())
        .setPurpose(request.getPurpose())
        .setChannel(request.getChannel())
        .setRecipient(address)
        .setStatus(status)
        .setProvider(provider)
        .setOccurredAt(clock.instant());
  }

  /** The next status of a request whose latest status is {@code latest}: same request, new event. */
  ContactStatus.Builder after(ContactStatus latest, DeliveryStatus status) {
    return ContactStatus.newBuilder()
        .setStatusId(UUID.randomUUID().toString())
        .setRequestId(latest.getRequestId())
        .setCorrelation(latest.getCorrelation())
        .setHospitalCode(latest.getHospitalCode())
        .setPurpose(latest.getPurpose())
        .setChannel(latest.getChannel())
        .setRecipient(latest.getRecipient())
        .setStatus(status)
        .setProvider(latest.getProvider())
        .setProviderMessageId(latest.getProviderMessageId())
        .setSmsSegments(latest.getSmsSegments())
        .setSmsEncoding(latest.getSmsEncoding())
        .setOccurredAt(clock.instant());
  }

  /** Sets the kind of failure, and {@code permanent} as readers of older versions of the contract read it. */
  static ContactStatus.Builder failure(ContactStatus.Builder status, FailureKind failure) {
    return status.setFailure(failure).setPermanent(failure == FailureKind.PERMANENT);
  }
}
