package io.relayscope.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.UserFacingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A model's chat template, found as transformers finds it (a {@code chat_template.jinja} file, else
 * {@code chat_template} in tokenizer_config.json as a string or a list of named templates, "default" taken), with
 * the tokenizer's special tokens (bos_token, eos_token, ... as apply_chat_template passes them). Parsed when loaded,
 * so a broken template fails when the model opens; every failure is a one-line {@link UserFacingException} naming
 * the folder and the cause.
 */
public final class ChatTemplate {
    public static final String TEMPLATE_FILE = "chat_template.jinja";
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    private static final List<String> SPECIAL_KEYS = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token", "additional_special_tokens");

    private final Path origin;
    private final String source;
    private final JinjaTemplate template;
    private final Map<String, Object> specialTokens;

    private ChatTemplate(Path origin, String source, JinjaTemplate template, Map<String, Object> specialTokens) {
        this.origin = origin;
        this.source = source;
        this.template = template;
        this.specialTokens = specialTokens;
    }

    /** The folder's chat template, or empty when it has none. */
    public static Optional<ChatTemplate> find(Path folder) {
        JsonNode config = readConfig(folder);
        Path file = folder.resolve(TEMPLATE_FILE);
        if (Files.isRegularFile(file)) {
            try {
                return Optional.of(of(file, Files.readString(file, StandardCharsets.UTF_8), config));
            } catch (IOException e) {
                throw new UserFacingException(file + ": cannot read the chat template (" + e.getMessage() + ")");
            }
        }
        JsonNode t = config.path("chat_template");
        if (t.isMissingNode() || t.isNull()) {
            return Optional.empty();
        }
        Path cfg = folder.resolve(TOKENIZER_CONFIG);
        if (t.isTextual()) {
            return Optional.of(of(cfg, t.asText(), config));
        }
        if (t.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode entry : t) {
                names.add(entry.path("name").asText());
                if ("default".equals(entry.path("name").asText()) && entry.path("template").isTextual()) {
                    return Optional.of(of(cfg, entry.path("template").asText(), config));
                }
            }
            throw new UserFacingException(cfg + ": chat_template lists templates " + names
                    + " but none named \"default\"; rename the one for plain chat to \"default\"");
        }
        throw new UserFacingException(cfg + ": chat_template is neither a string nor a list of {name, template}; "
                + "fix tokenizer_config.json or run with --raw");
    }

    /** A template from its source text; {@code tokenizerConfig} supplies the special tokens. */
    public static ChatTemplate of(Path origin, String source, JsonNode tokenizerConfig) {
        try {
            return new ChatTemplate(origin, source, JinjaTemplate.parse(source), specialTokens(tokenizerConfig));
        } catch (TemplateError e) {
            throw new UserFacingException(origin + ": the chat template does not parse (" + e.getMessage()
                    + "); fix the template or run with --raw");
        }
    }

    /** The folder's tokenizer_config.json, or a missing node when there is none. */
    public static JsonNode readConfig(Path folder) {
        Path cfg = folder.resolve(TOKENIZER_CONFIG);
        if (!Files.isRegularFile(cfg)) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return new ObjectMapper().readTree(cfg.toFile());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw new UserFacingException(cfg + ": not valid JSON (" + m.lines().findFirst().orElse(m) + "); fix or delete the file");
        }
    }

    /** The special-token variables apply_chat_template passes: AddedToken dicts become their content, nulls are left out. */
    public static Map<String, Object> specialTokens(JsonNode config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : SPECIAL_KEYS) {
            JsonNode v = config.path(key);
            if (key.equals("additional_special_tokens")) {
                if (v.isArray() && !v.isEmpty()) {
                    List<String> list = new ArrayList<>();
                    v.forEach(x -> list.add(tokenText(x)));
                    out.put(key, list);
                }
            } else if (!v.isMissingNode() && !v.isNull()) {
                String text = tokenText(v);
                if (text != null) {
                    out.put(key, text);
                }
            }
        }
        return out;
    }

    private static String tokenText(JsonNode v) {
        return v.isObject() ? v.path("content").isTextual() ? v.path("content").asText() : null : v.asText();
    }

    /**
     * Renders messages as apply_chat_template does (tools and documents None); {@code extra} holds keyword arguments
     * such as enable_thinking.
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> extra) {
        return render(messages, addGenerationPrompt, extra, LocalDateTime::now);
    }

    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> extra,
                         Supplier<LocalDateTime> clock) {
        List<Object> msgs = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("role", m.role());
            d.put("content", m.content());
            msgs.add(d);
        }
        return renderRaw(msgs, null, addGenerationPrompt, extra, clock);
    }

    /** Renders arbitrary message dicts (with tool calls, reasoning...) and tools; for tests and advanced callers. */
    public String renderRaw(List<?> messages, List<?> tools, boolean addGenerationPrompt, Map<String, ?> extra,
                            Supplier<LocalDateTime> clock) {
        Map<String, Object> vars = new LinkedHashMap<>(specialTokens);
        vars.put("messages", messages);
        vars.put("tools", tools);
        vars.put("documents", null);
        vars.put("add_generation_prompt", addGenerationPrompt);
        vars.putAll(extra);
        try {
            return template.render(vars, clock);
        } catch (TemplateError e) {
            throw new UserFacingException(origin.getParent() + ": the chat template failed (" + e.getMessage()
                    + "); fix the template or run with --raw");
        }
    }

    /** True when the template reads {@code enable_thinking} (Qwen3's switch). */
    public boolean readsThinkingSwitch() {
        return source.contains("enable_thinking");
    }

    public Path origin() {
        return origin;
    }

    public String source() {
        return source;
    }

    public Map<String, Object> specialTokens() {
        return Map.copyOf(specialTokens);
    }
}
