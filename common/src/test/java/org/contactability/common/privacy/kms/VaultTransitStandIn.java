package org.contactability.common.privacy.kms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for HashiCorp Vault's Transit secrets engine (API v1), so that {@link VaultTransitKeks} sends its
 * real requests: one mount, one aes256-gcm96 key whose versions really encrypt (AES-256-GCM, a key per version), and
 * the calls the adapter makes: {@code POST /v1/<mount>/encrypt/<key>} (with {@code key_version}),
 * {@code POST /v1/<mount>/decrypt/<key>} and {@code GET /v1/<mount>/keys/<key>}; what an operator does with the vault
 * CLI (rotate, raise {@code min_decryption_version}) are methods. Ciphertexts are {@code vault:v<n>:<base64>}.
 * Like Vault it answers 403 {@code {"errors":["permission denied"]}} without the right {@code X-Vault-Token} (and
 * {@code X-Vault-Namespace}, when it has one), and 400 with the reason for a ciphertext older than the minimum
 * decryption version, damaged, or of a version it does not have. It records every request.
 */
final class VaultTransitStandIn implements AutoCloseable {

  /** One request as received. */
  record Received(String method, String path, String token, String namespace) {
  }

  private static final Pattern CIPHERTEXT = Pattern.compile("vault:v(\\d+):(.+)");
  private static final int NONCE_BYTES = 12;

  private final HttpServer server;
  private final String mount;
  private final String key;
  private final String token;
  private final String namespace;
  private final SecureRandom random = new SecureRandom();
  private final List<SecretKey> versions = new ArrayList<>();
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private int minDecryptionVersion = 1;

  private VaultTransitStandIn(String mount, String key, String token, String namespace) throws IOException {
    this.mount = mount;
    this.key = key;
    this.token = token;
    this.namespace = namespace;
    rotate();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  /** A stand-in with key {@code key} (version 1) on mount {@code mount}, answering {@code token} only. */
  static VaultTransitStandIn start(String mount, String key, String token, String namespace) {
    try {
      return new VaultTransitStandIn(mount, key, token, namespace);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the Vault Transit stand-in", e);
    }
  }

  URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** What {@code vault write -f <mount>/keys/<key>/rotate} does: a new latest version. */
  synchronized int rotate() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      versions.add(generator.generateKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return versions.size();
  }

  /** What {@code vault write <mount>/keys/<key>/config min_decryption_version=<n>} does. */
  synchronized void retireBelow(int version) {
    minDecryptionVersion = version;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String givenToken = exchange.getRequestHeaders().getFirst("X-Vault-Token");
      String givenNamespace = exchange.getRequestHeaders().getFirst("X-Vault-Namespace");
      received.add(new Received(method, path, givenToken, givenNamespace));
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (!token.equals(givenToken) || (namespace != null && !namespace.equals(givenNamespace))) {
        answer(exchange, 403, errors("permission denied"));
        return;
      }
      String base = "/v1/" + mount + "/";
      if (!path.startsWith(base)) {
        answer(exchange, 404, errors("no handler for route \"" + path.substring("/v1/".length()) + "\""));
        return;
      }
      String route = method + " " + path.substring(base.length());
      JsonObject request = body.length == 0 ? new JsonObject()
          : JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
      synchronized (this) {
        if (route.equals("POST encrypt/" + key)) {
          encrypt(exchange, request);
        } else if (route.equals("POST decrypt/" + key)) {
          decrypt(exchange, request);
        } else if (route.equals("GET keys/" + key)) {
          answer(exchange, 200, data(keyInfo()));
        } else {
          answer(exchange, 404, errors("no handler for route \"" + path.substring("/v1/".length()) + "\""));
        }
      }
    }
  }

  private void encrypt(HttpExchange exchange, JsonObject request) throws IOException {
    int version = request.has("key_version") ? request.get("key_version").getAsInt() : versions.size();
    if (version == 0) {
      version = versions.size();
    }
    if (version > versions.size() || version < 1) {
      answer(exchange, 400, errors("requested version for encryption is higher than the latest key version"));
      return;
    }
    byte[] plaintext = Base64.getDecoder().decode(request.get("plaintext").getAsString());
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      sealed = aes(Cipher.ENCRYPT_MODE, version, nonce, plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    JsonObject result = new JsonObject();
    result.addProperty("ciphertext", "vault:v" + version + ":" + Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
    result.addProperty("key_version", version);
    answer(exchange, 200, data(result));
  }

  private void decrypt(HttpExchange exchange, JsonObject request) throws IOException {
    Matcher ciphertext = CIPHERTEXT.matcher(request.get("ciphertext").getAsString());
    if (!ciphertext.matches()) {
      answer(exchange, 400, errors("invalid ciphertext: no prefix"));
      return;
    }
    int version = Integer.parseInt(ciphertext.group(1));
    if (version < minDecryptionVersion) {
      answer(exchange, 400, errors("ciphertext or signature version is disallowed by policy (too old)"));
      return;
    }
    if (version > versions.size()) {
      answer(exchange, 400, errors("invalid key version"));
      return;
    }
    byte[] bytes = Base64.getDecoder().decode(ciphertext.group(2));
    byte[] nonce = new byte[NONCE_BYTES];
    System.arraycopy(bytes, 0, nonce, 0, NONCE_BYTES);
    byte[] plaintext;
    try {
      plaintext = aes(Cipher.DECRYPT_MODE, version, nonce,
          Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length));
    } catch (GeneralSecurityException e) {
      answer(exchange, 400, errors("cipher: message authentication failed"));
      return;
    }
    JsonObject result = new JsonObject();
    result.addProperty("plaintext", Base64.getEncoder().encodeToString(plaintext));
    answer(exchange, 200, data(result));
  }

  private byte[] aes(int mode, int version, byte[] nonce, byte[] input) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, versions.get(version - 1), new GCMParameterSpec(128, nonce));
    return cipher.doFinal(input);
  }

  private JsonObject keyInfo() {
    JsonObject info = new JsonObject();
    info.addProperty("name", key);
    info.addProperty("type", "aes256-gcm96");
    info.addProperty("latest_version", versions.size());
    info.addProperty("min_decryption_version", minDecryptionVersion);
    info.addProperty("min_encryption_version", 0);
    JsonObject keys = new JsonObject();
    for (int version = 1; version <= versions.size(); version++) {
      keys.addProperty(Integer.toString(version), 1_700_000_000L + version);
    }
    info.add("keys", keys);
    return info;
  }

  private static JsonObject data(JsonObject data) {
    JsonObject answer = new JsonObject();
    answer.add("data", data);
    return answer;
  }

  private static JsonObject errors(String error) {
    JsonArray errors = new JsonArray();
    errors.add(error);
    JsonObject answer = new JsonObject();
    answer.add("errors", errors);
    return answer;
  }

  private static void answer(HttpExchange exchange, int status, JsonObject body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
