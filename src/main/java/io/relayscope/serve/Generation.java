package io.relayscope.serve;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.Distribution;
import io.relayscope.engine.Sampler;
import io.relayscope.engine.TextTokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one completion on the local model: takes the longest cached prefix of the prompt, feeds only the rest in
 * one forward, then samples token by token (each new token fed for the next one, the last one left for the next
 * request to feed). Text goes out as it becomes final: an incomplete UTF-8 character or a possible start of a stop
 * string is held back until the next token decides it.
 */
final class Generation {

    /** One written token: its id, logprob, entropy (nats), top alternatives, and the text it made final. */
    record Step(int id, double logprob, double entropy, int[] topIds, double[] topLogprobs, String textDelta) {
    }

    /** How the completion ended: "stop" (EOS, stop id or stop string, in stopReason) or "length". */
    record Outcome(String text, int[] ids, String finishReason, Object stopReason, int promptTokens, int cachedTokens) {
    }

    /** Receives each step as it is made; throwing stops the generation (a client that went away). */
    interface Sink {
        void step(Step step) throws IOException;
    }

    private final CausalLm model;
    private final TextTokenizer tokenizer;
    private final PrefixCache cache;
    private final ServeStats stats;

    Generation(CausalLm model, PrefixCache cache, ServeStats stats) {
        this.model = model;
        this.tokenizer = model.tokenizer();
        this.cache = cache;
        this.stats = stats;
    }

    Outcome run(CompletionParams p, Sink sink) throws IOException {
        Sampler sampler = new Sampler(p.sampling(), p.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong()));
        PrefixCache.Entry entry = cache.take(p.prompt());
        int cached = entry.cachedFor(p.prompt());
        stats.record(p.prompt().length, cached);
        List<Integer> ids = new ArrayList<>();
        List<Integer> visible = new ArrayList<>();
        int sent = 0;
        try {
            float[] logits = entry.prefill(p.prompt());
            for (int i = 0; i < p.maxTokens(); i++) {
                bias(logits, p);
                Distribution dist = Distribution.of(logits);
                int id = sampler.sample(logits, dist);
                Integer stopId = stopId(id, p);
                if (stopId != null) {
                    String text = decode(visible);
                    sink.step(flush(text, sent));
                    return new Outcome(text, toArray(ids), "stop", stopId < 0 ? null : stopId, p.prompt().length, cached);
                }
                ids.add(id);
                if (!(p.skipSpecial() && tokenizer.isSpecial(id))) {
                    visible.add(id);
                }
                String full = decode(visible);
                StopMatch stop = StopMatch.find(full, p.stop());
                if (stop != null) {
                    String text = p.includeStop() ? full.substring(0, stop.end()) : full.substring(0, stop.start());
                    sink.step(step(id, dist, p, text.length() > sent ? text.substring(sent) : ""));
                    return new Outcome(text, toArray(ids), "stop", stop.stop(), p.prompt().length, cached);
                }
                boolean last = i + 1 == p.maxTokens();
                int safe = last ? full.length() : StopMatch.safeLength(full, p.stop());
                String delta = safe > sent ? full.substring(sent, safe) : "";
                sent = Math.max(sent, safe);
                sink.step(step(id, dist, p, delta));
                if (!last) {
                    logits = entry.append(new int[] {id});
                }
            }
            return new Outcome(decode(visible), toArray(ids), "length", null, p.prompt().length, cached);
        } finally {
            cache.give(entry);
        }
    }

    /** The held-back text when the model stops without a token (EOS or a stop id): a step with no token. */
    private static Step flush(String text, int sent) {
        return new Step(-1, Double.NaN, Double.NaN, new int[0], new double[0], text.length() > sent ? text.substring(sent) : "");
    }

    /** -1 for an end-of-sequence id, the id for a stop_token_ids match, null to go on. */
    private Integer stopId(int id, CompletionParams p) {
        for (int s : p.stopTokenIds()) {
            if (s == id) {
                return id;
            }
        }
        if (!p.ignoreEos()) {
            for (int e : model.eosIds()) {
                if (e == id) {
                    return -1;
                }
            }
        }
        return null;
    }

    private void bias(float[] logits, CompletionParams p) {
        if (p.ignoreEos()) {
            for (int e : model.eosIds()) {
                if (e >= 0 && e < logits.length) {
                    logits[e] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        for (Map.Entry<Integer, Float> b : p.logitBias().entrySet()) {
            int id = b.getKey();
            if (id < logits.length) {
                logits[id] = b.getValue() <= -100 ? Float.NEGATIVE_INFINITY : logits[id] + b.getValue();
            }
        }
    }

    private static Step step(int id, Distribution dist, CompletionParams p, String delta) {
        int k = Math.max(0, p.logprobs());
        int[] top = dist.topIds();
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < Math.min(k, top.length); i++) {
            if (top[i] >= 0) {
                chosen.add(top[i]);
            }
        }
        if (k > 0 && !chosen.contains(id)) {
            chosen.add(id); // as vLLM: the sampled token is listed even when outside the top k
        }
        int[] ids = toArray(chosen);
        double[] lps = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            lps[i] = dist.logprob(ids[i]);
        }
        return new Step(id, dist.logprob(id), dist.entropy(), ids, lps, delta);
    }

    private String decode(List<Integer> ids) {
        return ids.isEmpty() ? "" : tokenizer.decode(toArray(ids));
    }

    static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
