package org.contactability.notifier.application;

import org.contactability.contracts.contact.DeliveryStatus;

/**
 * A status a provider reported after the send (a Twilio status callback, the sandbox's delivery).
 *
 * @param requestId         the request, when the report names it (our status callback URL carries it), else null
 * @param providerMessageId the provider's id of the message or call
 */
public record ProviderReport(String requestId, String providerMessageId, DeliveryStatus status, String errorCode,
    boolean permanent, String reason) {
}
