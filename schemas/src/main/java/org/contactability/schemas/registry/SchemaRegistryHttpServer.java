package org.contactability.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Serves an {@link InMemorySchemaRegistry} over the subset of the Confluent Schema Registry REST
 * API that serializers and tools such as Kafka UI use, so that the embedded platform looks like a
 * real deployment from the outside. Answers and error bodies follow Confluent's documentation:
 * {@code {"error_code": 40403, "message": "Schema not found"}}.
 */
public final class SchemaRegistryHttpServer implements AutoCloseable {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final InMemorySchemaRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper json = new ObjectMapper();

  private SchemaRegistryHttpServer(InMemorySchemaRegistry registry, HttpServer server) {
    this.registry = registry;
    this.server = server;
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "schema-registry-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving {@code registry} on {@code host:port} (port 0 picks a free one). */
  public static SchemaRegistryHttpServer start(InMemorySchemaRegistry registry, String host, int port) throws IOException {
    SchemaRegistryHttpServer server = new SchemaRegistryHttpServer(registry,
        HttpServer.create(new InetSocketAddress(host, port), 0));
    server.server.start();
    return server;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String[] path = segments(exchange.getRequestURI().getRawPath());
      try {
        JsonNode answer = route(method, path, exchange.getRequestBody());
        respond(exchange, 200, answer);
      } catch (SchemaRegistryException e) {
        respond(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
      } catch (SchemaParseException | IOException | IllegalArgumentException e) {
        respond(exchange, 422, error(SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage()));
      } catch (RuntimeException e) {
        respond(exchange, 500, error(50001, "Error in the backend data store: " + e));
      }
    }
  }

  private JsonNode route(String method, String[] path, InputStream body) throws IOException {
    if (path.length == 0) {
      return json.createObjectNode();
    }
    switch (path[0]) {
      case "subjects" -> {
        if (path.length == 1 && method.equals("GET")) {
          return json.valueToTree(registry.subjects());
        }
        String subject = path.length > 1 ? path[1] : "";
        if (path.length == 2 && method.equals("POST")) {
          Schema schema = readSchema(body);
          registry.idOf(subject, schema); // throws Confluent's "subject/schema not found" when absent
          return describe(registry.version(subject, registry.versionOf(subject, schema).orElseThrow()));
        }
        if (path.length == 3 && path[2].equals("versions")) {
          if (method.equals("GET")) {
            return json.valueToTree(registry.versions(subject));
          }
          if (method.equals("POST")) {
            return json.createObjectNode().put("id", registry.register(subject, readSchema(body)));
          }
        }
        if (path.length >= 4 && path[2].equals("versions") && method.equals("GET")) {
          RegisteredSchema version = path[3].equals("latest") ? registry.latest(subject)
              : registry.version(subject, versionNumber(path[3]));
          if (path.length == 5 && path[4].equals("schema")) {
            return json.readTree(version.schema().toString());
          }
          return describe(version);
        }
      }
      case "schemas" -> {
        if (path.length >= 3 && path[1].equals("ids") && method.equals("GET")) {
          Schema schema = registry.schemaById(versionNumber(path[2]));
          if (path.length == 4 && path[3].equals("schema")) {
            return json.readTree(schema.toString());
          }
          return json.createObjectNode().put("schema", schema.toString());
        }
        if (path.length == 2 && path[1].equals("types") && method.equals("GET")) {
          return json.createArrayNode().add("AVRO");
        }
      }
      case "config" -> {
        if (method.equals("GET")) {
          return json.createObjectNode().put("compatibilityLevel", registry.compatibility().name());
        }
      }
      case "compatibility" -> {
        if (path.length == 5 && path[1].equals("subjects") && method.equals("POST")) {
          return json.createObjectNode().put("is_compatible", registry.isCompatibleWithLatest(path[2], readSchema(body)));
        }
      }
      default -> {
        // falls through to the 404 below
      }
    }
    throw new SchemaRegistryException("HTTP 404 Not Found", 404, 404);
  }

  private ObjectNode describe(RegisteredSchema version) {
    return json.createObjectNode()
        .put("subject", version.subject())
        .put("version", version.version())
        .put("id", version.id())
        .put("schema", version.schema().toString());
  }

  private Schema readSchema(InputStream body) throws IOException {
    JsonNode request = json.readTree(body);
    if (request == null || !request.hasNonNull("schema")) {
      throw new IllegalArgumentException("the body must be {\"schema\": \"<Avro schema as a string>\"}");
    }
    String type = request.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new IllegalArgumentException("only AVRO schemas are supported, not " + type);
    }
    return new Schema.Parser().parse(request.get("schema").asText());
  }

  private static int versionNumber(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new SchemaRegistryException("The specified version '" + text + "' is not a valid version id.", 42202, 422);
    }
  }

  private ObjectNode error(int code, String message) {
    return json.createObjectNode().put("error_code", code).put("message", message);
  }

  private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String[] segments(String rawPath) {
    String trimmed = rawPath.replaceAll("^/+|/+$", "");
    if (trimmed.isEmpty()) {
      return new String[0];
    }
    String[] parts = trimmed.split("/");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
    }
    return parts;
  }
}
