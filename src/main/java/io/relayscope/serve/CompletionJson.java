package io.relayscope.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relayscope.engine.TextTokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The OpenAI legacy completion objects: whole responses, stream chunks, the logprobs block (with vLLM's
 * {@code token_id:N} token names when asked, and an extra {@code entropies} array, ignored by other clients) and usage.
 */
final class CompletionJson {
    private final TextTokenizer tokenizer;
    private final String model;
    private final String id;
    private final long created;
    private final CompletionParams params;

    CompletionJson(TextTokenizer tokenizer, String model, String id, CompletionParams params) {
        this.tokenizer = tokenizer;
        this.model = model;
        this.id = id;
        this.created = System.currentTimeMillis() / 1000;
        this.params = params;
    }

    ObjectNode response(Generation.Outcome outcome, List<Generation.Step> steps) {
        ObjectNode root = head();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", outcome.text());
        choice.set("logprobs", params.logprobs() >= 0 ? logprobs(steps) : null);
        finish(choice, outcome);
        if (params.returnTokenIds()) {
            ArrayNode ids = choice.putArray("token_ids");
            for (int t : outcome.ids()) {
                ids.add(t);
            }
        }
        root.set("usage", usage(outcome));
        return root;
    }

    ObjectNode chunk(Generation.Step step) {
        ObjectNode root = head();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", step.textDelta());
        boolean token = step.id() >= 0;
        choice.set("logprobs", token && params.logprobs() >= 0 ? logprobs(List.of(step)) : null);
        choice.putNull("finish_reason");
        if (params.returnTokenIds()) {
            ArrayNode ids = choice.putArray("token_ids");
            if (token) {
                ids.add(step.id());
            }
        }
        return root;
    }

    ObjectNode finalChunk(Generation.Outcome outcome) {
        ObjectNode root = head();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", "");
        choice.putNull("logprobs");
        finish(choice, outcome);
        return root;
    }

    ObjectNode usageChunk(Generation.Outcome outcome) {
        ObjectNode root = head();
        root.putArray("choices");
        root.set("usage", usage(outcome));
        return root;
    }

    private ObjectNode head() {
        ObjectNode root = HttpJson.MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", "text_completion");
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    private static void finish(ObjectNode choice, Generation.Outcome outcome) {
        choice.put("finish_reason", outcome.finishReason());
        if (outcome.stopReason() instanceof Integer i) {
            choice.put("stop_reason", i);
        } else if (outcome.stopReason() instanceof String s) {
            choice.put("stop_reason", s);
        } else {
            choice.putNull("stop_reason");
        }
    }

    private ObjectNode logprobs(List<Generation.Step> steps) {
        ObjectNode lp = HttpJson.MAPPER.createObjectNode();
        ArrayNode tokens = lp.putArray("tokens");
        ArrayNode tokenLogprobs = lp.putArray("token_logprobs");
        ArrayNode top = lp.putArray("top_logprobs");
        ArrayNode offsets = lp.putArray("text_offset");
        ArrayNode entropies = lp.putArray("entropies");
        int offset = 0;
        for (Generation.Step s : steps) {
            if (s.id() < 0) {
                continue;
            }
            String name = name(s.id());
            tokens.add(name);
            tokenLogprobs.add(s.logprob());
            ObjectNode alternatives = top.addObject();
            for (int i = 0; i < s.topIds().length; i++) {
                alternatives.put(name(s.topIds()[i]), s.topLogprobs()[i]);
            }
            offsets.add(offset);
            offset += s.textDelta().length();
            entropies.add(s.entropy());
        }
        return lp;
    }

    private String name(int tokenId) {
        if (params.tokensAsIds()) {
            return "token_id:" + tokenId;
        }
        return tokenizer.isSpecial(tokenId) ? tokenizer.piece(tokenId)
                : new String(tokenizer.tokenBytes(tokenId), StandardCharsets.UTF_8);
    }

    private static ObjectNode usage(Generation.Outcome outcome) {
        ObjectNode u = HttpJson.MAPPER.createObjectNode();
        u.put("prompt_tokens", outcome.promptTokens());
        u.put("completion_tokens", outcome.ids().length);
        u.put("total_tokens", outcome.promptTokens() + outcome.ids().length);
        u.putObject("prompt_tokens_details").put("cached_tokens", outcome.cachedTokens());
        return u;
    }
}
