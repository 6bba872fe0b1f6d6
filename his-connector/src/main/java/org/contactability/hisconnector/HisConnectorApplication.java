package org.contactability.hisconnector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** his-connector: Debezium change-data-capture of the HIS and writeback into it. */
@SpringBootApplication
public class HisConnectorApplication {

  public static void main(String[] args) {
    SpringApplication.run(HisConnectorApplication.class, args);
  }
}
