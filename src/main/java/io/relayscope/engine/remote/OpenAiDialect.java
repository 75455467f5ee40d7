package io.relayscope.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code /v1/completions}, streamed. To servers that take them (vLLM, SGLang, llama.cpp, relayscope serve) it
 * sends token-id prompts, top_k, ignore_eos, include_stop_str_in_output and skip_special_tokens false; to vLLM and
 * relayscope serve also return_tokens_as_token_ids, so each logprob token is named {@code token_id:N}.
 */
final class OpenAiDialect implements Dialect {
    private static final String ID_PREFIX = "token_id:";

    @Override
    public String path() {
        return "/v1/completions";
    }

    @Override
    public ObjectNode body(RemoteRequest r, String model, ServerKind kind) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("model", model);
        if (r.byIds() && kind.acceptsTokenIdPrompts()) {
            ArrayNode ids = b.putArray("prompt");
            for (int id : r.promptIds()) {
                ids.add(id);
            }
        } else {
            b.put("prompt", r.promptText());
        }
        b.put("max_tokens", r.maxTokens());
        b.put("temperature", r.sampling().temperature());
        b.put("top_p", r.sampling().topP());
        b.put("seed", r.seed());
        b.put("stream", true);
        b.putObject("stream_options").put("include_usage", true);
        if (r.logprobs() > 0) {
            b.put("logprobs", r.logprobs());
        }
        if (!r.stop().isEmpty()) {
            ArrayNode stop = b.putArray("stop");
            r.stop().forEach(stop::add);
        }
        if (r.bannedIds().length > 0) {
            ObjectNode bias = b.putObject("logit_bias");
            for (int id : r.bannedIds()) {
                bias.put(Integer.toString(id), -100);
            }
        }
        if (kind.extendedSampling()) {
            b.put("top_k", r.sampling().topK() > 0 ? r.sampling().topK() : -1);
            b.put("ignore_eos", r.ignoreEos());
            b.put("include_stop_str_in_output", r.includeStop());
            b.put("skip_special_tokens", false);
            b.put("spaces_between_special_tokens", false);
        }
        if (kind.returnsTokenIds() && r.byIds()) {
            b.put("return_tokens_as_token_ids", true);
        }
        return b;
    }

    @Override
    public void accept(JsonNode event, String model, StreamState state) throws Fault {
        if (event.has("error")) {
            JsonNode e = event.get("error");
            throw Fault.retry("the server reported an error in the stream: " + Json.message(e));
        }
        String named = event.path("model").asText("");
        if (!named.isEmpty() && !model.isEmpty() && !named.equals(model)) {
            throw Fault.permanent("the server now answers with model '" + named + "', not '" + model
                    + "' (it changed during the run)");
        }
        JsonNode usage = event.get("usage");
        if (usage != null && usage.isObject()) {
            state.promptTokens = usage.path("prompt_tokens").asInt(-1);
            state.completionTokens = usage.path("completion_tokens").asInt(-1);
            JsonNode cached = usage.path("prompt_tokens_details").path("cached_tokens");
            if (cached.isInt()) {
                state.cachedTokens = OptionalInt.of(cached.asInt());
            }
        }
        JsonNode choices = event.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            return;
        }
        JsonNode c = choices.get(0);
        String text = c.path("text").asText("");
        JsonNode lp = c.get("logprobs");
        if (lp != null && lp.isObject() && lp.path("tokens").size() > 0) {
            state.sawLogprobs = true;
            tokens(lp, c.path("token_ids"), text, state);
        } else if (!text.isEmpty() && !state.sawLogprobs) {
            JsonNode ids = c.path("token_ids");
            state.fresh.add(new RemoteToken(ids.size() == 1 ? ids.get(0).asInt() : -1, text, Double.NaN, Double.NaN, List.of()));
        }
        JsonNode finish = c.get("finish_reason");
        if (finish != null && finish.isTextual()) {
            JsonNode stopReason = c.path("stop_reason");
            if ("length".equals(finish.asText())) {
                state.finish = RemoteResult.Finish.LENGTH;
            } else if (stopReason.isTextual()) {
                state.finish = RemoteResult.Finish.STOP_STRING;
                state.stopString = stopReason.asText();
            } else {
                state.finish = RemoteResult.Finish.END_OF_SEQUENCE;
            }
        }
    }

    private static void tokens(JsonNode lp, JsonNode tokenIds, String text, StreamState state) throws Fault {
        JsonNode names = lp.path("tokens");
        JsonNode logprobs = lp.path("token_logprobs");
        JsonNode tops = lp.path("top_logprobs");
        JsonNode entropies = lp.path("entropies");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).asText();
            int id = idOf(name);
            if (id < 0 && tokenIds.size() == names.size()) {
                id = tokenIds.get(i).asInt(-1);
            }
            // one token per event (streaming): the event's text is the exact text (a name may be lossy, e.g. U+FFFD
            // for part of a character); several: each token's own name
            String tokenText = names.size() == 1 ? text : name.startsWith(ID_PREFIX) ? "" : name;
            List<RemoteToken.Alternative> top = new ArrayList<>();
            JsonNode t = tops.path(i);
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                top.add(new RemoteToken.Alternative(idOf(e.getKey()), e.getKey().startsWith(ID_PREFIX) ? "" : e.getKey(),
                        e.getValue().asDouble(Double.NaN)));
            }
            top.sort((a, b) -> Double.compare(b.logprob(), a.logprob()));
            JsonNode lpNode = logprobs.path(i);
            if (!lpNode.isNumber() && !lpNode.isNull()) {
                throw Fault.retry("malformed logprobs in the stream (token_logprobs[" + i + "] is " + lpNode + ")");
            }
            state.fresh.add(new RemoteToken(id, tokenText, lpNode.asDouble(Double.NaN),
                    entropies.path(i).isNumber() ? entropies.path(i).asDouble() : Double.NaN, top));
        }
    }

    static int idOf(String name) {
        if (name != null && name.startsWith(ID_PREFIX)) {
            try {
                return Integer.parseInt(name.substring(ID_PREFIX.length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
