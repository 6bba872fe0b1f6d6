package org.contactability.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server still running on a data directory whose owner died without stopping it: after
 * a {@code kill -9} of the JVM, the {@code postgres} process lives on, holding the directory and its
 * port. Left alone, the next start would silently talk to that server. Found at start, it is stopped
 * with a fast shutdown (what {@code pg_ctl stop -m fast} sends) when nothing living owns it; a server
 * that a running process still owns is refused with what to do.
 */
final class OrphanedPostgres {

  private static final Logger log = LoggerFactory.getLogger(OrphanedPostgres.class);

  /** The lock zonky holds on the data directory while its server runs: released by the kernel when the owner dies. */
  static final String OWNER_LOCK = "epg-lock";

  private OrphanedPostgres() {
  }

  /**
   * Stops the server left running on {@code dataDirectory} by a dead process, if there is one.
   *
   * @throws IllegalStateException if a living process owns the server, or it does not stop within {@code patience}
   */
  static void stopIfAny(Path dataDirectory, Duration patience) {
    Optional<ProcessHandle> server = runningServer(dataDirectory);
    if (server.isEmpty()) {
      return;
    }
    long pid = server.get().pid();
    if (ownedByLivingProcess(dataDirectory)) {
      throw new IllegalStateException("PostgreSQL (pid " + pid + ") is running on the data directory " + dataDirectory
          + " for another process that is still alive (it holds " + OWNER_LOCK + "). Stop that process, or use"
          + " another data directory.");
    }
    log.warn("PostgreSQL (pid {}) is still running on {}, left behind by a process that ended without stopping it"
        + " (kill -9?); stopping it (fast shutdown) before starting", pid, dataDirectory);
    long began = System.nanoTime();
    signal(pid, "INT");
    try {
      server.get().onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("PostgreSQL (pid " + pid + ") left running on " + dataDirectory
          + " did not stop within " + patience.toSeconds() + " s of a fast shutdown. Stop it by hand (kill -9 " + pid
          + ") and start again.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping PostgreSQL (pid " + pid + ")", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not wait for PostgreSQL (pid " + pid + ") to stop", e);
    }
    log.info("PostgreSQL left running on {} stopped in {} ms", dataDirectory,
        Duration.ofNanos(System.nanoTime() - began).toMillis());
  }

  /**
   * The postmaster named in the directory's {@code postmaster.pid}, if that process is alive and is a
   * {@code postgres} serving this very directory (a pid file may outlive its server and its pid be reused).
   */
  static Optional<ProcessHandle> runningServer(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    long pid;
    try {
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
        return Optional.empty();
      }
      pid = Long.parseLong(lines.get(0).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + pidFile, e);
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> servesDirectory(p, dataDirectory));
  }

  private static boolean servesDirectory(ProcessHandle process, Path dataDirectory) {
    ProcessHandle.Info info = process.info();
    boolean postgres = info.command().map(c -> c.endsWith("/postgres")).orElse(false);
    String directory = dataDirectory.toAbsolutePath().normalize().toString();
    return postgres && info.arguments().map(args -> List.of(args).contains(directory)).orElse(false);
  }

  private static boolean ownedByLivingProcess(Path dataDirectory) {
    Path lockFile = dataDirectory.resolve(OWNER_LOCK);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not check " + lockFile, e);
    }
  }

  private static void signal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("Could not signal PostgreSQL (pid " + pid + "): "
            + new String(kill.getInputStream().readAllBytes()).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run kill for PostgreSQL (pid " + pid + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling PostgreSQL (pid " + pid + ")", e);
    }
  }
}
