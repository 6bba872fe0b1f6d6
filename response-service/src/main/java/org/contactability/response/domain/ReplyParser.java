package org.contactability.response.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a patient's free text forgivingly: case, accents, punctuation and emoji do not matter.
 *
 * <p>Short answers ("1", "sí", "ok", "no", 👍) count only when they are the whole message (give or
 * take "gracias" and "por favor"): "si pero el martes" is not a yes. Unmistakable words ("confirmo",
 * "cancelar", "anular", "acepto", "rechazo") also count inside a short sentence ("quiero cancelar mi
 * hora"), unless a "no" right before them turns them round ("no quiero cancelar"), or the sentence
 * also says the opposite. Anything else is unrecognised, and the patient gets the help answer: a
 * cancellation is never guessed.
 */
public final class ReplyParser {

  /** Strong words count in sentences of at most this many words. */
  static final int MAX_SENTENCE_WORDS = 8;

  private static final Set<String> YES_SHORT = Set.of("si", "ok", "okay", "okey", "oka", "oki", "dale", "bueno",
      "listo", "claro", "yes");
  /** Stems of unmistakable words: "confirmo", "confírmela", "acepto", "asistiré"; "cancelar", "anúlela", "rechazo". */
  private static final List<String> YES_STEMS = List.of("confirm", "acept", "asistire");
  private static final Set<String> NO_SHORT = Set.of("no");
  private static final List<String> NO_STEMS = List.of("cancel", "anul", "rechaz", "declin");
  private static final Set<String> NEGATIONS = Set.of("no", "nunca", "tampoco", "ni");
  private static final Set<String> OPT_OUT = Set.of("stop", "baja", "stopall", "unsubscribe", "desuscribir",
      "desuscribirme");
  private static final Set<String> OPT_OUT_FILLERS = Set.of("dar", "darme", "de", "me", "quiero", "por", "favor");
  private static final Set<String> COURTESY = Set.of("gracias", "muchas", "muchisimas", "mil", "por", "favor");

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern CLAUSE_BREAK = Pattern.compile("[,.;:!?¡¿\\n()\\[\\]/-]+");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");
  /** 👍 (any skin tone), ✅, ✔, ☑, 👌: the same as "ok". */
  private static final Pattern THUMBS_UP = Pattern.compile("\\x{1F44D}[\\x{1F3FB}-\\x{1F3FF}]?|\\x{2705}|\\x{2714}\\x{FE0F}?|\\x{2611}\\x{FE0F}?|\\x{1F44C}[\\x{1F3FB}-\\x{1F3FF}]?");

  public Reply parse(String text) {
    List<List<String>> clauses = clauses(text);
    List<String> words = clauses.stream().flatMap(List::stream).toList();
    if (words.isEmpty()) {
      return Reply.UNRECOGNISED;
    }
    if (isOptOut(words)) {
      return Reply.OPT_OUT;
    }
    if (hasNegatedStrongWord(clauses)) {
      return Reply.UNRECOGNISED;
    }
    List<String> content = words.stream().filter(w -> !COURTESY.contains(w)).toList();
    if (content.isEmpty()) {
      return Reply.COURTESY;
    }
    if (content.stream().allMatch(w -> DIGITS.matcher(w).matches()) && content.stream().distinct().count() == 1) {
      return new Reply.Number(Integer.parseInt(content.get(0)));
    }
    boolean yes = content.stream().anyMatch(w -> YES_SHORT.contains(w) || isYesStrong(w));
    boolean no = content.stream().anyMatch(w -> NO_SHORT.contains(w) || isNoStrong(w));
    if (yes == no) {
      return Reply.UNRECOGNISED;
    }
    boolean onlyAnswerWords = content.stream().allMatch(ReplyParser::isAnswerWord);
    boolean strong = content.stream().anyMatch(w -> isYesStrong(w) || isNoStrong(w));
    if (onlyAnswerWords || (strong && words.size() <= MAX_SENTENCE_WORDS)) {
      return yes ? Reply.YES : Reply.NO;
    }
    return Reply.UNRECOGNISED;
  }

  /** Lower case, without accents, emoji of approval read as "ok", split into clauses of words. */
  static List<List<String>> clauses(String text) {
    if (text == null) {
      return List.of();
    }
    String plain = THUMBS_UP.matcher(text).replaceAll(" ok ");
    plain = MARKS.matcher(Normalizer.normalize(plain, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    List<List<String>> clauses = new ArrayList<>();
    for (String clause : CLAUSE_BREAK.split(plain)) {
      List<String> words = new ArrayList<>();
      for (String word : NOT_WORD.split(clause)) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
      if (!words.isEmpty()) {
        clauses.add(words);
      }
    }
    return clauses;
  }

  private static boolean isYesStrong(String word) {
    return startsWithAny(word, YES_STEMS);
  }

  private static boolean isNoStrong(String word) {
    return startsWithAny(word, NO_STEMS);
  }

  private static boolean startsWithAny(String word, List<String> stems) {
    for (String stem : stems) {
      if (word.startsWith(stem)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAnswerWord(String word) {
    return YES_SHORT.contains(word) || isYesStrong(word) || NO_SHORT.contains(word)
        || isNoStrong(word) || word.equals("1") || word.equals("2");
  }

  private static boolean isOptOut(List<String> words) {
    return words.stream().anyMatch(OPT_OUT::contains)
        && words.stream().allMatch(w -> OPT_OUT.contains(w) || OPT_OUT_FILLERS.contains(w) || COURTESY.contains(w));
  }

  /** "no confirmo", "no quiero cancelar": a negation at most two words before a strong word, in one clause. */
  private static boolean hasNegatedStrongWord(List<List<String>> clauses) {
    for (List<String> clause : clauses) {
      for (int i = 0; i < clause.size(); i++) {
        String word = clause.get(i);
        if (isYesStrong(word) || isNoStrong(word)) {
          for (int j = Math.max(0, i - 2); j < i; j++) {
            if (NEGATIONS.contains(clause.get(j))) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
