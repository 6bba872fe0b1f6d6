package org.contactability.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Just enough of PromQL to say which metrics a query reads and which labels it uses: metric selectors
 * with their label matchers, and the labels of {@code by (...)} / {@code without (...)} / {@code on (...)}.
 */
final class PromQl {

  /** A metric named in a query, with the labels its matchers name. */
  record Selector(String metric, Set<String> labels) {
  }

  /** What a query reads. */
  record Query(List<Selector> selectors, Set<String> groupingLabels) {
  }

  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan");

  private PromQl() {
  }

  static Query parse(String expr) {
    List<Selector> selectors = new ArrayList<>();
    Set<String> grouping = new LinkedHashSet<>();
    int i = 0;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '[') {
        i = expr.indexOf(']', i) + 1;
      } else if (c == '{') {
        // A selector without a metric name ({__name__=~"..."}) is not used here.
        int end = expr.indexOf('}', i);
        selectors.add(new Selector("", matcherLabels(expr.substring(i + 1, end))));
        i = end + 1;
      } else if (c == '$') {
        i++;
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_')) {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
            || expr.charAt(i) == ':')) {
          i++;
        }
        String word = expr.substring(start, i);
        int next = skipSpaces(expr, i);
        // A function call, or an aggregation written "sum by (labels) (...)".
        boolean call = next < expr.length() && expr.charAt(next) == '('
            || expr.startsWith("by", next) || expr.startsWith("without", next);
        String lower = word.toLowerCase();
        if (KEYWORDS.contains(lower)) {
          if (call && (lower.equals("by") || lower.equals("without") || lower.equals("on")
              || lower.equals("ignoring") || lower.equals("group_left") || lower.equals("group_right"))) {
            int close = expr.indexOf(')', next);
            for (String label : expr.substring(next + 1, close).split(",")) {
              if (!label.isBlank()) {
                grouping.add(label.trim());
              }
            }
            i = close + 1;
          }
        } else if (!call) {
          Set<String> labels = new LinkedHashSet<>();
          if (next < expr.length() && expr.charAt(next) == '{') {
            int end = expr.indexOf('}', next);
            labels.addAll(matcherLabels(expr.substring(next + 1, end)));
            i = end + 1;
          }
          selectors.add(new Selector(word, labels));
        }
      } else if (Character.isDigit(c)) {
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
          i++;
        }
      } else {
        i++;
      }
    }
    return new Query(selectors, grouping);
  }

  private static Set<String> matcherLabels(String matchers) {
    Set<String> labels = new LinkedHashSet<>();
    int i = 0;
    while (i < matchers.length()) {
      char c = matchers.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(matchers, i);
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < matchers.length() && (Character.isLetterOrDigit(matchers.charAt(i)) || matchers.charAt(i) == '_')) {
          i++;
        }
        labels.add(matchers.substring(start, i));
      } else {
        i++;
      }
    }
    return labels;
  }

  private static int skipString(String text, int open) {
    char quote = text.charAt(open);
    int i = open + 1;
    while (i < text.length() && text.charAt(i) != quote) {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  private static int skipSpaces(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
