package org.contactability.response.adapters.web;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** Puts the CSRF token in the model of the answer page, for its forms. */
@ControllerAdvice(assignableTypes = AnswerPageController.class)
public class CsrfModel {

  @ModelAttribute("csrf")
  public Mono<CsrfToken> csrf(ServerWebExchange exchange) {
    Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
    return token == null ? Mono.empty() : token;
  }
}
