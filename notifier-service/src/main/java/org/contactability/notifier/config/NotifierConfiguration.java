package org.contactability.notifier.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.common.kafka.ConsumerDeadLetters;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.KafkaClientMeters;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.spring.PrivacyConfiguration;
import org.contactability.common.security.Access;
import org.contactability.common.security.AccessRules;
import org.contactability.common.security.Role;
import org.contactability.common.time.WallClock;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.notifier.adapters.kafka.Followers;
import org.contactability.notifier.adapters.kafka.KafkaClients;
import org.contactability.notifier.adapters.kafka.NotifierRuntime;
import org.contactability.notifier.adapters.kafka.OptOutRecorder;
import org.contactability.notifier.adapters.kafka.RecordWriter;
import org.contactability.notifier.adapters.kafka.RequestLane;
import org.contactability.notifier.adapters.kafka.RequestLanes;
import org.contactability.notifier.adapters.kafka.TopicFollower;
import org.contactability.notifier.adapters.mail.CalendarInvites;
import org.contactability.notifier.adapters.mail.SmtpMailSender;
import org.contactability.notifier.adapters.sandbox.SandboxChannel;
import org.contactability.notifier.adapters.sandbox.SandboxClient;
import org.contactability.notifier.adapters.sandbox.SandboxFaults;
import org.contactability.notifier.adapters.sandbox.SandboxInbox;
import org.contactability.notifier.adapters.sandbox.SandboxJournal;
import org.contactability.notifier.adapters.sandbox.SandboxProvider;
import org.contactability.notifier.adapters.templates.MustacheTemplateLibrary;
import org.contactability.notifier.adapters.twilio.TwilioChannels;
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
import org.contactability.notifier.application.RecipientPrivacy;
import org.contactability.notifier.application.ResilientSending;
import org.contactability.notifier.application.Suppressions;
import org.contactability.notifier.config.NotifierProperties.Hospital;
import org.contactability.notifier.config.NotifierProperties.Provider;
import org.contactability.notifier.domain.Recipients;
import org.contactability.notifier.domain.SendingRules;
import org.contactability.notifier.domain.UniqueRecipientLimit;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Wires notifier-service: templates, channels, resilience, the Kafka lanes and the web endpoints. */
@Configuration(proxyBeanMethods = false)
@Import(PrivacyConfiguration.class)
@EnableConfigurationProperties(NotifierProperties.class)
public class NotifierConfiguration {

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
    return new NotifierMetrics(registry, WallClock.utc());
  }

  @Bean
  MustacheTemplateLibrary templates(ResourceLoader resourceLoader, NotifierProperties properties,
      HospitalProfiles profiles) {
    return new MustacheTemplateLibrary(resourceLoader, properties.templateLocations(), profiles);
  }

  @Bean
  MessageComposer messageComposer(MessageTemplates templates, NotifierProperties properties,
      HospitalProfiles profiles) {
    return new MessageComposer(templates, new MessageComposer.Settings(properties.linksBaseUrl(),
        properties.responseBaseUrl(),
        code -> properties.hospital(code).map(Hospital::zone).orElse(properties.defaultZone()),
        code -> properties.hospital(code).map(Hospital::transliterateSms).orElse(false),
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

  /** This process's inbox, or the stand-in at {@code notifier.sandbox.url} that every instance shares (closed if local). */
  @Bean
  SandboxProvider sandboxProvider(NotifierProperties properties) {
    if (properties.sandbox().url() != null) {
      return new SandboxClient(properties.sandbox().url(), properties.sandbox().timeout());
    }
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
  TwilioChannels twilioChannels(NotifierProperties properties) {
    NotifierProperties.Twilio twilio = properties.twilio();
    return new TwilioChannels(twilio::account,
        code -> properties.hospital(code).map(Hospital::twilioSenders).orElse(null), twilio.statusCallbackUrl(),
        twilio.voiceLanguage());
  }

  @Bean
  Map<Channel, ChannelSender> channelSenders(ChannelPlan plan, NotifierProperties properties, SandboxProvider sandbox,
      SandboxFaults faults, Recipients recipients, TwilioChannels twilio, ObjectProvider<JavaMailSender> mail,
      Clock clock) {
    Set<String> withoutWhatsapp = properties.sandbox().withoutWhatsapp().stream()
        .map(n -> recipients.normalisePhone(n).orElseThrow(() -> new IllegalArgumentException(
            "notifier.sandbox.without-whatsapp holds an invalid number")))
        .collect(Collectors.toSet());
    return plan.senders(Map.of(
        Provider.SANDBOX, channel -> new SandboxChannel(channel, sandbox, withoutWhatsapp, faults, clock),
        Provider.TWILIO, twilio::sender,
        Provider.SMTP, channel -> new SmtpMailSender(mail.getIfAvailable(() -> {
          throw new IllegalStateException("notifier.channels.email.provider=SMTP needs spring.mail.host");
        }), code -> properties.hospital(code).map(Hospital::emailFrom).orElse(null), new CalendarInvites(clock))));
  }

  @Bean
  DeliveryReports deliveryReports(DeliveryLedger ledger, RecordWriter writer, Clock clock, NotifierMetrics metrics) {
    return new DeliveryReports(ledger, writer, clock, metrics);
  }

  @Bean
  UniqueRecipientLimit whatsappUniqueRecipientLimit(NotifierProperties properties, RecipientPrivacy privacy) {
    return new UniqueRecipientLimit(code -> properties.hospital(code).map(Hospital::whatsappUniqueRecipients)
        .map(OptionalInt::of).orElse(OptionalInt.empty()), privacy::key);
  }

  @Bean
  RecipientPrivacy recipientPrivacy(PatientDataCipher cipher) {
    return new RecipientPrivacy(cipher);
  }

  @Bean
  ChannelDispatch channelDispatch(Map<Channel, ChannelSender> channelSenders, ResilientSending resilience,
      NotifierMetrics metrics, Clock clock, DeliveryLedger ledger) {
    return new ChannelDispatch(channelSenders, resilience, metrics, clock, ledger);
  }

  @Bean
  ContactRequestHandler contactRequestHandler(DeliveryLedger ledger, RecordWriter writer, Recipients recipients,
      Suppressions suppressions, UniqueRecipientLimit whatsappLimit, MessageComposer composer, ChannelDispatch dispatch,
      DeliveryReports reports, Clock clock, NotifierMetrics metrics, RecipientPrivacy privacy) {
    return new ContactRequestHandler(ledger, writer, recipients,
        SendingRules.all(address -> suppressions.contains(privacy.key(address)), whatsappLimit, dispatch.channels()),
        composer, dispatch, reports, clock, metrics, privacy);
  }

  @Bean
  NotifierRuntime notifierRuntime(NotifierProperties properties, ChannelPlan plan, KafkaClients clients,
      AvroSerdes serdes, TopicNaming naming, DeliveryLedger ledger, Suppressions suppressions,
      ContactRequestHandler handler, ConsumerDeadLetters deadLetters, Recipients recipients, RecordWriter writer,
      Clock clock, UniqueRecipientLimit whatsappLimit, RecipientPrivacy privacy) {
    NotifierProperties.Kafka kafka = properties.kafka();
    TopicFollower<ContactStatus> statuses = Followers.statuses(naming.name(Topics.CONTACT_STATUS), clients,
        serdes.forValues(Topics.CONTACT_STATUS).deserializer(), ledger, whatsappLimit, clock,
        properties.ledger().lookback());
    TopicFollower<PatientResponse> suppressionLog = Followers.suppressions(naming.name(Topics.CONTACT_SUPPRESSIONS),
        clients, serdes.forValues(Topics.CONTACT_SUPPRESSIONS).deserializer(), suppressions, deadLetters);
    List<RequestLane> lanes = RequestLanes.build(new RequestLanes.Settings(naming.name(Topics.CONTACT_REQUESTS),
        kafka.groupPrefix(), kafka.catchUpTimeout()), plan::threads, plan::batch, clients,
        serdes.projection(ContactRequest.class, Set.of("channel")),
        serdes.forValues(Topics.CONTACT_REQUESTS).deserializer(), handler, deadLetters, statuses);
    OptOutRecorder optOuts = new OptOutRecorder(naming.name(Topics.PATIENT_RESPONSES),
        () -> clients.consumer(kafka.groupPrefix() + ".opt-out", "opt-out", kafka.maxPollRecords()),
        serdes.forValues(Topics.PATIENT_RESPONSES).deserializer(), recipients, privacy, suppressions, writer,
        deadLetters);
    return new NotifierRuntime(List.of(statuses, suppressionLog), lanes, optOuts, kafka.catchUpTimeout());
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
  RouterFunction<ServerResponse> sandboxRoute(ChannelPlan plan, SandboxProvider sandbox, SandboxFaults faults,
      Recipients recipients) {
    if (!plan.usesSandbox()) {
      // Not served at all when nothing goes through the sandbox: it shows message texts.
      return RouterFunctions.route(request -> false, request -> ServerResponse.notFound().build());
    }
    SandboxEndpoint endpoint = new SandboxEndpoint(sandbox, recipients);
    SandboxFaultsEndpoint faultsEndpoint = new SandboxFaultsEndpoint(faults, recipients);
    return RouterFunctions.route(RequestPredicates.GET("/api/sandbox/messages"), endpoint::messages)
        .andRoute(RequestPredicates.GET("/api/sandbox/faults"), faultsEndpoint::list)
        .andRoute(RequestPredicates.POST("/api/sandbox/faults"), faultsEndpoint::add)
        .andRoute(RequestPredicates.DELETE("/api/sandbox/faults"), faultsEndpoint::clear)
        .andRoute(RequestPredicates.DELETE("/api/sandbox/faults/{id}"), faultsEndpoint::remove);
  }

  /**
   * Twilio's status callbacks are open (each checks Twilio's signature, and a wrong method or path is
   * answered by the route itself); the sandbox's messages hold patients' texts; its faults are an outage rehearsal.
   */
  @Bean
  AccessRules notifierAccess() {
    return () -> java.util.List.of(
        Access.open(null, "/twilio/**"),
        Access.of(Role.OPERATOR, org.springframework.http.HttpMethod.GET, "/api/sandbox/messages")
            .revealing(Access.Reveals.PATIENT_DATA),
        // Rehearsing an outage changes what the whole platform does: administrators only; reading them is an operator's.
        Access.of(Role.OPERATOR, org.springframework.http.HttpMethod.GET, "/api/sandbox/faults"),
        Access.of(Role.ADMINISTRATOR, org.springframework.http.HttpMethod.POST, "/api/sandbox/faults"),
        Access.of(Role.ADMINISTRATOR, org.springframework.http.HttpMethod.DELETE, "/api/sandbox/faults"),
        Access.of(Role.ADMINISTRATOR, org.springframework.http.HttpMethod.DELETE, "/api/sandbox/faults/{id}"));
  }
}
