package org.contactability.notifier.adapters.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.common.templates.MessageTemplate;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.Intent;
import org.contactability.notifier.application.Button;
import org.contactability.notifier.application.MessageTemplates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Message templates as Mustache files, one directory per hospital over a default set:
 * {@code <location>/<HOSPITAL>/<template>.<part>.mustache} wins over {@code <location>/default/...},
 * and earlier locations win over later ones (so a directory outside the jar can override the texts
 * shipped inside it). Parts: {@code whatsapp}, {@code sms}, {@code voice} (else the WhatsApp text),
 * {@code email} (else the WhatsApp text) and {@code email-html} (else {@code _layout.email-html}).
 * {@code catalog.yml} beside them gives each template's e-mail subject. The answers its buttons offer are
 * those of the platform's template catalogue ({@link MessageTemplate}); their titles are the hospital's own
 * ({@link HospitalProfile.Buttons}), the same on every template.
 *
 * <p>WhatsApp templates are plain text with variables and no sections, because each one mirrors a
 * Twilio Content template approved by Meta: {@link #contentTemplate} turns the file into the body to
 * get approved ({@code {{1}}}, {@code {{2}}}, ... in order of first use).
 */
public final class MustacheTemplateLibrary implements MessageTemplates {

  public static final String DEFAULT_SET = "default";

  private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern HOSPITAL_CODE = Pattern.compile("[A-Za-z0-9_-]+");
  private static final String LAYOUT = "_layout";

  private final ResourceLoader loader;
  private final List<String> locations;
  private final HospitalProfiles profiles;
  private final Mustache.Compiler text = Mustache.compiler().escapeHTML(false);
  private final Mustache.Compiler html = Mustache.compiler();
  /** Each file compiled once, on first use, with what is derived from it (see {@link Compiled}). */
  private final Map<String, Optional<Compiled>> templates = new ConcurrentHashMap<>();
  private final Map<String, Map<String, CatalogEntry>> catalogs = new ConcurrentHashMap<>();
  /** E-mail subjects compiled once, by their text (so a subject that changes is compiled anew). */
  private final Map<String, Template> subjects = new ConcurrentHashMap<>();

  /**
   * @param locations Spring resource locations, e.g. {@code file:/etc/notifier/templates/}, {@code classpath:templates/}
   * @param profiles  the hospitals' button titles
   */
  public MustacheTemplateLibrary(ResourceLoader loader, List<String> locations, HospitalProfiles profiles) {
    this.loader = loader;
    this.locations = locations.stream().map(l -> l.endsWith("/") ? l : l + "/").toList();
    this.profiles = profiles;
  }

  @Override
  public Rendering render(String hospitalCode, String template, Channel channel, Map<String, Object> variables) {
    checkNames(hospitalCode, template);
    CatalogEntry entry = catalog(hospitalCode).getOrDefault(template, CatalogEntry.NONE);
    List<Button> buttons = buttons(hospitalCode, template);
    return switch (channel) {
      case WHATSAPP -> {
        Compiled whatsapp = compiled(hospitalCode, template, "whatsapp");
        String body = execute(whatsapp.template(), variables, template, "whatsapp");
        yield new Rendering(body, buttons, contentVariables(whatsapp, variables, template), null, null);
      }
      case SMS -> new Rendering(execute(required(hospitalCode, template, "sms"), variables, template, "sms"),
          List.of(), Map.of(), null, null);
      case VOICE -> {
        Template voice = find(hospitalCode, template, "voice").orElseGet(() -> required(hospitalCode, template, "whatsapp"));
        yield new Rendering(execute(voice, variables, template, "voice"), buttons, Map.of(), null, null);
      }
      case EMAIL -> email(hospitalCode, template, entry, buttons, variables);
      case WEB -> throw new TemplateProblem("WEB is not a channel messages are sent on");
    };
  }

  /**
   * The Twilio Content template body a hospital must get approved for {@code template}, with the
   * request variables that fill its placeholders, in order.
   */
  public ContentTemplate contentTemplate(String hospitalCode, String template) {
    checkNames(hospitalCode, template);
    Template whatsapp = required(hospitalCode, template, "whatsapp");
    StringBuilder body = new StringBuilder();
    List<String> names = new ArrayList<>();
    whatsapp.visit(new FlatVisitor(template) {
      @Override
      public void visitText(String segment) {
        body.append(segment);
      }

      @Override
      public void visitVariable(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
          names.add(name);
          index = names.size() - 1;
        }
        body.append("{{").append(index + 1).append("}}");
      }
    });
    return new ContentTemplate(body.toString().strip(), names, buttons(hospitalCode, template));
  }

  /**
   * @param body      text with {{1}}, {{2}} ... as Twilio's Content API takes it
   * @param variables the template variable behind each placeholder, {{1}} first
   * @param buttons   quick replies of the approved template (ids are the payloads)
   */
  public record ContentTemplate(String body, List<String> variables, List<Button> buttons) {
  }

  /** The template's answers (from the catalogue) with the hospital's titles for them. */
  private List<Button> buttons(String hospitalCode, String template) {
    HospitalProfile.Buttons titles = profiles.of(hospitalCode).buttons();
    List<Button> buttons = new ArrayList<>();
    for (Intent answer : MessageTemplate.named(template).map(MessageTemplate::answers).orElse(List.of())) {
      String title = titles.title(answer.name()).orElseThrow(() -> new TemplateProblem("template '" + template
          + "' offers the answer " + answer + ", which hospital " + hospitalCode + " has no button title for"
          + " (contactability.hospitals." + hospitalCode + ".buttons)"));
      buttons.add(new Button(answer.name(), title));
    }
    return List.copyOf(buttons);
  }

  private Rendering email(String hospitalCode, String template, CatalogEntry entry, List<Button> buttons,
      Map<String, Object> variables) {
    Template textPart = find(hospitalCode, template, "email").orElseGet(() -> required(hospitalCode, template, "whatsapp"));
    String body = execute(textPart, variables, template, "email");
    List<Map<String, String>> links = new ArrayList<>();
    Object answerLink = variables.get("answerLink");
    if (answerLink != null) {
      for (Button button : buttons) {
        links.add(Map.of("title", button.title(), "url", answerLink + "?intent=" + button.payload()));
      }
    }
    Map<String, Object> layoutVariables = new HashMap<>(variables);
    layoutVariables.put("body", body);
    layoutVariables.put("paragraphs", List.of(body.split("\\n\\s*\\n")));
    layoutVariables.put("links", links);
    String subject = execute(subjects.computeIfAbsent(entry.subject() == null ? "{{hospitalName}}" : entry.subject(),
        text::compile), variables, template, "subject");
    Template htmlPart = find(hospitalCode, template, "email-html")
        .orElseGet(() -> required(hospitalCode, LAYOUT, "email-html"));
    String htmlBody = execute(htmlPart, layoutVariables, template, "email-html");
    Template textLayout = find(hospitalCode, LAYOUT, "email-text").orElse(null);
    String textBody = textLayout == null ? body : execute(textLayout, layoutVariables, template, "email-text");
    return new Rendering(textBody, buttons, Map.of(), subject.strip(), htmlBody);
  }

  /** Empty for a template with sections: it can only go as a session message (Body), never by ContentSid. */
  private Map<String, String> contentVariables(Compiled whatsapp, Map<String, Object> variables, String template) {
    if (whatsapp.placeholders().isEmpty()) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    List<Template> placeholders = whatsapp.placeholders().get();
    for (int i = 0; i < placeholders.size(); i++) {
      values.put(Integer.toString(i + 1), execute(placeholders.get(i), variables, template, "whatsapp"));
    }
    return values;
  }

  /**
   * For each variable of a flat template, in order of first use, a template that renders it alone (the values of
   * {{1}}, {{2}}, ...); empty for a template with sections or partials.
   */
  private Optional<List<Template>> placeholders(Template template) {
    List<String> names = new ArrayList<>();
    try {
      template.visit(new FlatVisitor("") {
        @Override
        public void visitText(String segment) {
        }

        @Override
        public void visitVariable(String name) {
          if (!names.contains(name)) {
            names.add(name);
          }
        }
      });
    } catch (TemplateProblem notFlat) {
      return Optional.empty();
    }
    return Optional.of(names.stream().map(name -> text.compile("{{" + name + "}}")).toList());
  }

  private String execute(Template template, Map<String, Object> variables, String name, String part) {
    try {
      return template.execute(variables).strip();
    } catch (MustacheException e) {
      // JMustache names the missing variable and the line; it never echoes variable values.
      throw new TemplateProblem("template '" + name + "' (" + part + ") cannot be rendered for this request: "
          + e.getMessage(), e);
    }
  }

  private Template required(String hospitalCode, String template, String part) {
    return compiled(hospitalCode, template, part).template();
  }

  private Compiled compiled(String hospitalCode, String template, String part) {
    return findCompiled(hospitalCode, template, part).orElseThrow(() -> new TemplateProblem("no template '" + template
        + "." + part + "' for hospital " + hospitalCode + " nor in the default set (locations " + locations + ")"));
  }

  private Optional<Template> find(String hospitalCode, String template, String part) {
    return findCompiled(hospitalCode, template, part).map(Compiled::template);
  }

  private Optional<Compiled> findCompiled(String hospitalCode, String template, String part) {
    return lookup(hospitalCode, template, part).or(() -> lookup(DEFAULT_SET, template, part));
  }

  private Optional<Compiled> lookup(String set, String template, String part) {
    String file = set + "/" + template + "." + part + ".mustache";
    return templates.computeIfAbsent(file, f -> {
      for (String location : locations) {
        Resource resource = loader.getResource(location + f);
        if (resource.exists()) {
          Mustache.Compiler compiler = part.equals("email-html") ? html : text;
          try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            Template compiled = compiler.compile(reader);
            return Optional.of(new Compiled(compiled,
                part.equals("whatsapp") ? placeholders(compiled) : Optional.empty()));
          } catch (IOException | MustacheException e) {
            throw new TemplateProblem("template file " + location + f + " cannot be read: " + e.getMessage(), e);
          }
        }
      }
      return Optional.empty();
    });
  }

  private Map<String, CatalogEntry> catalog(String hospitalCode) {
    return catalogs.computeIfAbsent(hospitalCode, code -> {
      Map<String, CatalogEntry> merged = new HashMap<>();
      List<String> sets = code.equals(DEFAULT_SET) ? List.of(DEFAULT_SET) : List.of(DEFAULT_SET, code);
      for (String set : sets) {
        for (int i = locations.size() - 1; i >= 0; i--) {
          merged.putAll(readCatalog(locations.get(i) + set + "/catalog.yml"));
        }
      }
      return Map.copyOf(merged);
    });
  }

  @SuppressWarnings("unchecked")
  private Map<String, CatalogEntry> readCatalog(String location) {
    Resource resource = loader.getResource(location);
    if (!resource.exists()) {
      return Map.of();
    }
    try (InputStream in = resource.getInputStream()) {
      Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Map<String, CatalogEntry> entries = new HashMap<>();
      if (loaded instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          Map<String, Object> fields = e.getValue() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
          entries.put(String.valueOf(e.getKey()), new CatalogEntry((String) fields.get("subject")));
        }
      }
      return entries;
    } catch (IOException | RuntimeException e) {
      throw new TemplateProblem("template catalogue " + location + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void checkNames(String hospitalCode, String template) {
    if (hospitalCode == null || !HOSPITAL_CODE.matcher(hospitalCode).matches()) {
      throw new TemplateProblem("hospital code '" + hospitalCode + "' is not a valid directory name");
    }
    if (template == null || !TEMPLATE_NAME.matcher(template).matches()) {
      throw new TemplateProblem("template name '" + template + "' is not of the form 'lower-case-words'");
    }
  }

  /**
   * A template file as compiled, with its placeholders worked out from that same compilation: both are made once per
   * file and kept together, so that the values sent for a Content template always follow the text they came from.
   *
   * @param placeholders of a WhatsApp text, what renders {{1}}, {{2}}, ... (empty for other parts and for a
   *                     template with sections)
   */
  private record Compiled(Template template, Optional<List<Template>> placeholders) {
  }

  /** @param subject the e-mail subject (Mustache), or null for the hospital's name */
  private record CatalogEntry(String subject) {
    static final CatalogEntry NONE = new CatalogEntry(null);
  }

  /** WhatsApp templates mirror approved Content templates, which have no conditionals or partials. */
  private abstract static class FlatVisitor implements Mustache.Visitor {

    private final String template;

    FlatVisitor(String template) {
      this.template = template;
    }

    @Override
    public boolean visitInclude(String name) {
      throw new TemplateProblem("WhatsApp template '" + template + "' may not include partials ({{> " + name + "}})");
    }

    @Override
    public boolean visitSection(String name) {
      throw new TemplateProblem("WhatsApp template '" + template + "' may not have sections ({{#" + name + "}})");
    }

    @Override
    public boolean visitInvertedSection(String name) {
      throw new TemplateProblem("WhatsApp template '" + template + "' may not have sections ({{^" + name + "}})");
    }
  }
}
