package io.relayscope.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.engine.TextTokenizer;
import io.relayscope.trace.SamplingSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One {@code /v1/completions} request, checked: a single prompt (text or token ids), max_tokens, sampling (OpenAI
 * defaults: temperature 1, top_p 1; top_k as vLLM, 0 or -1 off), seed, stop strings and ids, logprobs (0..5), and
 * the vLLM extensions RelayScope's client uses (return_tokens_as_token_ids, return_token_ids,
 * include_stop_str_in_output, ignore_eos, skip_special_tokens, logit_bias).
 */
record CompletionParams(int[] prompt, int maxTokens, SamplingSpec sampling, OptionalLong seed, List<String> stop,
                        int[] stopTokenIds, int logprobs, boolean stream, boolean includeUsage, boolean tokensAsIds,
                        boolean returnTokenIds, boolean includeStop, boolean ignoreEos, boolean skipSpecial,
                        Map<Integer, Float> logitBias) {

    static final int MAX_LOGPROBS = 5;
    private static final int MAX_STOPS = 16;

    static CompletionParams parse(JsonNode body, ServeConfig config, TextTokenizer tokenizer) {
        if (!body.isObject()) {
            throw ApiError.badRequest("the request body must be a JSON object");
        }
        String model = body.path("model").asText("");
        if (!model.isEmpty() && !model.equals(config.modelName())) {
            throw new ApiError(404, "not_found_error", "model '" + model + "' does not exist; this server serves '"
                    + config.modelName() + "' (see /v1/models)");
        }
        rejectUnsupported(body);
        int[] prompt = prompt(body.get("prompt"), tokenizer);
        if (prompt.length == 0) {
            throw ApiError.badRequest("'prompt' is empty; give text or at least one token id");
        }
        if (prompt.length > config.maxPromptTokens()) {
            throw ApiError.badRequest("the prompt has " + prompt.length + " tokens, more than this server's limit of "
                    + config.maxPromptTokens());
        }
        for (int id : prompt) {
            if (id < 0 || id >= tokenizer.vocabSize()) {
                throw ApiError.badRequest("prompt token id " + id + " is outside the vocabulary (0.."
                        + (tokenizer.vocabSize() - 1) + ")");
            }
        }
        int maxTokens = integer(body, "max_tokens", 16, 1, config.maxNewTokens());
        double temperature = number(body, "temperature", 1.0, 0, 100);
        double topP = number(body, "top_p", 1.0, 0, 1);
        if (topP <= 0) {
            throw ApiError.badRequest("'top_p' must be above 0 and at most 1");
        }
        int topK = integer(body, "top_k", 0, -1, Integer.MAX_VALUE);
        JsonNode seedNode = body.get("seed");
        OptionalLong seed = OptionalLong.empty();
        if (seedNode != null && !seedNode.isNull()) {
            if (!seedNode.canConvertToLong() || !seedNode.isIntegralNumber()) {
                throw ApiError.badRequest("'seed' must be an integer");
            }
            seed = OptionalLong.of(seedNode.asLong());
        }
        JsonNode logprobsNode = body.get("logprobs");
        int logprobs = logprobsNode == null || logprobsNode.isNull() ? -1
                : integer(body, "logprobs", 0, 0, MAX_LOGPROBS);
        return new CompletionParams(prompt, maxTokens, new SamplingSpec(temperature, Math.max(0, topK), topP), seed,
                stops(body.get("stop")), ids(body.get("stop_token_ids"), "stop_token_ids"), logprobs,
                bool(body, "stream", false), body.path("stream_options").path("include_usage").asBoolean(false),
                bool(body, "return_tokens_as_token_ids", false), bool(body, "return_token_ids", false),
                bool(body, "include_stop_str_in_output", false), bool(body, "ignore_eos", false),
                bool(body, "skip_special_tokens", true), logitBias(body.get("logit_bias"), tokenizer.vocabSize()));
    }

    private static void rejectUnsupported(JsonNode body) {
        if (body.path("echo").asBoolean(false)) {
            throw ApiError.badRequest("'echo' is not supported by relayscope serve");
        }
        if (body.path("n").asInt(1) != 1 || body.path("best_of").asInt(1) != 1) {
            throw ApiError.badRequest("only n = 1 and best_of = 1 are supported; send one request per completion");
        }
        if (body.hasNonNull("suffix")) {
            throw ApiError.badRequest("'suffix' is not supported by relayscope serve");
        }
    }

    /** Text, a token-id array, or a one-element batch of either. */
    private static int[] prompt(JsonNode p, TextTokenizer tokenizer) {
        if (p == null || p.isNull()) {
            throw ApiError.badRequest("'prompt' is missing; give text or an array of token ids");
        }
        if (p.isTextual()) {
            return tokenizer.encode(p.asText());
        }
        if (p.isArray() && p.size() >= 1 && (p.get(0).isTextual() || p.get(0).isArray())) {
            if (p.size() != 1) {
                throw ApiError.badRequest("batched prompts are not supported; send one prompt per request");
            }
            return prompt(p.get(0), tokenizer);
        }
        if (p.isArray()) {
            return ids(p, "prompt");
        }
        throw ApiError.badRequest("'prompt' must be text or an array of token ids");
    }

    private static int[] ids(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return new int[0];
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("'" + field + "' must be an array of token ids");
        }
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = node.get(i);
            if (!n.isInt()) {
                throw ApiError.badRequest("'" + field + "[" + i + "]' must be an integer token id, not " + n);
            }
            out[i] = n.asInt();
        }
        return out;
    }

    private static List<String> stops(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> {
                if (!n.isTextual()) {
                    throw ApiError.badRequest("'stop' must be a string or an array of strings");
                }
                out.add(n.asText());
            });
        } else {
            throw ApiError.badRequest("'stop' must be a string or an array of strings");
        }
        out.removeIf(String::isEmpty);
        if (out.size() > MAX_STOPS) {
            throw ApiError.badRequest("at most " + MAX_STOPS + " stop strings are accepted");
        }
        return out;
    }

    private static Map<Integer, Float> logitBias(JsonNode node, int vocab) {
        Map<Integer, Float> out = new HashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw ApiError.badRequest("'logit_bias' must be an object of token id -> bias");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw ApiError.badRequest("'logit_bias' key '" + e.getKey() + "' is not a token id");
            }
            if (id < 0 || id >= vocab || !e.getValue().isNumber()) {
                throw ApiError.badRequest("'logit_bias' entry " + e.getKey() + " needs a token id in the vocabulary and a number");
            }
            out.put(id, (float) Math.max(-100, Math.min(100, e.getValue().asDouble())));
        }
        return out;
    }

    private static boolean bool(JsonNode body, String field, boolean dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest("'" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    private static int integer(JsonNode body, String field, int dflt, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw ApiError.badRequest("'" + field + "' must be an integer from " + min + " to " + max + ", not " + n);
        }
        return n.asInt();
    }

    private static double number(JsonNode body, String field, double dflt, double min, double max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber() || !(n.asDouble() >= min && n.asDouble() <= max)) {
            throw ApiError.badRequest("'" + field + "' must be a number from " + min + " to " + max + ", not " + n);
        }
        return n.asDouble();
    }
}
