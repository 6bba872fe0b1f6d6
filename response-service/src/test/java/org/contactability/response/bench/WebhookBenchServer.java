package org.contactability.response.bench;

import java.io.Writer;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Recipient;
import org.contactability.response.ResponseApplication;
import org.contactability.response.application.AnswerDirectory;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.TwilioSigner;
import org.contactability.schemas.serde.AvroSerializer;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service under load, for {@code bench/webhook-load.sh}: the real service on a free port, connected
 * to the broker {@link BenchBroker} runs in another JVM, patients who were sent WhatsApp and SMS reminders (with their delivery reports), and a
 * file of distinct inbound webhooks signed as Twilio signs them (quick replies, bare digits, free text)
 * for the load generator to send. Runs until a file named {@code stop} appears in the output directory.
 *
 * <p>Arguments: output directory (holding the broker's {@code bootstrap} file), then any Spring arguments for
 * the service. System properties: {@code bench.patients} (default 5000),
 * {@code bench.requests} (distinct signed requests, default 60000).
 */
public final class WebhookBenchServer {

  static final String PUBLIC_URL = "https://respuestas.bench.example";
  static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  private WebhookBenchServer() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
    int patients = Integer.getInteger("bench.patients", 5000);
    int requests = Integer.getInteger("bench.requests", 60000);
    Files.createDirectories(out);
    String registry = "mem://bench";
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    String bootstrap = Files.readString(out.resolve("bootstrap")).trim();
    Map<String, Object> properties = new HashMap<>();
    properties.put("server.port", port);
    properties.put("spring.kafka.bootstrap-servers", bootstrap);
    properties.put("contactability.kafka.schema-registry-url", registry);
    properties.put("contactability.response.public-base-url", PUBLIC_URL);
    properties.put("contactability.response.twilio.auth-tokens", AUTH_TOKEN);
    properties.put("contactability.response.default-hospital", Fixtures.HOSPITAL);
    properties.put("contactability.response.streams.state-dir", out.resolve("state-" + port).toString());
    properties.put("contactability.response.streams.application-id", "response-bench-" + port);
    properties.put("logging.level.org.apache.kafka", "WARN");
    properties.put("logging.level.org.contactability.response.adapters.twilio", "ERROR");
    // As arguments, not SpringApplicationBuilder.properties(): those are defaults that application.yml overrides.
    // Further arguments (e.g. --spring.kafka.producer.properties.linger.ms=20) are passed on to the service.
    String[] arguments = java.util.stream.Stream.concat(
        properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()),
        java.util.Arrays.stream(args).skip(1)).toArray(String[]::new);
    ConfigurableApplicationContext app = new SpringApplicationBuilder(ResponseApplication.class).run(arguments);
    try {
      seedAndWrite(app, bootstrap, registry, patients, requests, out, port);
      System.out.println("READY port=" + port);
      System.out.flush();
      while (!Files.exists(out.resolve("stop"))) {
        Thread.sleep(200);
      }
    } finally {
      app.close();
    }
  }

  private static void seedAndWrite(ConfigurableApplicationContext app, String bootstrap, String registry,
      int patients, int requests, Path out, int port) throws Exception {
    Clock clock = app.getBean(Clock.class);
    AnswerDirectory directory = app.getBean(AnswerDirectory.class);
    TopicNaming naming = app.getBean(TopicNaming.class);
    Instant now = clock.instant();
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
    values.configure(Map.of("schema.registry.url", registry), false);
    long started = System.nanoTime();
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(settings, new StringSerializer(),
        values)) {
      for (int i = 0; i < patients; i++) {
        String id = "bench-" + i;
        LocalDateTime starts = LocalDateTime.ofInstant(now, SANTIAGO).plusDays(5 + i % 20)
            .truncatedTo(ChronoUnit.HOURS).withHour(8 + i % 9);
        Appointment appointment = Fixtures.appointment(id, starts);
        send(producer, naming, Topics.APPOINTMENTS, id, appointment);
        Channel channel = i % 2 == 0 ? Channel.WHATSAPP : Channel.SMS;
        ContactRequest reminder = ContactRequest.newBuilder(
            Fixtures.reminder(id + ":reminder:1:" + channel, appointment, channel, null, now))
            .setRecipient(Recipient.newBuilder().setPhone(phone(i)).build()).build();
        send(producer, naming, Topics.CONTACT_REQUESTS, id, reminder);
        send(producer, naming, Topics.CONTACT_STATUS, id,
            Fixtures.status(reminder, DeliveryStatus.DELIVERED, "SMout" + i, now));
      }
      producer.flush();
    }
    String last = "SMout" + (patients - 1);
    while (!directory.isReady() || directory.requestByProviderMessageId(last).isEmpty()) {
      Thread.sleep(100);
    }
    System.out.printf("Seeded %d patients in %d ms%n", patients,
        Duration.ofNanos(System.nanoTime() - started).toMillis());

    Random random = new Random(42);
    String url = PUBLIC_URL + "/twilio/inbound";
    try (Writer file = Files.newBufferedWriter(out.resolve("inbound-requests.txt"))) {
      for (int n = 0; n < requests; n++) {
        int patient = random.nextInt(patients);
        Map<String, String> params = inbound(n, patient, random);
        file.write(TwilioSigner.sign(AUTH_TOKEN, url, params) + " " + form(params) + "\n");
      }
    }
    Files.writeString(out.resolve("port"), Integer.toString(port));
  }

  /** What Twilio posts for an inbound WhatsApp or SMS message; half the WhatsApp ones are quick replies. */
  private static Map<String, String> inbound(int n, int patient, Random random) {
    boolean whatsapp = patient % 2 == 0;
    String sid = String.format("SMbench%026d", n);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("ToCountry", "CL");
    params.put("SmsMessageSid", sid);
    params.put("NumMedia", "0");
    params.put("SmsSid", sid);
    params.put("SmsStatus", "received");
    params.put("To", (whatsapp ? "whatsapp:" : "") + "+56422586400");
    params.put("From", (whatsapp ? "whatsapp:" : "") + phone(patient));
    params.put("MessageSid", sid);
    params.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
    params.put("NumSegments", "1");
    params.put("ApiVersion", "2010-04-01");
    int kind = random.nextInt(10);
    if (whatsapp && kind < 6) {
      boolean confirm = random.nextInt(4) > 0;
      params.put("Body", confirm ? "Confirme su cita" : "Cancele su cita");
      params.put("ButtonText", confirm ? "Confirme su cita" : "Cancele su cita");
      params.put("ButtonPayload", confirm ? "CONFIRM" : "CANCEL");
      params.put("OriginalRepliedMessageSid", "SMout" + patient);
      params.put("MessageType", "button");
      params.put("ProfileName", "Paciente");
      params.put("WaId", phone(patient).substring(1));
    } else {
      String[] texts = {"1", "2", "Sí", "confirmo", "si, gracias", "ok", "¿a qué hora era?", "1", "cancelar", "1"};
      params.put("Body", texts[kind]);
    }
    return params;
  }

  private static String phone(int patient) {
    return String.format("+5699%07d", patient);
  }

  private static String form(Map<String, String> params) {
    StringBuilder body = new StringBuilder();
    params.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return body.toString();
  }

  private static <V extends SpecificRecord> void send(KafkaProducer<String, SpecificRecord> producer,
      TopicNaming naming, TopicSpec<V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(naming.name(topic), key, value));
  }

}
