package org.contactability.notifier.adapters.sandbox;

import java.time.Instant;
import java.util.List;

import org.contactability.notifier.application.Button;

/**
 * What a phone or a mailbox of the sandbox received: the platform's patient-phone page shows it.
 *
 * @param to       E.164 phone or e-mail address
 * @param text     the text as the patient reads it (voice: the script the call reads)
 * @param subject  e-mail subject, else null
 * @param buttons  quick replies with their payloads (WhatsApp; e-mail and voice: the answers offered)
 * @param links    answer links in the message (voice: the TwiML URL the call would fetch)
 */
public record SandboxMessage(String channel, String to, String text, String subject, List<Button> buttons,
    List<String> links, String providerMessageId, String requestId, String hospitalCode, String template,
    Instant receivedAt) {
}
