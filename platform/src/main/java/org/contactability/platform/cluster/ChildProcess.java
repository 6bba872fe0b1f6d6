package org.contactability.platform.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process of the local cluster: started with exactly the environment it is given (and the shell's {@code PATH},
 * {@code HOME}, {@code LANG}, {@code TMPDIR}, so that a variable of the developer's shell cannot change a service's
 * settings), its output in a log file. Stopped with SIGTERM, as a container is, and killed if it does not end.
 */
public final class ChildProcess {

  private static final List<String> FROM_THE_SHELL = List.of("PATH", "HOME", "LANG", "TMPDIR");

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private final Process process;

  private ChildProcess(String name, List<String> command, Map<String, String> environment, Path log, Process process) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.process = process;
  }

  public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    Map<String, String> shell = Map.copyOf(env);
    env.clear();
    FROM_THE_SHELL.stream().filter(shell::containsKey).forEach(variable -> env.put(variable, shell.get(variable)));
    env.putAll(environment);
    try {
      Files.createDirectories(log.getParent());
      return new ChildProcess(name, command, environment, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name + ": " + e.getMessage(), e);
    }
  }

  /** The same command with the same environment and log, started again (after {@link #kill()}, as a pod restarts). */
  public ChildProcess startAgain() {
    return start(name, command, environment, log);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  /** The exit code of a process that has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Asks the process to stop (SIGTERM) without waiting. */
  public void requestStop() {
    process.destroy();
  }

  /** Waits up to {@code seconds} for the process to end after {@link #requestStop()}; kills it then. */
  public void awaitStop(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** {@code kill -9}: no shutdown hook, no flush, as a node lost to a power cut. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
