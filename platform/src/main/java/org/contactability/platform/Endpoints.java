package org.contactability.platform;

/** What a user of the embedded platform connects to, as printed at start-up and shown by the console. */
public record Endpoints(
    String console,
    String schemaRegistry,
    String kafkaBootstrap,
    String hisJdbcUrl,
    String hisUser,
    String hisPassword,
    String hisPsql) {

  public String describe() {
    return String.join(System.lineSeparator(),
        "  Ops console ........ " + console,
        "  Move the clock ..... curl -X POST '" + console + "api/clock/advance?by=PT72H'",
        "  HIS database ....... " + hisJdbcUrl + "  (user " + hisUser + ", password " + hisPassword + ")",
        "                       psql '" + hisPsql + "' -c 'select * from his.cita limit 5'",
        "  Kafka .............. " + kafkaBootstrap,
        "  Schema registry .... " + schemaRegistry + "  (Confluent REST API)");
  }
}
