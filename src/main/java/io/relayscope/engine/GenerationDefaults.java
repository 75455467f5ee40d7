package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.trace.SamplingSpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model's own generation settings from generation_config.json, read as transformers reads them: sampling only
 * when {@code do_sample} is true (then temperature 1, top_k 50, top_p 1 unless given), min_p and
 * repetition_penalty where present (the penalty applies to greedy decoding too). They are defaults: CLI flags and
 * the app's controls override them.
 */
public record GenerationDefaults(boolean fromFile, boolean doSample, double temperature, int topK, double topP,
                                 double minP, double repetitionPenalty, List<String> given) {

    /** No generation_config.json: greedy, nothing else. */
    public static final GenerationDefaults NONE = new GenerationDefaults(false, false, 1.0, 50, 1.0,
            SamplingSpec.MIN_P_OFF, SamplingSpec.REPETITION_PENALTY_OFF, List.of());

    public GenerationDefaults {
        given = List.copyOf(given);
    }

    /** Reads generation_config.json (a missing node gives {@link #NONE}); bad values are one-line errors naming the file. */
    public static GenerationDefaults read(JsonNode gen, java.nio.file.Path file) {
        if (gen == null || gen.isMissingNode() || !gen.isObject()) {
            return NONE;
        }
        List<String> given = new ArrayList<>();
        boolean doSample = gen.path("do_sample").asBoolean(false);
        if (gen.has("do_sample")) {
            given.add("do_sample");
        }
        double temperature = number(gen, "temperature", 1.0, file, given);
        int topK = (int) number(gen, "top_k", 50, file, given);
        double topP = number(gen, "top_p", 1.0, file, given);
        double minP = number(gen, "min_p", SamplingSpec.MIN_P_OFF, file, given);
        double penalty = number(gen, "repetition_penalty", SamplingSpec.REPETITION_PENALTY_OFF, file, given);
        if (!(temperature >= 0) || topK < 0 || !(topP > 0 && topP <= 1) || !(minP >= 0 && minP <= 1) || !(penalty > 0)) {
            throw new UserFacingException(file + ": sampling values out of range (temperature " + temperature
                    + ", top_k " + topK + ", top_p " + topP + ", min_p " + minP + ", repetition_penalty " + penalty
                    + "); fix generation_config.json");
        }
        return new GenerationDefaults(true, doSample, temperature, topK, topP, minP, penalty, given);
    }

    private static double number(JsonNode gen, String key, double dflt, java.nio.file.Path file, List<String> given) {
        JsonNode v = gen.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new UserFacingException(file + ": " + key + " is " + v + ", not a number; fix generation_config.json");
        }
        given.add(key);
        return v.asDouble();
    }

    /** The sampling these defaults ask for: greedy unless do_sample (a repetition penalty holds either way). */
    public SamplingSpec sampling() {
        SamplingSpec s = doSample ? new SamplingSpec(temperature, topK, topP) : SamplingSpec.GREEDY;
        return s.withMinP(doSample ? minP : SamplingSpec.MIN_P_OFF).withRepetitionPenalty(repetitionPenalty);
    }

    /** Sampling in words: "greedy", "temperature 0.6, top-k 20, top-p 0.95", with min-p and repetition penalty when on. */
    public static String describe(SamplingSpec s) {
        StringBuilder sb = new StringBuilder(s.greedy() ? "greedy" : "temperature " + fmt(s.temperature()));
        if (!s.greedy()) {
            if (s.topK() > 0) {
                sb.append(", top-k ").append(s.topK());
            }
            if (s.topP() < 1) {
                sb.append(", top-p ").append(fmt(s.topP()));
            }
            if (s.hasMinP()) {
                sb.append(", min-p ").append(fmt(s.minP()));
            }
        }
        if (s.hasRepetitionPenalty()) {
            sb.append(", repetition penalty ").append(fmt(s.repetitionPenalty()));
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * End-of-sequence ids: generation_config.json's eos_token_id (else config.json's) as an int, a list, or token
     * strings resolved through the tokenizer, plus tokenizer_config.json's eos_token; an unknown token or an id
     * outside the vocabulary is a one-line error, never id 0. Falls back to the usual end tokens the tokenizer has.
     */
    public static int[] eosIds(java.nio.file.Path dir, JsonNode generationConfig, JsonNode config,
                               JsonNode tokenizerConfig, TextTokenizer tokenizer) {
        Set<Integer> ids = new LinkedHashSet<>();
        String[] files = {"generation_config.json", "config.json"};
        JsonNode[] sources = {generationConfig, config};
        for (int s = 0; s < sources.length && ids.isEmpty(); s++) {
            JsonNode eos = sources[s].path("eos_token_id");
            java.nio.file.Path file = dir.resolve(files[s]);
            if (eos.isArray()) {
                for (JsonNode n : eos) {
                    ids.add(tokenId(n, file, "eos_token_id", tokenizer));
                }
            } else if (!eos.isMissingNode() && !eos.isNull()) {
                ids.add(tokenId(eos, file, "eos_token_id", tokenizer));
            }
        }
        JsonNode tokEos = tokenizerConfig.path("eos_token");
        JsonNode content = tokEos.isObject() ? tokEos.path("content") : tokEos;
        if (content.isTextual()) {
            ids.add(tokenId(content, dir.resolve("tokenizer_config.json"), "eos_token", tokenizer));
        }
        if (ids.isEmpty()) {
            for (String s : new String[] {"<|endoftext|>", "</s>", "<|im_end|>", "<|eot_id|>"}) {
                tokenizer.specialId(s).ifPresent(ids::add);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int tokenId(JsonNode n, java.nio.file.Path file, String key, TextTokenizer tokenizer) {
        if (n.isIntegralNumber()) {
            int id = n.asInt();
            if (id < 0 || id >= tokenizer.vocabSize()) {
                throw new UserFacingException(file + ": " + key + " " + id + " is outside the vocabulary (0.."
                        + (tokenizer.vocabSize() - 1) + "); fix " + file.getFileName());
            }
            return id;
        }
        if (n.isTextual()) {
            return tokenizer.idOf(n.asText()).orElseThrow(() -> new UserFacingException(file + ": " + key + " \""
                    + n.asText() + "\" is not a token of tokenizer.json; give its id or the exact token text"));
        }
        throw new UserFacingException(file + ": " + key + " is " + n + ", not a token id or token text; fix " + file.getFileName());
    }
}
