package org.contactability.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/**
 * Client of the Confluent Schema Registry REST API (also served by Apicurio's ccompat API and by
 * {@link SchemaRegistryHttpServer}). Ids and registrations are cached: a schema is looked up once
 * per process, so the registry is off the hot path of every produce and consume.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final int ATTEMPTS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

  private final List<URI> baseUris;
  private final String authorization;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

  /**
   * @param baseUrls  one or more registry URLs; the next one is tried when one cannot be reached
   * @param userInfo  "user:password" for HTTP basic authentication, or {@code null}
   */
  public HttpSchemaRegistry(List<String> baseUrls, String userInfo, Duration requestTimeout) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one schema registry URL is needed");
    }
    this.baseUris = baseUrls.stream().map(u -> URI.create(u.endsWith("/") ? u : u + "/")).toList();
    this.authorization = userInfo == null || userInfo.isBlank() ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = Objects.requireNonNull(requestTimeout);
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
  }

  public HttpSchemaRegistry(String baseUrl) {
    this(List.of(baseUrl), null, Duration.ofSeconds(10));
  }

  @Override
  public int register(String subject, Schema schema) {
    String cacheKey = subject + '\n' + schema;
    Integer cached = idsBySubjectAndSchema.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema));
    int id = answer.path("id").asInt();
    idsBySubjectAndSchema.put(cacheKey, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public int idOf(String subject, Schema schema) {
    String cacheKey = subject + '\n' + schema;
    Integer cached = idsBySubjectAndSchema.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "subjects/" + encode(subject), schemaBody(schema));
    int id = answer.path("id").asInt();
    idsBySubjectAndSchema.put(cacheKey, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("GET", "schemas/ids/" + id, null);
    Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
    schemasById.putIfAbsent(id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode answer = send("GET", "subjects/" + encode(subject) + "/versions/latest", null);
    int id = answer.path("id").asInt();
    Schema schema = parse(answer.path("schema").asText(), "subject " + subject);
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(answer.path("subject").asText(subject), answer.path("version").asInt(), id, schema);
  }

  @Override
  public String location() {
    return baseUris.get(0).toString();
  }

  private String schemaBody(Schema schema) {
    return json.createObjectNode().put("schema", schema.toString()).toString();
  }

  private JsonNode send(String method, String path, String body) {
    SchemaRegistryException last = null;
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      for (URI base : baseUris) {
        try {
          return sendOnce(base, method, path, body);
        } catch (SchemaRegistryException e) {
          if (!e.isRetriable()) {
            throw e;
          }
          last = e;
        }
      }
      if (attempt < ATTEMPTS) {
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
    throw last;
  }

  private JsonNode sendOnce(URI base, String method, String path, String body) {
    URI uri = base.resolve(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Accept", CONTENT_TYPE + ", application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaRegistryException("Schema registry at " + base + " could not be reached (" + method + " /"
          + path + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted while calling the schema registry at " + base, e);
    }
    JsonNode answer = readJson(response.body());
    if (response.statusCode() / 100 != 2) {
      int errorCode = answer.path("error_code").asInt(response.statusCode());
      String message = answer.path("message").asText(response.body());
      throw new SchemaRegistryException("Schema registry at " + base + " answered " + response.statusCode()
          + " (error " + errorCode + ") to " + method + " /" + path + ": " + message, errorCode, response.statusCode());
    }
    return answer;
  }

  private JsonNode readJson(String text) {
    if (text == null || text.isBlank()) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      // A proxy's HTML error page, say: keep the status code, explain the body.
      return json.createObjectNode().put("message", "unreadable answer: "
          + text.substring(0, Math.min(200, text.length())));
    }
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      throw new SchemaRegistryException("The registry returned an unreadable Avro schema for " + what + ": "
          + e.getMessage(), SchemaRegistryException.INVALID_SCHEMA, 200);
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted while waiting to retry the schema registry", e);
    }
  }
}
