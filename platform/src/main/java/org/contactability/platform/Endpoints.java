package org.contactability.platform;

/**
 * What a user of the embedded platform connects to, as printed at start-up and shown by the console.
 *
 * @param services the services' ports, or null when the platform runs without them
 * @param smtp     host:port of the platform's mail server
 * @param identityProvider the issuer of the embedded identity provider (OIDC)
 */
public record Endpoints(
    String console,
    String schemaRegistry,
    String kafkaBootstrap,
    String hisJdbcUrl,
    String hisUser,
    String hisPassword,
    String hisPsql,
    ServicePorts services,
    String smtp,
    String identityProvider) {

  public String describe() {
    StringBuilder text = new StringBuilder(String.join(System.lineSeparator(),
        "  Ops console ........ " + console + "  (log in as viewer/viewer, operator/operator or admin/admin)",
        "  Patient phones ..... " + console + "telefonos",
        "  Identity provider .. " + identityProvider + "  (OIDC; a script's token:",
        "                       curl -s -u admin-script:admin-secret -d grant_type=client_credentials "
            + identityProvider + "/oauth2/token)",
        "  Move the clock ..... curl -X POST -H \"Authorization: Bearer $TOKEN\" '" + console
            + "api/clock/advance?by=PT72H'",
        "  Sandbox messages ... curl -H \"Authorization: Bearer $TOKEN\" '" + console
            + "api/sandbox/messages?to=%2B56961234567'",
        "  HIS database ....... " + hisJdbcUrl + "  (user " + hisUser + ", password " + hisPassword + ")",
        "                       psql '" + hisPsql + "' -c 'select * from his.cita limit 5'",
        "  Kafka .............. " + kafkaBootstrap,
        "  Schema registry .... " + schemaRegistry + "  (Confluent REST API)",
        "  SMTP (e-mail) ...... " + smtp));
    if (services != null) {
      String host = console.substring(0, console.lastIndexOf(':') + 1);
      text.append(System.lineSeparator()).append(String.join(System.lineSeparator(),
          "  Twilio webhooks .... " + host + services.response() + "/twilio/inbound  (auth token "
              + "contactability-development-auth-token)",
          "  Services ........... his-connector " + host + services.hisConnector() + "/actuator/health",
          "                       scheduler " + host + services.scheduler() + "/actuator/health",
          "                       notifier " + host + services.notifier() + "/actuator/health",
          "                       response " + host + services.response() + "/actuator/health",
          "                       waitlist " + host + services.waitlist() + "/actuator/health"));
    }
    return text.toString();
  }
}
