package org.contactability.platform.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Hostile requests to every public endpoint that reads a body or a token, generated with jqwik's
 * arbitraries: Twilio's webhooks and call endpoints on response-service, the notifier's status
 * callback, and the answer page. Every case is malformed in one way (signature, encoding, size,
 * missing or garbage fields, token) and names the statuses that are right for it, all 4xx.
 */
final class HostileRequests {

  static final Set<Integer> ANY_4XX = IntStream.range(400, 500).boxed().collect(Collectors.toUnmodifiableSet());
  private static final Set<Integer> FORBIDDEN = Set.of(403);
  private static final Set<Integer> BAD_REQUEST = Set.of(400);
  private static final Set<Integer> TOO_LARGE = Set.of(413);
  private static final Set<Integer> LENGTH_REQUIRED = Set.of(411);
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String SIGNATURE = "X-Twilio-Signature";
  private static final int OVER_THE_LIMIT = 300 * 1024;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern NUMBERISH = Pattern.compile("(whatsapp:)?\\+?[0-9]{3,15}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16}");
  private static final Set<String> ANSWERS = Set.of("CONFIRM", "CANCEL", "ACCEPT_OFFER", "DECLINE_OFFER",
      "STILL_NEEDED", "NOT_NEEDED");

  /**
   * Where the requests go (base URLs of response-service, the notifier, waitlist-service and the console,
   * without a trailing slash), and what a real answer page gave: its token, CSRF cookie and form field.
   */
  record Targets(String response, String notifier, String waitlist, String console, String realToken,
      String csrfCookie, String csrfField, String operatorToken) {
  }

  private final Targets targets;

  HostileRequests(Targets targets) {
    this.targets = targets;
  }

  /** {@code count} cases drawn with {@code seed}: the same seed gives the same cases. */
  static List<HttpCase> sample(Arbitrary<HttpCase> cases, int count, long seed) {
    return draw(cases, count, new Random(seed));
  }

  /** {@code count} values of {@code arbitrary} from {@code random}, in a jqwik session of their own. */
  static <T> List<T> draw(Arbitrary<T> arbitrary, int count, Random random) {
    JqwikSession.start();
    try {
      var generator = arbitrary.generator(1000);
      return IntStream.range(0, count).mapToObj(i -> generator.next(random).value()).toList();
    } finally {
      JqwikSession.finish();
    }
  }

  /** Twilio's messaging and call webhooks, and the notifier's status callback. */
  Arbitrary<HttpCase> webhooks() {
    return Arbitraries.frequencyOf(List.of(
        tupleOf(3, unsigned()), tupleOf(3, garbageSignature()), tupleOf(2, signedWithAnotherToken()),
        tupleOf(2, signedForAnotherUrl()), tupleOf(2, tampered()), tupleOf(4, missingField()),
        tupleOf(5, garbageField()), tupleOf(3, notAForm()), tupleOf(2, badEncoding()), tupleOf(2, oversized()),
        tupleOf(1, bodyTooLong()), tupleOf(1, wrongMethod()), tupleOf(3, keyPresses()), tupleOf(1, unsignedCalls()),
        tupleOf(2, statusCallbacks())));
  }

  /**
   * The operators' JSON APIs that take a body: a purge campaign on waitlist-service, and the console's
   * patient-phone replies and key presses (which would sign a webhook: every case here must stop before).
   */
  Arbitrary<HttpCase> operatorApis() {
    Arbitrary<String> notJson = Arbitraries.oneOf(garbage(), Arbitraries.of("[]", "[1,2]", "\"x\"", "{", "{\"a\":",
        "null", "1e999999"));
    Arbitrary<HttpCase> campaigns = Arbitraries.oneOf(notJson, Arbitraries.of("{}", "{\"hospitalCode\": \"\"}",
        "{\"hospitalCode\": \"HLS\", \"answerWindowDays\": 0}",
        "{\"hospitalCode\": \"HLS\", \"answerWindowDays\": \"x\"}",
        "{\"hospitalCode\": \"HLS\", \"answerWindowDays\": 99999999999999999999}",
        "{\"hospitalCode\": [\"HLS\"]}", "{\"hospitalCode\": {\"$ne\": null}}"))
        .map(body -> json("purge campaign '" + cut(body) + "'", targets.waitlist() + "/api/campaigns", body));
    Arbitrary<HttpCase> replies = Arbitraries.oneOf(notJson,
        garbage().filter(g -> !NUMBERISH.matcher(g.strip()).matches())
            .map(phone -> "{\"phone\": " + quoted(phone) + ", \"channel\": \"sms\", \"text\": \"1\"}"),
        Arbitraries.of("{\"phone\": \"+56997000003\", \"channel\": \"telegram\", \"text\": \"1\"}",
            "{\"phone\": \"+56997000003\", \"channel\": \"sms\", \"text\": \"\"}",
            "{\"phone\": \"+56997000003\", \"channel\": \"whatsapp\", \"buttonPayload\": \"<b>\"}",
            "{\"phone\": \"+56997000003\", \"channel\": \"sms\", \"text\": \"" + "x".repeat(1601) + "\"}"))
        .map(body -> json("phone-page reply '" + cut(body) + "'", targets.console() + "/api/phone/replies", body));
    Arbitrary<HttpCase> keys = Combinators.combine(garbage().filter(g -> !NUMBERISH.matcher(g.strip()).matches()),
            Arbitraries.of("1", "12", "x", ""))
        .as((phone, digits) -> "{\"phone\": " + quoted(phone) + ", \"voiceUrl\": \"" + targets.response()
            + "/twilio/voice/AAAAAAAAAAAAAAAA\", \"digits\": " + quoted(digits) + "}")
        .map(body -> json("phone-page key press '" + cut(body) + "'", targets.console() + "/api/phone/keypresses", body));
    return Arbitraries.oneOf(campaigns, replies, keys);
  }

  /** The answer page: garbage and unknown tokens, forms without or with forged CSRF, answers no page takes. */
  Arbitrary<HttpCase> answerLinks() {
    return Arbitraries.frequencyOf(List.of(
        tupleOf(4, garbageTokens()), tupleOf(2, unknownTokens()), tupleOf(2, postsWithoutCsrf()),
        tupleOf(2, postsWithForgedCsrf()), tupleOf(3, answersNoPageTakes()), tupleOf(1, oversizedAnswers())));
  }

  // --- webhooks ---

  private Arbitrary<HttpCase> unsigned() {
    return messages().map(params -> post("unsigned message", inbound(), form(params), FORM, null, FORBIDDEN));
  }

  private Arbitrary<HttpCase> garbageSignature() {
    Arbitrary<String> signatures = Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(80)
        .filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)),
        Arbitraries.strings().withCharRange('A', 'Z').ofLength(28).map(s -> s + "="));
    return Combinators.combine(messages(), signatures).as((params, signature) ->
        post("message with signature '" + signature + "'", inbound(), form(params), FORM, signature, FORBIDDEN));
  }

  private Arbitrary<HttpCase> signedWithAnotherToken() {
    return messages().map(params -> post("message signed with another account's token", inbound(), form(params),
        FORM, sign("another-accounts-auth-token", inbound(), params), FORBIDDEN));
  }

  private Arbitrary<HttpCase> signedForAnotherUrl() {
    return messages().map(params -> post("message signed for another URL", inbound(), form(params), FORM,
        sign("https://evil.example/twilio/inbound", params), FORBIDDEN));
  }

  private Arbitrary<HttpCase> tampered() {
    return Combinators.combine(messages(), Arbitraries.of("Body", "ButtonPayload", "From"), garbage())
        .as((params, field, value) -> {
          String signature = sign(inbound(), params);
          Map<String, String> changed = new TreeMap<>(params);
          changed.put(field, value + "x");
          return post("message replayed with " + field + " changed", inbound(), form(changed), FORM, signature,
              FORBIDDEN);
        });
  }

  private Arbitrary<HttpCase> missingField() {
    return Combinators.combine(messages(), Arbitraries.subsetOf("From", "To", "MessageSid").ofMinSize(1))
        .as((params, missing) -> {
          Map<String, String> without = new TreeMap<>(params);
          missing.forEach(without::remove);
          return signedPost("signed message without " + missing, inbound(), without, BAD_REQUEST);
        });
  }

  private Arbitrary<HttpCase> garbageField() {
    Arbitrary<HttpCase> sid = Combinators.combine(messages(), garbage().filter(g -> !ID.matcher(g).matches()))
        .as((params, value) -> withField(params, "MessageSid", value));
    Arbitrary<HttpCase> number = Combinators.combine(messages(), Arbitraries.of("From", "To"),
            garbage().filter(g -> !NUMBERISH.matcher(g.strip()).matches()))
        .as((params, field, value) -> withField(params, field, value));
    return Arbitraries.oneOf(sid, number);
  }

  private HttpCase withField(Map<String, String> params, String field, String value) {
    Map<String, String> changed = new TreeMap<>(params);
    changed.put(field, value);
    return signedPost("signed message with " + field + " = '" + value + "'", inbound(), changed, BAD_REQUEST);
  }

  private Arbitrary<HttpCase> notAForm() {
    Arbitrary<String> types = Arbitraries.of("application/json", "application/xml", "text/plain",
        "application/octet-stream", "multipart/form-data; boundary=x");
    return Combinators.combine(types, garbage()).as((type, text) -> post("signed " + type + " body",
        inbound(), ("{\"From\":\"" + text + "\",\"Body\":\"1\"}").getBytes(StandardCharsets.UTF_8), type,
        sign(inbound(), Map.of()), BAD_REQUEST));
  }

  private Arbitrary<HttpCase> badEncoding() {
    Arbitrary<byte[]> bodies = Arbitraries.of(
        "From=%2B56997000001&To=%2B56422586400&MessageSid=SMbad1&Body=%zz".getBytes(StandardCharsets.US_ASCII),
        "From=%2B56997000001&To=%2B56422586400&MessageSid=SMbad2&Body=%E2%82".getBytes(StandardCharsets.US_ASCII),
        "From=%2B56997000001&To=%2B56422586400&MessageSid=SMbad3&Body=%".getBytes(StandardCharsets.US_ASCII),
        new byte[] {'B', 'o', 'd', 'y', '=', (byte) 0xC3, (byte) 0x28, '&', 'F', 'r', 'o', 'm', '=', (byte) 0xFF},
        "=&&==&Body".getBytes(StandardCharsets.US_ASCII));
    Arbitrary<String> types = Arbitraries.of(FORM, FORM + "; charset=ISO-8859-1", FORM + "; charset=no-such-charset",
        FORM + "; charset=UTF-16");
    Map<String, String> intended = Map.of("From", "+56997000001", "To", "+56422586400", "MessageSid", "SMbad1",
        "Body", "1");
    return Combinators.combine(bodies, types).as((body, type) -> post("signed form, badly encoded as " + type,
        inbound(), body, type, sign(inbound(), intended), Set.of(400, 403, 415)));
  }

  private Arbitrary<HttpCase> oversized() {
    return Combinators.combine(messages(), Arbitraries.of(false, true)).as((params, chunked) -> {
      Map<String, String> padded = new TreeMap<>(params);
      padded.put("Body", "x".repeat(OVER_THE_LIMIT));
      return new HttpCase("signed message over 256 KB" + (chunked ? ", chunked" : ""), "POST", uri(inbound()),
          Map.of("Content-Type", FORM, SIGNATURE, sign(inbound(), padded)),
          form(padded).getBytes(StandardCharsets.UTF_8), chunked, chunked ? LENGTH_REQUIRED : TOO_LARGE);
    });
  }

  private Arbitrary<HttpCase> bodyTooLong() {
    return Combinators.combine(messages(), Arbitraries.integers().between(4097, 20_000)).as((params, length) -> {
      Map<String, String> longer = new TreeMap<>(params);
      longer.put("Body", "¿".repeat(length));
      return signedPost("signed message with a Body of " + length + " characters", inbound(), longer, BAD_REQUEST);
    });
  }

  private Arbitrary<HttpCase> wrongMethod() {
    return Arbitraries.of("GET", "PUT", "DELETE", "PATCH").map(method -> new HttpCase(method + " on the webhook",
        method, uri(inbound()), Map.of(), null, false, Set.of(404, 405)));
  }

  private Arbitrary<HttpCase> keyPresses() {
    Arbitrary<String> tokens = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        .ofLength(16);
    Arbitrary<HttpCase> unsigned = tokens.map(token -> post("unsigned key press", gather(token),
        form(Map.of("CallSid", "CA1", "Digits", "1", "To", "+56997000002")), FORM, null, FORBIDDEN));
    Arbitrary<HttpCase> withoutCall = tokens.map(token -> signedPost("signed key press without CallSid",
        gather(token), Map.of("Digits", "2", "To", "+56997000002"), BAD_REQUEST));
    Arbitrary<HttpCase> garbageNumber = Combinators.combine(tokens, garbage()
        .filter(g -> !NUMBERISH.matcher(g.strip()).matches())).as((token, number) -> signedPost(
        "signed key press for To = '" + number + "'", gather(token),
        Map.of("CallSid", "CA1", "Digits", "1", "To", number), BAD_REQUEST));
    return Arbitraries.oneOf(unsigned, withoutCall, garbageNumber);
  }

  private Arbitrary<HttpCase> unsignedCalls() {
    return Arbitraries.of("GET", "POST").map(method -> new HttpCase("unsigned " + method + " of a call's TwiML",
        method, uri(targets.response() + "/twilio/voice/AAAAAAAAAAAAAAAA"), Map.of("Content-Type", FORM),
        "POST".equals(method) ? new byte[0] : null, false, FORBIDDEN));
  }

  private Arbitrary<HttpCase> statusCallbacks() {
    String status = targets.notifier() + "/twilio/status";
    Arbitrary<HttpCase> any = Combinators.combine(garbage(), Arbitraries.of("delivered", "failed", "read", "x"))
        .as((sid, value) -> {
          Map<String, String> params = Map.of("MessageSid", sid, "MessageStatus", value, "ErrorCode", sid);
          return post("status callback (no Twilio on this notifier)", status, form(params), FORM,
              sign(status, params), FORBIDDEN);
        });
    Arbitrary<HttpCase> oversized = Arbitraries.of(false, true).map(chunked -> new HttpCase(
        "status callback over 256 KB" + (chunked ? ", chunked" : ""), "POST", uri(status), Map.of("Content-Type", FORM),
        ("MessageStatus=delivered&Padding=" + "x".repeat(OVER_THE_LIMIT)).getBytes(StandardCharsets.US_ASCII),
        chunked, chunked ? LENGTH_REQUIRED : TOO_LARGE));
    return Arbitraries.oneOf(any, oversized);
  }

  // --- answer links ---

  private Arbitrary<HttpCase> garbageTokens() {
    Arbitrary<String> tokens = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
        garbage(), Arbitraries.of("..", "%2e%2e%2f", "AAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAA", "A".repeat(5000),
            "<script>", "%00", "😀".repeat(16)))
        .filter(t -> !TOKEN.matcher(t).matches());
    return Combinators.combine(tokens, Arbitraries.of("", "?respuesta=x", "?intent=%3Cb%3E", "?intent=CANCEL"))
        .as((token, query) -> new HttpCase("answer page for token '" + cut(token) + "'" + query, "GET",
            uri(targets.response() + "/r/" + URLEncoder.encode(token, StandardCharsets.UTF_8) + query), Map.of(),
            null, false, ANY_4XX));
  }

  private Arbitrary<HttpCase> unknownTokens() {
    return wellFormedTokens().filter(t -> !t.equals(targets.realToken())).map(token -> new HttpCase(
        "answer page for an unknown token", "GET", uri(targets.response() + "/r/" + token), Map.of(), null, false,
        Set.of(404)));
  }

  private Arbitrary<HttpCase> postsWithoutCsrf() {
    return Combinators.combine(Arbitraries.of(targets.realToken(), "AAAAAAAAAAAAAAAA", "<x>"),
        Arbitraries.of("CONFIRM", "CANCEL", "ACCEPT_OFFER")).as((token, action) -> post(
        "answer posted without CSRF", targets.response() + "/r/" + URLEncoder.encode(token, StandardCharsets.UTF_8),
        "accion=" + action, FORM, null, FORBIDDEN));
  }

  private Arbitrary<HttpCase> postsWithForgedCsrf() {
    return garbage().map(forged -> answer("answer posted with a forged CSRF field", targets.realToken(),
        Map.of("_csrf", forged, "accion", "CANCEL"), FORBIDDEN));
  }

  private Arbitrary<HttpCase> answersNoPageTakes() {
    Arbitrary<HttpCase> garbageAction = garbage().filter(a -> !ANSWERS.contains(a)).map(action -> answer("answer '" + action + "' on a real page",
        targets.realToken(), Map.of("_csrf", targets.csrfField(), "accion", action), BAD_REQUEST));
    Arbitrary<HttpCase> noAction = Arbitraries.just(answer("answer without accion on a real page",
        targets.realToken(), Map.of("_csrf", targets.csrfField()), BAD_REQUEST));
    Arbitrary<HttpCase> unknownPage = wellFormedTokens().filter(t -> !t.equals(targets.realToken()))
        .map(token -> answer("answer on an unknown token", token,
            Map.of("_csrf", targets.csrfField(), "accion", "CANCEL"), Set.of(404)));
    return Arbitraries.oneOf(garbageAction, noAction, unknownPage);
  }

  private Arbitrary<HttpCase> oversizedAnswers() {
    return Arbitraries.of(false, true).map(chunked -> new HttpCase("answer over 256 KB" + (chunked ? ", chunked" : ""),
        "POST", uri(targets.response() + "/r/" + targets.realToken()),
        Map.of("Content-Type", FORM, "Cookie", targets.csrfCookie()),
        ("_csrf=" + targets.csrfField() + "&accion=CANCEL&x=" + "y".repeat(OVER_THE_LIMIT))
            .getBytes(StandardCharsets.US_ASCII), chunked, chunked ? LENGTH_REQUIRED : TOO_LARGE));
  }

  /** An operator's request: the body is what is hostile, not the caller. */
  private HttpCase json(String label, String url, String body) {
    HttpCase post = post(label, url, body, "application/json", null, BAD_REQUEST);
    Map<String, String> headers = new LinkedHashMap<>(post.headers());
    headers.put("Authorization", "Bearer " + targets.operatorToken());
    return new HttpCase(post.label(), post.method(), post.uri(), headers, post.body(), post.chunked(), post.expected());
  }

  /** {@code text} as a JSON string. */
  private static String quoted(String text) {
    StringBuilder json = new StringBuilder("\"");
    text.chars().forEach(c -> json.append(c == '"' || c == '\\' ? "\\" + (char) c
        : c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return json.append('"').toString();
  }

  private HttpCase answer(String label, String token, Map<String, String> fields, Set<Integer> expected) {
    return new HttpCase(label, "POST", uri(targets.response() + "/r/" + token),
        Map.of("Content-Type", FORM, "Cookie", targets.csrfCookie()),
        form(new LinkedHashMap<>(fields)).getBytes(StandardCharsets.UTF_8), false, expected);
  }

  // --- values ---

  /** A signed-looking SMS or WhatsApp message from a number of the fuzz's own range. */
  private static Arbitrary<Map<String, String>> messages() {
    return Combinators.combine(Arbitraries.integers().between(0, 999_999), Arbitraries.of(true, false),
        Arbitraries.strings().numeric().ofLength(32)).as((number, whatsapp, sid) -> {
      String prefix = whatsapp ? "whatsapp:" : "";
      Map<String, String> params = new TreeMap<>();
      params.put("MessageSid", "SM" + sid);
      params.put("AccountSid", "AC00000000000000000000000000000dev");
      params.put("From", prefix + "+56997" + String.format("%06d", number));
      params.put("To", prefix + "+56422586400");
      params.put("Body", "1");
      return params;
    });
  }

  /** Markup, emoji, injections, controls, and any text at all. */
  static Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.of("abc", "<script>alert(1)</script>", "' OR '1'='1", "😀😀😀", "\u0000", "\r\nX-Injected: 1",
            "whatsapp:", "+", "+56 9 1234 5678 ext 9", "+5699999999999999999", "null", "${jndi:ldap://x/a}",
            "%s%s%s", "Ω≈ç√∫", "\u202Eevil", " "),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(60),
        Arbitraries.strings().withChars("😀🏥<>&\"'%\\;").ofMinLength(1).ofMaxLength(20));
  }

  private static Arbitrary<String> wellFormedTokens() {
    return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        .ofLength(16);
  }

  private String inbound() {
    return targets.response() + "/twilio/inbound";
  }

  private String gather(String token) {
    return targets.response() + "/twilio/voice/" + token + "/gather";
  }

  private HttpCase signedPost(String label, String url, Map<String, String> params, Set<Integer> expected) {
    return post(label, url, form(params), FORM, sign(url, params), expected);
  }

  private static HttpCase post(String label, String url, String body, String type, String signature,
      Set<Integer> expected) {
    return post(label, url, body.getBytes(StandardCharsets.UTF_8), type, signature, expected);
  }

  private static HttpCase post(String label, String url, byte[] body, String type, String signature,
      Set<Integer> expected) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", type);
    if (signature != null) {
      headers.put(SIGNATURE, signature);
    }
    return new HttpCase(label, "POST", uri(url), headers, body, false, expected);
  }

  private static String sign(String url, Map<String, String> params) {
    return sign(RunningPlatform.DEVELOPMENT_AUTH_TOKEN, url, params);
  }

  private static String sign(String token, String url, Map<String, String> params) {
    try {
      return RunningPlatform.signature(token, url, params);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String form(Map<String, String> params) {
    return RunningPlatform.form(params);
  }

  private static URI uri(String url) {
    return URI.create(url);
  }

  private static String cut(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private static <T> net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<T>> tupleOf(int weight, Arbitrary<T> arbitrary) {
    return net.jqwik.api.Tuple.of(weight, arbitrary);
  }
}
