package org.contactability.platform.benchmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts the lines of the sandbox's journal as they are appended, reading only what is new: a benchmark that
 * parsed the whole journal while it waits would take the CPU the platform it measures needs (a profile of the
 * booking benchmark at 100/s had 9 % of the JVM's samples in that loop).
 */
final class JournalLines {

  private final Path journal;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
  private long position;
  private long lines;

  JournalLines(Path journal) {
    this.journal = journal;
  }

  /** Lines appended so far, a message each. */
  long count() throws IOException {
    if (!Files.exists(journal)) {
      return lines;
    }
    try (FileChannel file = FileChannel.open(journal, StandardOpenOption.READ)) {
      file.position(position);
      int read;
      while ((read = file.read(buffer)) > 0) {
        for (int i = 0; i < read; i++) {
          if (buffer.get(i) == '\n') {
            lines++;
          }
        }
        position += read;
        buffer.clear();
      }
    }
    return lines;
  }
}
