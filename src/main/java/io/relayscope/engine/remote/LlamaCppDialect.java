package io.relayscope.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * llama.cpp's native {@code /completion}, streamed: prompt as token ids, every sampler set explicitly (its defaults
 * are temperature 0.8, top_k 40, top_p 0.95, min_p 0.05), n_probs alternatives with ids, cache_prompt on.
 */
final class LlamaCppDialect implements Dialect {

    @Override
    public String path() {
        return "/completion";
    }

    @Override
    public ObjectNode body(RemoteRequest r, String model, ServerKind kind) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        if (r.byIds()) {
            ArrayNode ids = b.putArray("prompt");
            for (int id : r.promptIds()) {
                ids.add(id);
            }
        } else {
            b.put("prompt", r.promptText());
        }
        b.put("n_predict", r.maxTokens());
        b.put("temperature", r.sampling().temperature());
        b.put("top_k", r.sampling().topK());
        b.put("top_p", r.sampling().topP());
        b.put("min_p", 0.0);
        b.put("typical_p", 1.0);
        b.put("repeat_penalty", 1.0);
        b.put("seed", r.seed());
        b.put("stream", true);
        b.put("cache_prompt", true);
        b.put("return_tokens", true);
        b.put("n_probs", Math.max(0, r.logprobs()));
        b.put("ignore_eos", r.ignoreEos());
        if (!r.stop().isEmpty()) {
            ArrayNode stop = b.putArray("stop");
            r.stop().forEach(stop::add);
        }
        if (r.bannedIds().length > 0) {
            ArrayNode bias = b.putArray("logit_bias");
            for (int id : r.bannedIds()) {
                bias.addArray().add(id).add(false);
            }
        }
        return b;
    }

    @Override
    public boolean isEnd(String data) {
        return false;
    }

    @Override
    public void accept(JsonNode event, String model, StreamState state) throws Fault {
        if (event.has("error")) {
            throw Fault.retry("the server reported an error in the stream: " + Json.message(event.get("error")));
        }
        JsonNode probs = event.path("completion_probabilities");
        JsonNode ids = event.path("tokens");
        String content = event.path("content").asText("");
        if (probs.isArray() && probs.size() > 0) {
            for (int i = 0; i < probs.size(); i++) {
                JsonNode p = probs.get(i);
                List<RemoteToken.Alternative> top = new ArrayList<>();
                for (JsonNode a : p.path("top_logprobs")) {
                    top.add(new RemoteToken.Alternative(a.path("id").asInt(-1), a.path("token").asText(""),
                            a.path("logprob").asDouble(Double.NaN)));
                }
                state.fresh.add(new RemoteToken(p.path("id").asInt(-1), p.path("token").asText(""),
                        p.path("logprob").asDouble(Double.NaN), Double.NaN, top));
            }
        } else if (ids.isArray() && ids.size() > 0) {
            for (int i = 0; i < ids.size(); i++) {
                state.fresh.add(new RemoteToken(ids.get(i).asInt(-1), ids.size() == 1 ? content : "", Double.NaN,
                        Double.NaN, List.of()));
            }
        } else if (!content.isEmpty()) {
            state.fresh.add(new RemoteToken(-1, content, Double.NaN, Double.NaN, List.of()));
        }
        if (event.path("stop").asBoolean(false)) {
            state.done = true;
            state.promptTokens = event.path("tokens_evaluated").asInt(-1);
            state.completionTokens = event.path("tokens_predicted").asInt(-1);
            JsonNode cacheN = event.path("timings").path("cache_n");
            if (cacheN.isInt()) {
                state.cachedTokens = OptionalInt.of(cacheN.asInt());
            }
            if (event.path("stopped_eos").asBoolean(false)) {
                state.finish = RemoteResult.Finish.END_OF_SEQUENCE;
            } else if (event.path("stopped_word").asBoolean(false)) {
                state.finish = RemoteResult.Finish.STOP_STRING;
                state.stopString = event.path("stopping_word").asText("");
            } else {
                state.finish = RemoteResult.Finish.LENGTH;
            }
        }
    }
}
