package org.contactability.notifier.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.twilio.http.TwilioRestClient;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.common.kafka.ConsumerDeadLetters;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.KafkaClientMeters;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.notifier.adapters.kafka.KafkaClients;
import org.contactability.notifier.adapters.kafka.NotifierRuntime;
import org.contactability.notifier.adapters.kafka.OptOutRecorder;
import org.contactability.notifier.adapters.kafka.RecordWriter;
import org.contactability.notifier.adapters.kafka.RequestLane;
import org.contactability.notifier.adapters.kafka.TopicFollower;
import org.contactability.notifier.adapters.mail.CalendarInvites;
import org.contactability.notifier.adapters.mail.SmtpMailSender;
import org.contactability.notifier.adapters.sandbox.SandboxChannel;
import org.contactability.notifier.adapters.sandbox.SandboxFaults;
import org.contactability.notifier.adapters.sandbox.SandboxInbox;
import org.contactability.notifier.adapters.sandbox.SandboxJournal;
import org.contactability.notifier.adapters.templates.MustacheTemplateLibrary;
import org.contactability.notifier.adapters.twilio.TwilioMessagingSender;
import org.contactability.notifier.adapters.twilio.TwilioRestClients;
import org.contactability.notifier.adapters.twilio.TwilioSenders;
import org.contactability.notifier.adapters.twilio.TwilioVoiceSender;
import org.contactability.notifier.adapters.web.NotifierHealth;
import org.contactability.notifier.adapters.web.SandboxEndpoint;
import org.contactability.notifier.adapters.web.SandboxFaultsEndpoint;
import org.contactability.notifier.adapters.web.TwilioStatusEndpoint;
import org.contactability.notifier.application.ChannelDispatch;
import org.contactability.notifier.application.ChannelSender;
import org.contactability.notifier.application.ContactRequestHandler;
import org.contactability.notifier.application.DeliveryLedger;
import org.contactability.notifier.application.DeliveryReports;
import org.contactability.notifier.application.MessageComposer;
import org.contactability.notifier.application.MessageTemplates;
import org.contactability.notifier.application.NotifierMetrics;
import org.contactability.notifier.application.ResilientSending;
import org.contactability.notifier.application.Suppressions;
import org.contactability.notifier.config.NotifierProperties.ChannelSettings;
import org.contactability.notifier.config.NotifierProperties.Hospital;
import org.contactability.notifier.config.NotifierProperties.Provider;
import org.contactability.notifier.domain.Recipients;
import org.contactability.notifier.domain.SendingRules;
import org.contactability.notifier.domain.UniqueRecipientLimit;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Wires notifier-service: templates, channels, resilience, the Kafka lanes and the web endpoints. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifierProperties.class)
public class NotifierConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(NotifierConfiguration.class);

  /** Lanes: each its own consumer group and bulkhead. WEB requests cannot be sent; the e-mail lane refuses them. */
  static final Map<String, Set<Channel>> LANES = lanes();

  private static Map<String, Set<Channel>> lanes() {
    Map<String, Set<Channel>> lanes = new LinkedHashMap<>();
    lanes.put("whatsapp", Set.of(Channel.WHATSAPP));
    lanes.put("sms", Set.of(Channel.SMS));
    lanes.put("voice", Set.of(Channel.VOICE));
    lanes.put("email", Set.of(Channel.EMAIL, Channel.WEB));
    return Collections.unmodifiableMap(lanes);
  }

  @Bean
  ChannelPlan channelPlan(NotifierProperties properties) {
    return ChannelPlan.of(properties);
  }

  @Bean
  Recipients recipients(NotifierProperties properties) {
    return new Recipients(properties.phoneRegion());
  }

  @Bean
  DeliveryLedger deliveryLedger() {
    return new DeliveryLedger();
  }

  @Bean
  Suppressions suppressions() {
    return new Suppressions();
  }

  @Bean
  NotifierMetrics notifierMetrics(MeterRegistry registry) {
    return new NotifierMetrics(registry, Clock.systemUTC());
  }

  @Bean
  MustacheTemplateLibrary templates(ResourceLoader resourceLoader, NotifierProperties properties,
      HospitalProfiles profiles) {
    return new MustacheTemplateLibrary(resourceLoader, properties.templateLocations(), profiles);
  }

  @Bean
  MessageComposer messageComposer(MessageTemplates templates, NotifierProperties properties,
      HospitalProfiles profiles) {
    Function<String, Hospital> hospital = code -> properties.hospitals().get(code);
    return new MessageComposer(templates, new MessageComposer.Settings(properties.linksBaseUrl(),
        properties.responseBaseUrl(),
        code -> {
          Hospital h = hospital.apply(code);
          return h != null && h.zone() != null ? h.zone() : properties.defaultZone();
        },
        code -> {
          Hospital h = hospital.apply(code);
          return h != null && h.transliterateSms();
        },
        properties.appointmentDuration()), profiles);
  }

  @Bean
  ResilientSending resilientSending(NotifierProperties properties, ChannelPlan plan, MeterRegistry registry,
      Clock clock) {
    NotifierProperties.Resilience r = properties.resilience();
    ResilientSending sending = new ResilientSending(
        new ResilientSending.RetrySettings(r.retry().initialBackoff(), r.retry().multiplier(), r.retry().jitter(),
            r.retry().maxBackoff(), r.retry().longest()),
        new ResilientSending.BreakerSettings(r.breaker().failureRateThreshold(), r.breaker().slidingWindowSize(),
            r.breaker().minimumCalls(), r.breaker().openFor(), r.breaker().halfOpenCalls()),
        senderKey -> new ResilientSending.RateSettings(plan.rateOf(senderKey, properties), r.rateLimitMaxWait()),
        clock, wait -> Thread.sleep(wait.toMillis()));
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(sending.breakers()).bindTo(registry);
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(sending.limiters()).bindTo(registry);
    return sending;
  }

  @Bean(destroyMethod = "close")
  KafkaClientMeters kafkaClientMeters(MeterRegistry registry) {
    return new KafkaClientMeters(registry);
  }

  @Bean
  KafkaClients kafkaClients(KafkaProperties kafka, NotifierProperties properties, KafkaClientMeters kafkaClientMeters) {
    return new KafkaClients(kafka.buildConsumerProperties(), kafka.buildProducerProperties(),
        properties.kafka().clientIdPrefix(), kafkaClientMeters);
  }

  @Bean(destroyMethod = "close")
  RecordWriter recordWriter(KafkaClients clients, AvroSerdes serdes, TopicNaming naming, NotifierProperties properties) {
    return new RecordWriter(clients.producer("writer"), serdes, naming, properties.kafka().writeTimeout());
  }

  @Bean(destroyMethod = "close")
  Producer<String, byte[]> deadLetterProducer(KafkaClients clients) {
    return clients.producer("dead-letters");
  }

  @Bean
  ConsumerDeadLetters deadLetters(Producer<String, byte[]> deadLetterProducer, AvroSerdes serdes, Clock clock,
      TopicNaming naming, MeterRegistry registry, NotifierProperties properties) {
    return new ConsumerDeadLetters(new DeadLetters("notifier-service", clock, naming, registry),
        serdes.forValues(DeadLetter.class).serializer(), deadLetterProducer, properties.kafka().writeTimeout());
  }

  @Bean(destroyMethod = "close")
  SandboxInbox sandboxInbox(NotifierProperties properties) {
    Path journal = properties.sandbox().journal();
    return new SandboxInbox(properties.sandbox().recipients(), properties.sandbox().perRecipient(),
        journal == null ? null : SandboxJournal.open(journal));
  }

  @Bean
  SandboxFaults sandboxFaults(NotifierProperties properties) {
    SandboxFaults faults = new SandboxFaults();
    for (NotifierProperties.Fault f : properties.sandbox().faults()) {
      faults.add(new SandboxFaults.Fault(null, f.kind(), f.channel() == null ? null
          : Channel.valueOf(f.channel().toUpperCase(Locale.ROOT)), f.to(), f.share(), f.status(), f.delay()));
    }
    return faults;
  }

  @Bean
  Map<Channel, ChannelSender> channelSenders(ChannelPlan plan, NotifierProperties properties, SandboxInbox inbox,
      SandboxFaults faults, Recipients recipients, ObjectProvider<JavaMailSender> mail, Clock clock) {
    Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    Set<String> withoutWhatsapp = properties.sandbox().withoutWhatsapp().stream()
        .map(n -> recipients.normalisePhone(n).orElseThrow(() -> new IllegalArgumentException(
            "notifier.sandbox.without-whatsapp holds an invalid number")))
        .collect(Collectors.toSet());
    TwilioRestClient[] twilio = new TwilioRestClient[1];
    Function<String, TwilioSenders> twilioSenders = code -> {
      Hospital h = properties.hospitals().get(code);
      return h == null ? null
          : new TwilioSenders(h.whatsappFrom(), h.smsFrom(), h.messagingServiceSid(), h.voiceFrom(), h.contentSids());
    };
    NotifierProperties.Twilio t = properties.twilio();
    for (Channel channel : ChannelPlan.SENDING_CHANNELS) {
      Provider provider = plan.provider(channel);
      ChannelSender sender = switch (provider) {
        case SANDBOX -> new SandboxChannel(channel, inbox, withoutWhatsapp, faults, clock);
        case TWILIO -> {
          if (twilio[0] == null) {
            twilio[0] = TwilioRestClients.create(required(t.accountSid(), "notifier.twilio.account-sid"),
                required(t.authToken(), "notifier.twilio.auth-token"), t.apiBaseUrl(), t.connectTimeout(),
                t.readTimeout());
          }
          yield channel == Channel.VOICE
              ? new TwilioVoiceSender(twilio[0], twilioSenders, t.statusCallbackUrl(), t.voiceLanguage())
              : new TwilioMessagingSender(channel, twilio[0], twilioSenders, t.statusCallbackUrl());
        }
        case SMTP -> new SmtpMailSender(mail.getIfAvailable(() -> {
          throw new IllegalStateException("notifier.channels.email.provider=SMTP needs spring.mail.host");
        }), code -> {
          Hospital h = properties.hospitals().get(code);
          return h == null ? null : h.emailFrom();
        }, new CalendarInvites(clock));
        case NONE -> null;
      };
      if (sender != null) {
        senders.put(channel, sender);
      }
    }
    return senders;
  }

  @Bean
  DeliveryReports deliveryReports(DeliveryLedger ledger, RecordWriter writer, Clock clock, NotifierMetrics metrics) {
    return new DeliveryReports(ledger, writer, clock, metrics);
  }

  @Bean
  UniqueRecipientLimit whatsappUniqueRecipientLimit(NotifierProperties properties) {
    return new UniqueRecipientLimit(hospital -> {
      NotifierProperties.Hospital settings = properties.hospitals().get(hospital);
      return settings == null || settings.whatsappUniqueRecipients() == null ? OptionalInt.empty()
          : OptionalInt.of(settings.whatsappUniqueRecipients());
    });
  }

  @Bean
  ChannelDispatch channelDispatch(Map<Channel, ChannelSender> channelSenders, ResilientSending resilience,
      NotifierMetrics metrics, Clock clock, DeliveryLedger ledger) {
    return new ChannelDispatch(channelSenders, resilience, metrics, clock, ledger);
  }

  @Bean
  ContactRequestHandler contactRequestHandler(DeliveryLedger ledger, RecordWriter writer, Recipients recipients,
      Suppressions suppressions, UniqueRecipientLimit whatsappLimit, MessageComposer composer, ChannelDispatch dispatch,
      DeliveryReports reports, Clock clock, NotifierMetrics metrics) {
    return new ContactRequestHandler(ledger, writer, recipients,
        SendingRules.all(suppressions::contains, whatsappLimit, dispatch.channels()), composer, dispatch, reports, clock,
        metrics);
  }

  @Bean
  NotifierRuntime notifierRuntime(NotifierProperties properties, ChannelPlan plan, KafkaClients clients,
      AvroSerdes serdes, TopicNaming naming, DeliveryLedger ledger, Suppressions suppressions,
      ContactRequestHandler handler, ConsumerDeadLetters deadLetters, Recipients recipients, RecordWriter writer,
      Clock clock, UniqueRecipientLimit whatsappLimit) {
    NotifierProperties.Kafka kafka = properties.kafka();
    TopicFollower<ContactStatus> statuses = new TopicFollower<>(naming.name(Topics.CONTACT_STATUS),
        () -> clients.consumer(null, "status-follower", 500), serdes.forValues(Topics.CONTACT_STATUS).deserializer(),
        (key, status) -> {
          ledger.apply(key, status);
          // The WhatsApp window is rebuilt from what was sent, by this instance or before a restart.
          whatsappLimit.observe(status);
        },
        // The scheduler and the waiting list park unreadable statuses; skipping is enough here.
        (record, e) -> { }, () -> ledger.forgetBefore(clock.instant().minus(properties.ledger().lookback())),
        Duration.ofMinutes(10));
    TopicFollower<PatientResponse> suppressionLog = new TopicFollower<>(naming.name(Topics.CONTACT_SUPPRESSIONS),
        () -> clients.consumer(null, "suppression-follower", 500),
        serdes.forValues(Topics.CONTACT_SUPPRESSIONS).deserializer(),
        (address, optOut) -> {
          if (optOut == null) {
            suppressions.remove(address);
          } else {
            suppressions.add(address);
          }
        },
        // Nobody else reads the list: an opt-out that cannot be read must reach an operator.
        (record, e) -> deadLetters.parkFollowed(Topics.CONTACT_SUPPRESSIONS, record, e), () -> { }, Duration.ofHours(1));
    List<RequestLane> lanes = new ArrayList<>();
    List<ThreadPoolBulkhead> bulkheads = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<String, Set<Channel>> lane : LANES.entrySet()) {
      int threads = lane.getValue().stream().mapToInt(plan::threads).max().orElse(1);
      ThreadPoolBulkhead bulkhead = ThreadPoolBulkhead.of("notifier-" + lane.getKey(), ThreadPoolBulkheadConfig.custom()
          .coreThreadPoolSize(threads).maxThreadPoolSize(threads).queueCapacity(kafka.maxPollRecords()).build());
      bulkheads.add(bulkhead);
      lanes.add(new RequestLane(lane.getKey(), lane.getValue(), naming.name(Topics.CONTACT_REQUESTS),
          () -> clients.consumer(kafka.groupPrefix() + "." + lane.getKey(), "lane-" + lane.getKey(),
              kafka.maxPollRecords()),
          serdes.forValues(Topics.CONTACT_REQUESTS).deserializer(), handler, deadLetters, bulkhead,
          () -> {
            if (!statuses.awaitCaughtUp(kafka.catchUpTimeout())) {
              LOG.warn("lane {} starts on new partitions before contact.status was read to its end: a request"
                  + " another instance just sent could be sent again", lane.getKey());
            }
          }, first));
      first = false;
    }
    OptOutRecorder optOuts = new OptOutRecorder(naming.name(Topics.PATIENT_RESPONSES),
        () -> clients.consumer(kafka.groupPrefix() + ".opt-out", "opt-out", kafka.maxPollRecords()),
        serdes.forValues(Topics.PATIENT_RESPONSES).deserializer(), recipients, suppressions, writer, deadLetters);
    return new NotifierRuntime(List.of(statuses, suppressionLog), lanes, bulkheads, optOuts, kafka.catchUpTimeout());
  }

  @Bean
  NotifierHealth notifierHealth(NotifierRuntime runtime, DeliveryLedger ledger, Suppressions suppressions,
      ResilientSending resilience) {
    return new NotifierHealth(runtime, ledger, suppressions, resilience.breakers(), resilience::waiting);
  }

  @Bean
  RouterFunction<ServerResponse> twilioStatusRoute(NotifierProperties properties, DeliveryReports reports) {
    TwilioStatusEndpoint endpoint = new TwilioStatusEndpoint(properties.twilio().authToken(),
        properties.twilio().statusCallbackUrl(), reports);
    return RouterFunctions.route(RequestPredicates.POST("/twilio/status"), endpoint::handle);
  }

  @Bean
  RouterFunction<ServerResponse> sandboxRoute(ChannelPlan plan, SandboxInbox inbox, SandboxFaults faults,
      Recipients recipients) {
    if (!plan.usesSandbox()) {
      // Not served at all when nothing goes through the sandbox: it shows message texts.
      return RouterFunctions.route(request -> false, request -> ServerResponse.notFound().build());
    }
    SandboxEndpoint endpoint = new SandboxEndpoint(inbox, recipients);
    SandboxFaultsEndpoint faultsEndpoint = new SandboxFaultsEndpoint(faults, recipients);
    return RouterFunctions.route(RequestPredicates.GET("/api/sandbox/messages"), endpoint::messages)
        .andRoute(RequestPredicates.GET("/api/sandbox/faults"), faultsEndpoint::list)
        .andRoute(RequestPredicates.POST("/api/sandbox/faults"), faultsEndpoint::add)
        .andRoute(RequestPredicates.DELETE("/api/sandbox/faults"), faultsEndpoint::clear)
        .andRoute(RequestPredicates.DELETE("/api/sandbox/faults/{id}"), faultsEndpoint::remove);
  }

  private static String required(String value, String property) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(property + " is required when a channel uses Twilio");
    }
    return value;
  }

  /** Each channel's provider, threads and rate, with the defaults of the providers' documented limits. */
  record ChannelPlan(Map<Channel, Provider> providers, Map<Channel, Integer> threadsOf, Map<Channel, Double> ratesOf,
      boolean sandboxRateLimited) {

    static final List<Channel> SENDING_CHANNELS = List.of(Channel.WHATSAPP, Channel.SMS, Channel.VOICE, Channel.EMAIL);

    /**
     * Defaults: a Twilio WhatsApp sender takes 10 messages/s; a Twilio long code 1 SMS segment/s;
     * a Twilio account 1 call/s; SMTP relays vary (10/s is a cautious start).
     */
    private static final Map<Channel, Double> DEFAULT_RATES =
        Map.of(Channel.WHATSAPP, 10.0, Channel.SMS, 1.0, Channel.VOICE, 1.0, Channel.EMAIL, 10.0);
    private static final Map<Channel, Integer> DEFAULT_THREADS =
        Map.of(Channel.WHATSAPP, 8, Channel.SMS, 4, Channel.VOICE, 2, Channel.EMAIL, 4);

    static ChannelPlan of(NotifierProperties properties) {
      Map<Channel, Provider> providers = new EnumMap<>(Channel.class);
      Map<Channel, Integer> threads = new EnumMap<>(Channel.class);
      Map<Channel, Double> rates = new EnumMap<>(Channel.class);
      for (Channel channel : SENDING_CHANNELS) {
        ChannelSettings settings = properties.channels().get(channel.name().toLowerCase(Locale.ROOT));
        Provider provider = settings == null || settings.provider() == null ? Provider.SANDBOX : settings.provider();
        boolean fits = switch (provider) {
          case TWILIO -> channel != Channel.EMAIL;
          case SMTP -> channel == Channel.EMAIL;
          case SANDBOX, NONE -> true;
        };
        if (!fits) {
          throw new IllegalStateException("notifier.channels." + channel.name().toLowerCase(Locale.ROOT)
              + ".provider=" + provider + " cannot carry " + channel);
        }
        providers.put(channel, provider);
        threads.put(channel, settings == null || settings.threads() == null ? DEFAULT_THREADS.get(channel)
            : settings.threads());
        rates.put(channel, settings == null || settings.messagesPerSecond() == null ? DEFAULT_RATES.get(channel)
            : settings.messagesPerSecond());
      }
      threads.put(Channel.WEB, 1);
      return new ChannelPlan(providers, threads, rates, properties.sandbox().applyRateLimits());
    }

    Provider provider(Channel channel) {
      return providers.getOrDefault(channel, Provider.NONE);
    }

    int threads(Channel channel) {
      return threadsOf.getOrDefault(channel, 1);
    }

    boolean usesSandbox() {
      return providers.containsValue(Provider.SANDBOX);
    }

    /** Messages per second of a sender ({@code <hospital>.<channel>}); 0: unlimited. */
    double rateOf(String senderKey, NotifierProperties properties) {
      int dot = senderKey.lastIndexOf('.');
      String hospitalCode = senderKey.substring(0, dot);
      Channel channel = Channel.valueOf(senderKey.substring(dot + 1).toUpperCase(Locale.ROOT));
      if (provider(channel) == Provider.SANDBOX && !sandboxRateLimited) {
        return 0;
      }
      Hospital hospital = properties.hospitals().get(hospitalCode);
      Double specific = hospital == null ? null
          : hospital.messagesPerSecond().get(channel.name().toLowerCase(Locale.ROOT));
      return specific != null ? specific : ratesOf.getOrDefault(channel, 0.0);
    }
  }
}
