package org.contactability.embedded;

import java.nio.file.Path;

/**
 * A JVM that starts PostgreSQL on the data directory given as its argument, says so, and waits to be
 * killed: {@link OrphanedPostgresTest} kills it with {@code kill -9} to leave the server behind.
 */
public final class PostgresOwner {

  private PostgresOwner() {
  }

  public static void main(String[] args) throws InterruptedException {
    EmbeddedPostgres.builder().dataDirectory(Path.of(args[0])).password("first").stopOnJvmExit(false).start();
    System.out.println("started");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
