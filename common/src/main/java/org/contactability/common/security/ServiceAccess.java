package org.contactability.common.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.contactability.common.audit.AuditTrail;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;

import reactor.core.publisher.Mono;

/**
 * Closed by default: the endpoints a service lists in its {@link AccessRules}, plus the actuator's, are
 * open to the role each names; everything else is denied. Callers authenticate with a bearer token
 * (JWT) of the identity provider; without one configured, every endpoint that is not open answers 401. Every chain
 * built on these rules records what it must in the audit trail ({@link AuditedRequests}).
 */
public final class ServiceAccess {

  /**
   * The actuator: probes are open (liveness and readiness, and the overall status without details),
   * metrics need a viewer (a scrape uses a client-credentials token), every other endpoint an administrator.
   */
  public static final List<Access> ACTUATOR = List.of(
      Access.open(HttpMethod.GET, "/actuator/health"),
      Access.open(HttpMethod.GET, "/actuator/health/liveness"),
      Access.open(HttpMethod.GET, "/actuator/health/readiness"),
      Access.of(Role.VIEWER, HttpMethod.GET, "/actuator/prometheus"),
      Access.of(Role.VIEWER, HttpMethod.GET, "/actuator/metrics"),
      Access.of(Role.VIEWER, HttpMethod.GET, "/actuator/metrics/{name}"),
      Access.of(Role.ADMINISTRATOR, null, "/actuator/**"));

  private final List<Access> rules;
  private final RoleClaim roleClaim;
  private final AuditedRequests audit;

  /** @param service the component's name in the audit trail ({@code spring.application.name}) */
  public ServiceAccess(List<AccessRules> services, RoleClaim roleClaim, AuditTrail trail, Clock clock, String service) {
    List<Access> all = new ArrayList<>();
    services.forEach(each -> all.addAll(each.rules()));
    all.addAll(ACTUATOR);
    this.rules = List.copyOf(all);
    this.roleClaim = roleClaim;
    this.audit = new AuditedRequests(rules, trail, clock, service);
  }

  /** Every rule, the service's first, then the actuator's. */
  public List<Access> rules() {
    return rules;
  }

  public RoleClaim roleClaim() {
    return roleClaim;
  }

  /** The audit first, then the rules on {@code http}, then "deny everything else". */
  public ServerHttpSecurity authorize(ServerHttpSecurity http) {
    return http.addFilterAt(audit, SecurityWebFiltersOrder.FIRST).authorizeExchange(exchanges -> {
      for (Access access : rules) {
        var matcher = access.method() == null ? exchanges.pathMatchers(access.pattern())
            : exchanges.pathMatchers(access.method(), access.pattern());
        if (access.isOpen()) {
          matcher.permitAll();
        } else {
          matcher.hasRole(access.role().name());
        }
      }
      exchanges.anyExchange().denyAll();
    });
  }

  /**
   * Bearer tokens checked by {@code decoder}, their roles read from the configured claim; without a
   * decoder (no identity provider configured) nobody authenticates and the answer is 401.
   */
  public ServerHttpSecurity bearerTokens(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
    if (decoder == null) {
      return http.exceptionHandling(handling -> handling
          .authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)));
    }
    return http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtDecoder(decoder)
        .jwtAuthenticationConverter(jwtAuthentication())));
  }

  private Converter<Jwt, Mono<AbstractAuthenticationToken>> jwtAuthentication() {
    return jwt -> Mono.just(new JwtAuthenticationToken(jwt, roleClaim.authorities(jwt.getClaims())));
  }

  /** The stateless chain of a service: the rules, bearer tokens, no session, no cookies, no CSRF. */
  public ServerHttpSecurity statelessService(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
    return bearerTokens(authorize(http), decoder)
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(
            org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
        .securityContextRepository(
            org.springframework.security.web.server.context.NoOpServerSecurityContextRepository.getInstance());
  }
}
