package org.contactability.platform.identity;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.contactability.common.security.Role;
import org.contactability.common.security.RoleClaim;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The embedded platform's identity provider: Spring Authorization Server (OIDC) in the platform's JVM,
 * with the demo people and clients of {@link DemoIdentities}. Every token (access and ID) carries the
 * platform's roles in the {@code roles} claim ({@link RoleClaim#DEFAULT_PATH}), as the services read it.
 * Spring Boot makes the endpoints, the signing key (new at every start) and the login page.
 */
@SpringBootApplication(proxyBeanMethods = false, excludeName = {
    // On the platform's classpath, but nothing of the identity provider's: no broker, no topics.
    "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
    "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
    "org.contactability.common.spring.ContactabilityAutoConfiguration"})
public class IdentityProviderApplication {

  static final String ROLES_SETTING = "contactability.roles";

  /**
   * Demo tokens last a work shift, so that a console session or an acceptance test run never meets an
   * expired token (the console relays a person's token to the notifier's sandbox and does not refresh it).
   */
  private static final TokenSettings WORK_SHIFT = TokenSettings.builder()
      .accessTokenTimeToLive(java.time.Duration.ofHours(8)).build();

  @Bean
  UserDetailsService demoPeople() {
    return new InMemoryUserDetailsManager(DemoIdentities.PEOPLE.stream()
        .map(person -> User.withUsername(person.name()).password("{noop}" + person.secret())
            .authorities(person.roles().stream().map(Role::claimValue).toArray(String[]::new)).build())
        .toList());
  }

  @Bean
  RegisteredClientRepository demoClients(@Value("${contactability.identity.console-redirect-uri}") String consoleRedirect) {
    RegisteredClient console = RegisteredClient.withId(UUID.randomUUID().toString())
        .clientId(DemoIdentities.CONSOLE_CLIENT)
        .clientSecret("{noop}" + DemoIdentities.CONSOLE_SECRET)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
        .redirectUri(consoleRedirect)
        .scope(OidcScopes.OPENID)
        .scope(OidcScopes.PROFILE)
        .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
        .tokenSettings(WORK_SHIFT)
        .build();
    List<RegisteredClient> clients = new java.util.ArrayList<>(List.of(console));
    for (DemoIdentities.Identity script : DemoIdentities.SCRIPTS) {
      clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
          .clientId(script.name())
          .clientSecret("{noop}" + script.secret())
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
          .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
          .clientSettings(ClientSettings.builder()
              .setting(ROLES_SETTING, script.roles().stream().map(Role::claimValue).toList()).build())
          .tokenSettings(WORK_SHIFT)
          .build());
    }
    return new InMemoryRegisteredClientRepository(clients);
  }

  /** The roles of the person who logged in, or of the script's client. */
  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> roleClaim() {
    return context -> {
      List<String> roles;
      if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
        roles = context.getRegisteredClient().getClientSettings().getSetting(ROLES_SETTING);
      } else {
        roles = context.getPrincipal().getAuthorities().stream().map(GrantedAuthority::getAuthority)
            .filter(authority -> Role.fromClaim(authority).isPresent()).collect(Collectors.toList());
      }
      context.getClaims().claims(claims -> claims.putAll(Map.of(RoleClaim.DEFAULT_PATH, roles == null ? List.of() : roles)));
    };
  }
}
