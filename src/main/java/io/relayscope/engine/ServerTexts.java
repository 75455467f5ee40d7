package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relayscope.engine.chat.ChatTemplate;
import io.relayscope.trace.SamplingSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a server says about its model's text, read when the user gives no tokenizer folder: llama.cpp's
 * {@code /props} holds the chat template (with its bos_token and eos_token) and the server's sampling defaults
 * ({@code default_generation_settings}, its {@code params} in current builds). vLLM, SGLang and Ollama's /v1 expose
 * neither through their completion APIs.
 */
public record ServerTexts(Optional<ChatTemplate> chatTemplate, Optional<GenerationDefaults> defaults, String source) {

    /** The template's origin as the trace's promptSpec names it. */
    public static final String PROPS = "props";

    public static final ServerTexts NONE = new ServerTexts(Optional.empty(), Optional.empty(), "");

    /** From a /props answer fetched from {@code uri}; a template that does not parse is a one-line error naming it. */
    public static ServerTexts fromProps(JsonNode props, String uri) {
        JsonNode t = props.path("chat_template");
        Optional<ChatTemplate> template = Optional.empty();
        if (t.isTextual() && !t.asText().isBlank()) {
            ObjectNode specials = new ObjectMapper().createObjectNode();
            for (String key : new String[] {"bos_token", "eos_token"}) {
                if (props.path(key).isTextual()) {
                    specials.put(key, props.path(key).asText());
                }
            }
            try {
                template = Optional.of(ChatTemplate.of(Path.of(PROPS), t.asText(), specials));
            } catch (UserFacingException e) {
                throw new UserFacingException(uri + ": the chat template the server gives does not parse ("
                        + e.getMessage() + "); give the model's tokenizer folder with --*-tokenizer DIR or run with --raw");
            }
        }
        return new ServerTexts(template, defaults(props.path("default_generation_settings"), uri), uri);
    }

    /** default_generation_settings: its params object (current llama.cpp) or itself (older builds). */
    private static Optional<GenerationDefaults> defaults(JsonNode settings, String uri) {
        JsonNode p = settings.path("params").isObject() ? settings.path("params") : settings;
        if (!p.isObject() || !p.has("temperature")) {
            return Optional.empty();
        }
        List<String> given = new ArrayList<>();
        double temperature = number(p, "temperature", 0.8, given);
        int topK = (int) number(p, "top_k", 40, given);
        double topP = number(p, "top_p", 0.95, given);
        double minP = number(p, "min_p", 0.05, given);
        double penalty = number(p, "repeat_penalty", SamplingSpec.REPETITION_PENALTY_OFF, given);
        if (!(temperature >= 0) || topK < 0 || !(topP > 0 && topP <= 1) || !(minP >= 0 && minP <= 1) || !(penalty > 0)) {
            throw new UserFacingException(uri + ": the server's default sampling is out of range (temperature "
                    + temperature + ", top_k " + topK + ", top_p " + topP + ", min_p " + minP + ", repeat_penalty "
                    + penalty + "); give the sampling with flags");
        }
        return Optional.of(new GenerationDefaults(true, temperature > 0, temperature, topK, topP, minP, penalty, given));
    }

    private static double number(JsonNode p, String key, double dflt, List<String> given) {
        JsonNode v = p.path(key);
        if (!v.isNumber()) {
            return dflt;
        }
        given.add(key);
        return v.asDouble();
    }
}
