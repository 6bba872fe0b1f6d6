package org.contactability.schemas.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The committed versions of one contract, under {@code src/test/resources/schema-history/<full
 * name>/v<N>.avsc}. Consumers upgraded first must read what producers not yet upgraded write, so
 * the current schema must read data written with every committed version (BACKWARD, checked
 * transitively: a topic keeps records of all of them).
 */
record SchemaHistory(Path directory, List<Schema> versions) {

  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

  static SchemaHistory load(Path root, String fullName) throws IOException {
    Path directory = root.resolve(fullName);
    List<Schema> versions = new ArrayList<>();
    if (Files.isDirectory(directory)) {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.filter(f -> VERSION_FILE.matcher(f.getFileName().toString()).matches())
            .sorted(Comparator.comparingInt(SchemaHistory::number)).toList()) {
          versions.add(new Schema.Parser().parse(Files.readString(file)));
        }
      }
    }
    return new SchemaHistory(directory, versions);
  }

  /** Why {@code current} may not replace the committed versions; empty when it may. */
  List<String> incompatibilities(Schema current) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      var result = SchemaCompatibility.checkReaderWriterCompatibility(current, versions.get(i));
      if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
        problems.add(current.getFullName() + " cannot read data written with v" + (i + 1) + ": "
            + result.getResult().getIncompatibilities().stream()
                .map(inc -> inc.getType() + " at " + inc.getLocation() + " (" + inc.getMessage() + ")")
                .toList());
      }
    }
    return problems;
  }

  /** Whether {@code current} is already the newest committed version (docs aside). */
  boolean hasAsLatest(Schema current) {
    return !versions.isEmpty() && versions.get(versions.size() - 1).equals(current);
  }

  Path record(Schema current) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve("v" + (versions.size() + 1) + ".avsc");
    Files.writeString(file, current.toString(true) + "\n");
    return file;
  }

  private static int number(Path file) {
    Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
    return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
  }
}
