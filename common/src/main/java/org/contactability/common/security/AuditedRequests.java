package org.contactability.common.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.contactability.common.audit.AuditRecord;
import org.contactability.common.audit.AuditTrail;
import org.contactability.contracts.ops.AuditKind;
import org.contactability.contracts.ops.AuditOutcome;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

/**
 * The one place where requests become audit events ({@link AuditTrail}, docs/privacy.md): first in every security
 * chain ({@link ServiceAccess#authorize}), so that no endpoint can forget it and refusals are seen too. Recorded: every
 * write (POST, PUT, PATCH, DELETE) on an endpoint that needs a login, every call of an endpoint that
 * {@linkplain Access#reveals() reveals} patient data or the audit trail, and every request refused for want of a login
 * or a role (401, 403). Patient-facing paths ({@link Access#isOpen()}) are not: a patient is no user of the platform.
 *
 * <p>The event is written when the answer is about to leave, with its status, and the answer waits for it. When it
 * cannot be written, a view of patient data is refused (503) instead of shown; any other answer goes out and the failure
 * is logged. The event names the endpoint's path template and the ids of its path variables {@code patientId} and
 * {@code appointmentId}, never the path as sent nor its query (a RUT searched for); a handler may add the patient it
 * opened and the operator's reason with {@link #PATIENT_ID} and {@link #REASON}.
 */
public final class AuditedRequests implements WebFilter {

  /** Exchange attribute: the id of the patient a handler opened, when the path does not name it. */
  public static final String PATIENT_ID = AuditedRequests.class.getName() + ".patientId";
  /** Exchange attribute: the reason the operator gave for a view of patient data. */
  public static final String REASON = AuditedRequests.class.getName() + ".reason";
  /** The path recorded for a request that no access rule names. */
  public static final String UNLISTED = "(unlisted)";

  private static final Logger log = LoggerFactory.getLogger(AuditedRequests.class);
  private static final byte[] UNAVAILABLE = ("{\"error\":\"No se pudo registrar el acceso en la auditoría: los datos"
      + " del paciente no se muestran. Intente de nuevo en un momento.\"}").getBytes(StandardCharsets.UTF_8);

  private final List<Rule> rules;
  private final AuditTrail trail;
  private final Clock clock;
  private final String service;

  public AuditedRequests(List<Access> rules, AuditTrail trail, Clock clock, String service) {
    this.rules = rules.stream().map(access -> new Rule(access, PathPatternParser.defaultInstance.parse(access.pattern())))
        .toList();
    this.trail = trail;
    this.clock = clock;
    this.service = service;
  }

  private record Rule(Access access, PathPattern pattern) {
  }

  /** The rule that decides a request, as Spring Security's matchers pick it: the first that matches. */
  private record Matched(Access access, Map<String, String> variables) {
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Matched matched = match(exchange.getRequest());
    if (matched != null && matched.access().isOpen()) {
      return chain.filter(exchange);
    }
    return chain.filter(exchange.mutate().response(new AuditedResponse(exchange, matched)).build());
  }

  private Matched match(ServerHttpRequest request) {
    for (Rule rule : rules) {
      if (rule.access().method() != null && !rule.access().method().equals(request.getMethod())) {
        continue;
      }
      PathPattern.PathMatchInfo info = rule.pattern().matchAndExtract(request.getPath().pathWithinApplication());
      if (info != null) {
        return new Matched(rule.access(), info.getUriVariables());
      }
    }
    return null;
  }

  /** Records the request once, when its answer is about to be written. */
  private final class AuditedResponse extends ServerHttpResponseDecorator {

    private final ServerWebExchange exchange;
    private final Matched matched;
    private final AtomicBoolean recorded = new AtomicBoolean();

    AuditedResponse(ServerWebExchange exchange, Matched matched) {
      super(exchange.getResponse());
      this.exchange = exchange;
      this.matched = matched;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      return audited(() -> super.writeWith(body));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
      return audited(() -> super.writeAndFlushWith(body));
    }

    @Override
    public Mono<Void> setComplete() {
      return audited(super::setComplete);
    }

    private Mono<Void> audited(java.util.function.Supplier<Mono<Void>> answer) {
      if (!recorded.compareAndSet(false, true)) {
        return answer.get();
      }
      int status = Optional.ofNullable(getStatusCode()).map(HttpStatusCode::value).orElse(200);
      AuditKind kind = kind();
      AuditOutcome outcome = AuditRecord.outcomeOf(status);
      if (kind == AuditKind.READ && outcome != AuditOutcome.DENIED) {
        return answer.get();
      }
      boolean view = kind == AuditKind.PATIENT_DATA_VIEW && status < 300;
      return ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication)
          .map(Optional::of).defaultIfEmpty(Optional.empty())
          .map(caller -> event(caller.filter(AuditedRequests::loggedIn).orElse(null), kind, status, outcome))
          .flatMap(event -> Mono.fromFuture(() -> trail.record(event)))
          .then(Mono.just(true))
          .onErrorResume(failure -> {
            log.error("The audit event of {} {} ({}, status {}) could not be written{}: {}",
                exchange.getRequest().getMethod(), path(), kind, status, view ? "; the patient's data is not shown" : "",
                failure.toString());
            return Mono.just(false);
          })
          .flatMap(written -> written || !view ? answer.get() : refuse());
    }

    private Mono<Void> refuse() {
      setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
      getHeaders().setContentType(MediaType.APPLICATION_JSON);
      getHeaders().setContentLength(UNAVAILABLE.length);
      return super.writeWith(Mono.just(bufferFactory().wrap(UNAVAILABLE)));
    }

    private AuditKind kind() {
      Access.Reveals reveals = matched == null ? Access.Reveals.NOTHING_AUDITED : matched.access().reveals();
      return switch (reveals) {
        case PATIENT_DATA -> AuditKind.PATIENT_DATA_VIEW;
        case AUDIT_TRAIL -> AuditKind.AUDIT_VIEW;
        case NOTHING_AUDITED -> writes(exchange.getRequest().getMethod()) ? AuditKind.CHANGE : AuditKind.READ;
      };
    }

    private String path() {
      return matched == null ? UNLISTED : matched.access().pattern();
    }

    private AuditRecord event(Authentication caller, AuditKind kind, int status, AuditOutcome outcome) {
      Map<String, String> variables = matched == null ? Map.of() : matched.variables();
      String patientId = Optional.ofNullable(variables.get("patientId"))
          .orElseGet(() -> exchange.getAttribute(PATIENT_ID));
      InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
      return new AuditRecord(UUID.randomUUID().toString(), clock.instant(), service,
          caller == null ? null : subject(caller), caller == null ? null : highestRole(caller), kind,
          exchange.getRequest().getMethod().name(), path(), patientId, variables.get("appointmentId"),
          exchange.getAttribute(REASON), null,
          remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress(), status, outcome);
    }
  }

  private static boolean writes(HttpMethod method) {
    return HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)
        || HttpMethod.DELETE.equals(method);
  }

  private static boolean loggedIn(Authentication caller) {
    return caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
  }

  /** A person's user name where the identity provider gives one (Keycloak's subject is an opaque id), else the subject. */
  public static String subject(Authentication caller) {
    Function<Map<String, Object>, Object> userName = attributes -> attributes.get("preferred_username");
    Object name = null;
    if (caller instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
      name = userName.apply(token.getTokenAttributes());
    } else if (caller.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal) {
      name = userName.apply(principal.getAttributes());
    }
    return name != null ? name.toString() : caller.getName();
  }

  /** The highest platform role among the caller's authorities. */
  public static Role highestRole(Authentication caller) {
    Role highest = null;
    for (GrantedAuthority authority : caller.getAuthorities()) {
      for (Role role : Role.values()) {
        if (role.authority().equals(authority.getAuthority()) && (highest == null || role.compareTo(highest) > 0)) {
          highest = role;
        }
      }
    }
    return highest;
  }
}
