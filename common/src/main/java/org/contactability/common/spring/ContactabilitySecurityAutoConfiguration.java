package org.contactability.common.spring;

import java.time.Clock;

import org.contactability.common.audit.AuditTrail;
import org.contactability.common.audit.KafkaAuditTrail;
import org.contactability.common.security.AccessRules;
import org.contactability.common.security.RoleClaim;
import org.contactability.common.security.ServiceAccess;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every (WebFlux) service is closed by default ({@link ServiceAccess}): its {@link AccessRules} say who
 * may call what, bearer tokens of the identity provider say who calls
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}), and {@code contactability.security.role-claim}
 * names the claim that holds the roles. A service with its own login (the console) declares its own
 * {@code accessChain}. Both record what the audit trail must hold on {@code audit.events} ({@link ServiceAccess}).
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration"})
@ConditionalOnClass(ServerHttpSecurity.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
public class ContactabilitySecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ServiceAccess serviceAccess(ObjectProvider<AccessRules> services,
      @Value("${contactability.security.role-claim:" + RoleClaim.DEFAULT_PATH + "}") String roleClaim,
      AuditTrail auditTrail, Clock clock, @Value("${spring.application.name}") String service) {
    return new ServiceAccess(services.orderedStream().toList(), new RoleClaim(roleClaim), auditTrail, clock, service);
  }

  /** The audit trail on {@code audit.events}, written by the same broker client settings as the service's own. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(AuditTrail.class)
  KafkaAuditTrail auditTrail(KafkaProperties kafka, AvroSerdes serdes, TopicNaming naming) {
    return new KafkaAuditTrail(naming.name(Topics.AUDIT_EVENTS), kafka.buildProducerProperties(),
        serdes.forValues(Topics.AUDIT_EVENTS).serializer());
  }

  /** Last, after any chain a service keeps for paths of its own (response-service's answer page). */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  @ConditionalOnMissingBean(name = "accessChain")
  SecurityWebFilterChain accessChain(ServerHttpSecurity http, ServiceAccess access,
      ObjectProvider<ReactiveJwtDecoder> decoder) {
    return access.statelessService(http, decoder.getIfAvailable()).build();
  }
}
