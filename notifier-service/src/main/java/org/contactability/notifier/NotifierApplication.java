package org.contactability.notifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** notifier-service: templates, channels (WhatsApp, SMS, voice, e-mail) and delivery status. */
@SpringBootApplication
public class NotifierApplication {

  public static void main(String[] args) {
    SpringApplication.run(NotifierApplication.class, args);
  }
}
