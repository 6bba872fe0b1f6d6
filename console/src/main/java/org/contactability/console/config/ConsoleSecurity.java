package org.contactability.console.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.contactability.common.security.Access;
import org.contactability.common.security.AccessRules;
import org.contactability.common.security.Role;
import org.contactability.common.security.ServiceAccess;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.BearerTokenServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.MediaTypeServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.WebFilter;

import reactor.core.publisher.Mono;

/**
 * Who may use the console: people log in at the identity provider (OAuth2 authorization code with PKCE,
 * then a session cookie, and a CSRF token on every write of the page); scripts send a bearer token. Each
 * endpoint's role is in {@link #consoleAccess()}; anything not listed is denied.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

  /** WebFlux's session cookie (Spring's default name), which a person's login rides on. */
  static final String SESSION_COOKIE = "SESSION";

  /** The identity provider's registration ({@code spring.security.oauth2.client.registration.platform.*}). */
  static final String REGISTRATION = "platform";

  /**
   * Read-only views for viewers; patient data and its actions for operators; the clock, the keys and the audit trail
   * for administrators (the audit names who looked at which patient: the security officer's view, not the operators'
   * own). Every view of clear patient data and of the audit trail is audited, as is every write.
   */
  @Bean
  AccessRules consoleAccess() {
    return () -> List.of(
        Access.of(Role.VIEWER, HttpMethod.GET, "/"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/index.html"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/assets/console.css"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/assets/console.js"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/assets/page.js"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/console"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/funnel"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/funnel/stream"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/appointments"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/appointments/{appointmentId}/timeline"),
        Access.of(Role.OPERATOR, HttpMethod.POST, "/api/appointments/{appointmentId}/patient")
            .revealing(Access.Reveals.PATIENT_DATA),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/dead-letters"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/lag"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/clock"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/resultados"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/resultados.html"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/informe.html"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/assets/resultados.css"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/assets/resultados.js"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/assets/informe.js"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/assets/chart.js"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/outcomes"),
        Access.of(Role.VIEWER, HttpMethod.GET, "/api/outcomes.csv"),
        Access.of(Role.OPERATOR, HttpMethod.POST, "/api/dead-letters/{id}/replay"),
        Access.of(Role.OPERATOR, HttpMethod.POST, "/api/patients/{patientId}/erasure"),
        Access.of(Role.ADMINISTRATOR, HttpMethod.GET, "/api/audit").revealing(Access.Reveals.AUDIT_TRAIL),
        Access.of(Role.ADMINISTRATOR, HttpMethod.GET, "/api/privacy/keys"),
        Access.of(Role.ADMINISTRATOR, HttpMethod.POST, "/api/privacy/keys/rewrap"),
        Access.of(Role.OPERATOR, HttpMethod.GET, "/telefonos"),
        Access.of(Role.OPERATOR, HttpMethod.GET, "/telefonos.html"),
        Access.of(Role.OPERATOR, HttpMethod.GET, "/assets/telefonos.css"),
        Access.of(Role.OPERATOR, HttpMethod.GET, "/assets/telefonos.js"),
        Access.of(Role.OPERATOR, HttpMethod.GET, "/api/phone/patients").revealing(Access.Reveals.PATIENT_DATA),
        Access.of(Role.OPERATOR, HttpMethod.POST, "/api/phone/replies"),
        Access.of(Role.OPERATOR, HttpMethod.POST, "/api/phone/keypresses"),
        Access.of(Role.OPERATOR, HttpMethod.GET, "/api/sandbox/messages").revealing(Access.Reveals.PATIENT_DATA),
        Access.of(Role.OPERATOR, HttpMethod.GET, "/api/sandbox/faults"),
        Access.of(Role.ADMINISTRATOR, HttpMethod.POST, "/api/sandbox/faults"),
        Access.of(Role.ADMINISTRATOR, HttpMethod.DELETE, "/api/sandbox/faults"),
        Access.of(Role.ADMINISTRATOR, HttpMethod.DELETE, "/api/sandbox/faults/{id}"),
        Access.of(Role.ADMINISTRATOR, HttpMethod.POST, "/api/clock/advance"));
  }

  /** The roles of a person who logged in, from the ID token's role claim (as a bearer token's are read). */
  @Bean
  GrantedAuthoritiesMapper loginRoles(ServiceAccess access) {
    return authorities -> {
      Set<GrantedAuthority> all = new HashSet<>(authorities);
      for (GrantedAuthority authority : authorities) {
        if (authority instanceof OidcUserAuthority oidc) {
          all.addAll(access.roleClaim().authorities(oidc.getIdToken().getClaims()));
        } else if (authority instanceof OAuth2UserAuthority user) {
          all.addAll(access.roleClaim().authorities(user.getAttributes()));
        }
      }
      return all;
    };
  }

  /**
   * Replaces the services' stateless chain: the same rules and bearer tokens, plus the login of people
   * where an identity provider is registered ({@code spring.security.oauth2.client.registration.*}).
   */
  @Bean
  SecurityWebFilterChain accessChain(ServerHttpSecurity http, ServiceAccess access,
      ObjectProvider<ReactiveJwtDecoder> decoder, ObjectProvider<ReactiveClientRegistrationRepository> registrations) {
    access.bearerTokens(access.authorize(http), decoder.getIfAvailable());
    ReactiveClientRegistrationRepository clients = registrations.getIfAvailable();
    if (clients != null) {
      DefaultServerOAuth2AuthorizationRequestResolver pkce = new DefaultServerOAuth2AuthorizationRequestResolver(clients);
      pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
      http.oauth2Login(login -> login.authorizationRequestResolver(pkce))
          .exceptionHandling(handling -> handling.authenticationEntryPoint(loginOrBearer()));
    }
    return http
        .csrf(csrf -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
            .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
            .requireCsrfProtectionMatcher(writesOfASession()))
        .addFilterAfter(csrfCookie(), SecurityWebFiltersOrder.CSRF)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .build();
  }

  /**
   * A browser asking for a page is sent to the login; anything else (a script, the pages' own API
   * calls) gets 401 with {@code WWW-Authenticate: Bearer}.
   */
  private static ServerAuthenticationEntryPoint loginOrBearer() {
    MediaTypeServerWebExchangeMatcher pages = new MediaTypeServerWebExchangeMatcher(MediaType.TEXT_HTML);
    pages.setIgnoredMediaTypes(Set.of(MediaType.ALL));
    DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
        new DelegatingServerAuthenticationEntryPoint.DelegateEntry(pages,
            new RedirectServerAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION)));
    entryPoint.setDefaultEntryPoint(new BearerTokenServerAuthenticationEntryPoint());
    return entryPoint;
  }

  /**
   * A write that rides on the session cookie: what another site's page could make a logged-in browser
   * send. A bearer token cannot be sent that way, and a request without a session is answered 401.
   */
  private static ServerWebExchangeMatcher writesOfASession() {
    return exchange -> {
      HttpMethod method = exchange.getRequest().getMethod();
      boolean safe = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
          || HttpMethod.OPTIONS.equals(method) || HttpMethod.TRACE.equals(method);
      String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
      boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
      boolean session = exchange.getRequest().getCookies().containsKey(SESSION_COOKIE);
      return safe || bearer || !session ? ServerWebExchangeMatcher.MatchResult.notMatch()
          : ServerWebExchangeMatcher.MatchResult.match();
    };
  }

  /** WebFlux saves the CSRF cookie only when somebody asks for the token: the page's scripts read it. */
  private static WebFilter csrfCookie() {
    return (exchange, chain) -> {
      Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
      return (token == null ? Mono.<CsrfToken>empty() : token).then(chain.filter(exchange));
    };
  }
}
