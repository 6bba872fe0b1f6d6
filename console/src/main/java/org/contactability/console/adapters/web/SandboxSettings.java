package org.contactability.console.adapters.web;

/**
 * The patient-phone page and the sandbox API, as config hands them to the controllers.
 *
 * @param enabled           whether the page and {@code /api/sandbox/messages} are served
 * @param notifierUrl       where the notifier serves {@code /api/sandbox/messages}, without a trailing slash
 * @param responseUrl       where response-service is reached from the console, without a trailing slash
 * @param responsePublicUrl the base URL response-service validates signatures against, without a trailing slash
 * @param twilioAuthToken   the token simulated webhooks are signed with
 * @param twilioAccountSid  the account id put on simulated webhooks
 * @param hospitalNumber    the hospital's WhatsApp and SMS number, the {@code To} of a patient's reply
 * @param defaultRegion     region of phone numbers written without a country code
 * @param patientsShown     patients listed at most by the page's picker
 */
public record SandboxSettings(boolean enabled, String notifierUrl, String responseUrl, String responsePublicUrl,
    String twilioAuthToken, String twilioAccountSid, String hospitalNumber, String defaultRegion, int patientsShown) {
}
