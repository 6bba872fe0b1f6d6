package org.contactability.waitlist;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** waitlist-service: freed slots offered to the waiting list, purge campaigns. */
@SpringBootApplication
public class WaitlistApplication {

  public static void main(String[] args) {
    SpringApplication.run(WaitlistApplication.class, args);
  }
}
