package org.contactability.response;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** response-service: patients' answers and the confirm/cancel rules. */
@SpringBootApplication
public class ResponseApplication {

  public static void main(String[] args) {
    SpringApplication.run(ResponseApplication.class, args);
  }
}
