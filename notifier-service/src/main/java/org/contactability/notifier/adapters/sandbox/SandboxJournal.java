package org.contactability.notifier.adapters.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the sandbox received, on disk: one JSON object per line (a {@link SandboxMessage}: channel, to, text, subject,
 * buttons, links, providerMessageId, requestId, hospitalCode, template, receivedAt as ISO-8601), appended and forced
 * to the disk before the sandbox answers, so that a provider's memory survives a restart, even a {@code kill -9}
 * right after an accepted send. {@link #read} reads it back (tests count from it); a last line cut off by a crash
 * mid-write is skipped, since the sandbox never answered for it. It holds message texts: it is for the sandbox's
 * demonstration data only.
 */
public final class SandboxJournal implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;
  private final FileChannel channel;
  private final Object forcing = new Object();
  /** Bytes appended by this process (guarded by this). */
  private long written;
  /** Bytes appended by this process known to be on the disk (guarded by {@link #forcing}). */
  private long forced;

  private SandboxJournal(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the sandbox journal " + file, e);
    }
  }

  /** Opens (or creates) the journal at {@code file}; {@link #read} gives what it holds already. */
  public static SandboxJournal open(Path file) {
    return new SandboxJournal(file);
  }

  /** Every message of the journal at {@code file}, in the order received; empty when there is none. */
  public static List<SandboxMessage> read(Path file) {
    List<SandboxMessage> messages = new ArrayList<>();
    if (!Files.exists(file)) {
      return messages;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sandbox journal " + file, e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        messages.add(JSON.readValue(line, SandboxMessage.class));
      } catch (RuntimeException e) {
        if (i < lines.size() - 1) {
          throw new IllegalStateException("line " + (i + 1) + " of the sandbox journal " + file + " is unreadable", e);
        }
        // The last line, cut off by a crash while it was written: never acknowledged.
      }
    }
    return messages;
  }

  public Path file() {
    return file;
  }

  /** Appends {@code message} and forces it to the disk. */
  public void append(SandboxMessage message) {
    force(write(message));
  }

  /**
   * Appends {@code message} without forcing it to the disk ({@link #force} does).
   *
   * @return the journal's length with it, for {@link #force}
   */
  public synchronized long write(SandboxMessage message) {
    byte[] line = (JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox journal " + file, e);
    }
    written += line.length;
    return written;
  }

  /** Bytes this process appended so far. */
  public synchronized long length() {
    return written;
  }

  /**
   * Returns once the first {@code length} bytes written are on the disk. Concurrent senders share one force
   * (group commit): a force covers every line written before it, so the others find theirs done.
   */
  public void force(long length) {
    synchronized (forcing) {
      if (forced >= length) {
        return;
      }
      long upTo;
      synchronized (this) {
        upTo = written;
      }
      try {
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the sandbox journal " + file, e);
      }
      forced = upTo;
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the sandbox journal " + file, e);
    }
  }
}
