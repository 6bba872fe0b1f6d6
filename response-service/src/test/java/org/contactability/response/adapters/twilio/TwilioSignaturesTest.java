package org.contactability.response.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.contactability.response.support.TwilioSigner;
import org.junit.jupiter.api.Test;

/** twilio-java's validator, as the service configures it, against an independent signer. */
class TwilioSignaturesTest {

  static final String URL = "https://respuestas.hospital.example/twilio/inbound";
  static final Map<String, String> PARAMS = Map.of("MessageSid", "SM123", "From", "+56912345678", "Body", "1",
      "To", "+56422586400");

  final TwilioSignatures signatures = new TwilioSignatures(List.of("primary-token", "secondary-token"));

  @Test
  void a_request_signed_with_the_accounts_token_verifies() {
    assertThat(signatures.verify(URL, PARAMS, TwilioSigner.sign("primary-token", URL, PARAMS))).isTrue();
  }

  @Test
  void during_a_token_rotation_the_secondary_token_verifies_too() {
    assertThat(signatures.verify(URL, PARAMS, TwilioSigner.sign("secondary-token", URL, PARAMS))).isTrue();
  }

  @Test
  void a_signature_made_with_another_token_does_not_verify() {
    assertThat(signatures.verify(URL, PARAMS, TwilioSigner.sign("someone-else", URL, PARAMS))).isFalse();
  }

  @Test
  void a_missing_or_blank_signature_does_not_verify() {
    assertThat(signatures.verify(URL, PARAMS, null)).isFalse();
    assertThat(signatures.verify(URL, PARAMS, "")).isFalse();
  }

  @Test
  void a_signature_replayed_with_a_changed_added_or_removed_parameter_does_not_verify() {
    String signature = TwilioSigner.sign("primary-token", URL, PARAMS);
    Map<String, String> changed = new HashMap<>(PARAMS);
    changed.put("Body", "2");
    Map<String, String> added = new HashMap<>(PARAMS);
    added.put("ButtonPayload", "CANCEL");
    Map<String, String> removed = new HashMap<>(PARAMS);
    removed.remove("Body");

    assertThat(signatures.verify(URL, changed, signature)).isFalse();
    assertThat(signatures.verify(URL, added, signature)).isFalse();
    assertThat(signatures.verify(URL, removed, signature)).isFalse();
  }

  @Test
  void a_signature_replayed_to_another_url_does_not_verify() {
    String signature = TwilioSigner.sign("primary-token", URL, PARAMS);

    assertThat(signatures.verify("https://respuestas.hospital.example/twilio/voice/x", PARAMS, signature)).isFalse();
  }

  @Test
  void without_a_configured_token_nothing_verifies() {
    TwilioSignatures none = new TwilioSignatures(List.of());

    assertThat(none.isConfigured()).isFalse();
    assertThat(none.verify(URL, PARAMS, TwilioSigner.sign("primary-token", URL, PARAMS))).isFalse();
  }
}
