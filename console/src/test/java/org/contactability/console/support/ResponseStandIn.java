package org.contactability.console.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twilio.security.RequestValidator;

/**
 * A local stand-in for response-service's Twilio webhooks that validates X-Twilio-Signature with
 * twilio-java's own {@link RequestValidator} against the public URL it is told it is reached at,
 * exactly as response-service does, and records every request it accepted. Also serves a canned
 * notifier sandbox inbox ({@code /api/sandbox/messages?to=}), for pages that read it.
 */
public final class ResponseStandIn implements AutoCloseable {

  /** A webhook request as received. */
  public record Received(String path, Map<String, String> params, String signature, boolean valid) {
  }

  private final HttpServer server;
  private final RequestValidator validator;
  private final String publicBase;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final List<String> inboxQueries = Collections.synchronizedList(new ArrayList<>());
  private final List<String> faultCalls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> inboxes = Collections.synchronizedMap(new LinkedHashMap<>());

  private ResponseStandIn(String authToken, String publicBase) throws IOException {
    this.validator = new RequestValidator(authToken);
    this.publicBase = publicBase;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/twilio/", this::webhook);
    server.createContext("/api/sandbox/messages", this::inbox);
    server.createContext("/api/sandbox/faults", this::faults);
    server.start();
  }

  /** @param publicBase the base URL signatures must be computed over (may differ from where it listens) */
  public static ResponseStandIn start(String authToken, String publicBase) throws IOException {
    return new ResponseStandIn(authToken, publicBase);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<String> inboxQueries() {
    return List.copyOf(inboxQueries);
  }

  /** The calls of the sandbox's fault API, as {@code METHOD path body}. */
  public List<String> faultCalls() {
    return List.copyOf(faultCalls);
  }

  /** What {@code /api/sandbox/messages?to=<address>} answers (JSON), as the notifier's sandbox would. */
  public void inbox(String address, String json) {
    inboxes.put(address, json);
  }

  private void webhook(HttpExchange exchange) throws IOException {
    String body = read(exchange.getRequestBody());
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String path = exchange.getRequestURI().getPath();
    String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
    boolean valid = signature != null && validator.validate(publicBase + path, params, signature);
    received.add(new Received(path, params, signature, valid));
    if (valid) {
      respond(exchange, 200, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    } else {
      respond(exchange, 403, "text/plain", "Forbidden: X-Twilio-Signature invalid\n");
    }
  }

  private void inbox(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String to = query == null || !query.startsWith("to=") ? null
        : URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8);
    inboxQueries.add(to);
    respond(exchange, 200, "application/json", inboxes.getOrDefault(to, "[]"));
  }

  /** The notifier's fault API as it answers: one fault, f1, once added. */
  private void faults(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String body = read(exchange.getRequestBody());
    faultCalls.add((method + " " + path + " " + body).trim());
    switch (method) {
      case "POST" -> respond(exchange, 201, "application/json", body.replaceFirst("\\{", "{\"id\":\"f1\","));
      case "DELETE" -> respond(exchange, path.endsWith("/faults") || path.endsWith("/f1") ? 204 : 404, "text/plain", "");
      default -> respond(exchange, 200, "application/json", "[]");
    }
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
