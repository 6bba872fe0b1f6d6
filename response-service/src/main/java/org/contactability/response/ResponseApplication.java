package org.contactability.response;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;

/** response-service: patients' answers and the confirm/cancel rules. */
@SpringBootApplication(exclude = ReactiveUserDetailsServiceAutoConfiguration.class)
public class ResponseApplication {

  public static void main(String[] args) {
    SpringApplication.run(ResponseApplication.class, args);
  }
}
