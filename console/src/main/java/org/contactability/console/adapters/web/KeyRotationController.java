package org.contactability.console.adapters.web;

import java.security.GeneralSecurityException;
import java.util.Map;

import org.contactability.console.application.ConsolePrivacy;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The data keys after a KEK rotation (docs/privacy.md): {@code GET /api/privacy/keys} says how many live data keys an
 * older KEK still wraps; {@code POST /api/privacy/keys/rewrap} wraps them again with the primary KEK (200 with the
 * count; 502 when the KMS refused, with its reason).
 */
@RestController
public class KeyRotationController {

  private final ConsolePrivacy privacy;

  public KeyRotationController(ConsolePrivacy privacy) {
    this.privacy = privacy;
  }

  @GetMapping("/api/privacy/keys")
  public Map<String, Object> keys() {
    return Map.of("wrappedWithOlderKeks", privacy.wrappedWithOlderKeks());
  }

  @PostMapping("/api/privacy/keys/rewrap")
  public ResponseEntity<Map<String, Object>> rewrap() {
    try {
      return ResponseEntity.ok(Map.of("rewrapped", privacy.rewrap(), "wrappedWithOlderKeks",
          privacy.wrappedWithOlderKeks()));
    } catch (GeneralSecurityException e) {
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error",
          "El KMS no permitió volver a cifrar las claves: " + e.getMessage()));
    }
  }
}
