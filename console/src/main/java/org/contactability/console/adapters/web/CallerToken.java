package org.contactability.console.adapters.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The access token of whoever calls the console, to call a service on their behalf (the notifier's
 * sandbox): a script's bearer token as it came, or the token the identity provider gave a person at login.
 */
@Component
public class CallerToken {

  private final ObjectProvider<ServerOAuth2AuthorizedClientRepository> logins;

  public CallerToken(ObjectProvider<ServerOAuth2AuthorizedClientRepository> logins) {
    this.logins = logins;
  }

  /** Empty when the caller has no token (nobody logged in): the service then answers 401 itself. */
  public Mono<String> of(ServerWebExchange exchange) {
    return ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication).flatMap(caller -> {
      if (caller instanceof JwtAuthenticationToken bearer) {
        return Mono.just(bearer.getToken().getTokenValue());
      }
      ServerOAuth2AuthorizedClientRepository clients = logins.getIfAvailable();
      if (caller instanceof OAuth2AuthenticationToken login && clients != null) {
        return clients.loadAuthorizedClient(login.getAuthorizedClientRegistrationId(), login, exchange)
            .map(client -> client.getAccessToken().getTokenValue());
      }
      return Mono.empty();
    });
  }
}
