package org.contactability.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java sources of some modules, read as text: enough of the language to find configuration
 * records, meters and health indicators without loading the modules' classes or starting them (their
 * application.yml files would meet on one classpath).
 */
final class JavaSources {

  /** One source file with its comments removed (string literals kept). */
  record SourceFile(Path path, String packageName, List<String> imports, String code) {

    String baseName() {
      String file = path.getFileName().toString();
      return file.substring(0, file.length() - ".java".length());
    }
  }

  private final List<SourceFile> files;

  private JavaSources(List<SourceFile> files) {
    this.files = List.copyOf(files);
  }

  /** Every {@code .java} file under {@code src/main/java} of the given module directories. */
  static JavaSources of(List<Path> modules) {
    List<SourceFile> files = new ArrayList<>();
    for (Path module : modules) {
      Path root = module.resolve("src/main/java");
      if (!Files.isDirectory(root)) {
        throw new IllegalStateException("No sources at " + root.toAbsolutePath());
      }
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          files.add(parse(path, Files.readString(path)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new JavaSources(files);
  }

  List<SourceFile> files() {
    return files;
  }

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);

  static SourceFile parse(Path path, String text) {
    String code = withoutComments(text);
    Matcher pkg = PACKAGE.matcher(code);
    List<String> imports = new ArrayList<>();
    Matcher imp = IMPORT.matcher(code);
    while (imp.find()) {
      imports.add(imp.group(1));
    }
    return new SourceFile(path, pkg.find() ? pkg.group(1) : "", imports, code);
  }

  /** Where the string or character literal opened at {@code open} ends (its closing quote; past the end if none). */
  private static int closingQuote(String text, int open) {
    char quote = text.charAt(open);
    int i = open + 1;
    while (i < text.length() && text.charAt(i) != quote) {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    return i;
  }

  /** Removes comments, keeping string and character literals (and line breaks) as they are. */
  static String withoutComments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (text.startsWith("\"\"\"", i)) {
        int end = text.indexOf("\"\"\"", i + 3);
        end = end < 0 ? text.length() : end + 3;
        out.append(text, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = Math.min(closingQuote(text, i) + 1, text.length());
        out.append(text, i, j);
        i = j;
      } else if (text.startsWith("//", i)) {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? text.length() : end + 2;
        for (int k = i; k < end; k++) {
          if (text.charAt(k) == '\n') {
            out.append('\n');
          }
        }
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Index of the bracket closing the one at {@code open} ((, <, {, [), skipping literals. */
  static int closing(String code, int open) {
    char start = code.charAt(open);
    char end = switch (start) {
      case '(' -> ')';
      case '<' -> '>';
      case '{' -> '}';
      case '[' -> ']';
      default -> throw new IllegalArgumentException("not a bracket: " + start);
    };
    int depth = 0;
    for (int i = open; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        i = closingQuote(code, i);
      } else if (c == start) {
        depth++;
      } else if (c == end) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw new IllegalStateException("Unbalanced " + start + " at " + open);
  }

  /** Splits at commas outside brackets and literals. */
  static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = closingQuote(text, i);
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '>') {
        i++;
      } else if (c == '(' || c == '<' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '>' || c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(from, i).trim());
        from = i + 1;
      }
    }
    String last = text.substring(from).trim();
    if (!last.isEmpty()) {
      parts.add(last);
    }
    return parts;
  }

  /** The value of a plain string literal ({@code "abc"}), or null when the text is something else. */
  static String stringLiteral(String text) {
    String t = text.trim();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") && !t.startsWith("\"\"\"")) {
      return t.substring(1, t.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return null;
  }
}
