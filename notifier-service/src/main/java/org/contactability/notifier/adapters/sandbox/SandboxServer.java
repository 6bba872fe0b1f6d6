package org.contactability.notifier.adapters.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One sandbox served over HTTP, so that several notifier instances send to and settle against the same provider
 * stand-in, as a hospital's notifiers share one Twilio ({@link SandboxClient} is the notifiers' side):
 *
 * <pre>
 * POST /sandbox/messages            a {@link SandboxMessage}  → 200 the message held for its request (idempotent)
 * GET  /sandbox/requests?id=&lt;id&gt;    → 200 the message received for that request, 404 none
 * GET  /sandbox/messages?to=&lt;addr&gt;  → 200 what that phone or mailbox received, oldest first
 * </pre>
 *
 * It carries message texts: serve it on a loopback or private address only (demonstration data).
 */
public final class SandboxServer implements AutoCloseable {

  static final String MESSAGES = "/sandbox/messages";
  static final String REQUESTS = "/sandbox/requests";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SandboxInbox inbox;
  private final HttpServer server;
  private final ExecutorService executor;

  private SandboxServer(SandboxInbox inbox, HttpServer server) {
    this.inbox = inbox;
    this.server = server;
    // Both notifiers' sending threads call at once; the inbox serialises the writes anyway.
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread thread = new Thread(r, "sandbox-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Serves {@code inbox} on {@code host:port} (port 0 picks a free one); closing the server closes the inbox. */
  public static SandboxServer start(SandboxInbox inbox, String host, int port) throws IOException {
    SandboxServer server = new SandboxServer(inbox, HttpServer.create(new InetSocketAddress(host, port), 0));
    server.server.start();
    return server;
  }

  public URI url() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    inbox.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      try {
        if (method.equals("POST") && path.equals(MESSAGES)) {
          SandboxMessage message = JSON.readValue(exchange.getRequestBody(), SandboxMessage.class);
          if (message.requestId() == null || message.to() == null) {
            respond(exchange, 400, "a message needs its requestId and to");
          } else {
            respond(exchange, 200, inbox.deliver(message));
          }
        } else if (method.equals("GET") && path.equals(REQUESTS) && query.containsKey("id")) {
          Optional<SandboxMessage> held = inbox.ofRequest(query.get("id"));
          respond(exchange, held.isPresent() ? 200 : 404, held.isPresent() ? held.get() : "no message for that request");
        } else if (method.equals("GET") && path.equals(MESSAGES) && query.containsKey("to")) {
          respond(exchange, 200, inbox.of(query.get("to")));
        } else {
          respond(exchange, 404, "the sandbox serves POST " + MESSAGES + ", GET " + MESSAGES + "?to= and GET "
              + REQUESTS + "?id=");
        }
      } catch (JacksonException e) {
        respond(exchange, 400, "the body is not a sandbox message");
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> parameters = new HashMap<>();
    if (raw == null) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
