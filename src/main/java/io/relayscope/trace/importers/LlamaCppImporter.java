package io.relayscope.trace.importers;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.trace.Alternative;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * llama.cpp server {@code /completion} responses requested with {@code n_probs}: the current layout
 * {@code completion_probabilities[] {id, token, bytes, logprob, top_logprobs[...]}} (or {@code prob, top_probs}
 * with {@code post_sampling_probs}) and the older {@code {content, probs[{tok_str, prob}]}}. A top-level array of
 * such responses gives one trace each. Sampling settings and seed come from {@code generation_settings}.
 */
public final class LlamaCppImporter implements TraceImporter {

    @Override
    public String formatName() {
        return "llama.cpp";
    }

    @Override
    public boolean accepts(JsonNode root) {
        JsonNode first = root.isArray() && !root.isEmpty() ? root.get(0) : root;
        return first.isObject() && first.has("completion_probabilities");
    }

    @Override
    public List<Trace> importTree(JsonNode root, String label, ImportOptions options) {
        Nodes n = new Nodes(label);
        List<Trace> traces = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                traces.add(response(n, n.object(root.get(i), "[" + i + "]"), "[" + i + "]", label, options));
            }
        } else {
            traces.add(response(n, n.object(root, "(top level)"), "", label, options));
        }
        return traces;
    }

    private Trace response(Nodes n, JsonNode root, String path, String label, ImportOptions options) {
        JsonNode probs = n.array(root, path, "completion_probabilities");
        String prompt = n.optionalText(root, path, "prompt");
        ImportedTraceBuilder b = new ImportedTraceBuilder(label, options).origin(formatName() + " (imported)")
                .model(n.optionalText(root, path, "model"))
                .policy(new PolicySpec("imported", Map.of()))
                .prompt(prompt != null ? prompt : options.prompt());
        settings(n, root, path, b);
        JsonNode timings = Nodes.optional(root, "timings");
        long perToken = timings == null ? 0
                : Math.round(n.optionalNumber(timings, Nodes.child(path, "timings"), "predicted_per_token_ms", 0) * 1000);
        for (int i = 0; i < probs.size(); i++) {
            String at = Nodes.element(Nodes.child(path, "completion_probabilities"), i);
            JsonNode entry = n.object(probs.get(i), at);
            if (entry.has("token")) {
                current(n, entry, at, b, perToken);
            } else {
                older(n, entry, at, b, perToken);
            }
        }
        return b.build(finish(root), null);
    }

    private static void settings(Nodes n, JsonNode root, String path, ImportedTraceBuilder b) {
        JsonNode s = Nodes.optional(root, "generation_settings");
        if (s == null || !s.isObject()) {
            return;
        }
        String at = Nodes.child(path, "generation_settings");
        SamplingSpec sampling = new SamplingSpec(n.optionalNumber(s, at, "temperature", Double.NaN),
                n.optionalInteger(s, at, "top_k", 0), n.optionalNumber(s, at, "top_p", 1.0),
                n.optionalNumber(s, at, "min_p", SamplingSpec.MIN_P_OFF),
                n.optionalNumber(s, at, "repeat_penalty", SamplingSpec.REPETITION_PENALTY_OFF));
        JsonNode seed = Nodes.optional(s, "seed");
        b.sampling(sampling, seed != null && seed.canConvertToLong() ? seed.longValue() : 0);
    }

    /** {id, token, bytes, logprob | prob, top_logprobs | top_probs}. */
    private static void current(Nodes n, JsonNode e, String at, ImportedTraceBuilder b, long latency) {
        boolean post = !e.has("logprob") && e.has("prob");
        double logprob = post ? Math.log(n.number(e, at, "prob")) : n.number(e, at, "logprob");
        String listName = post ? "top_probs" : "top_logprobs";
        List<Alternative> alts = new ArrayList<>();
        JsonNode top = Nodes.optional(e, listName);
        if (top != null) {
            if (!top.isArray()) {
                throw n.wrongType(top, at + "." + listName, "an array");
            }
            for (int k = 0; k < top.size(); k++) {
                String altPath = at + "." + listName + "[" + k + "]";
                JsonNode alt = n.object(top.get(k), altPath);
                double p = post ? n.number(alt, altPath, "prob") : Math.exp(n.number(alt, altPath, "logprob"));
                alts.add(new Alternative(n.optionalInteger(alt, altPath, "id", -1), n.text(alt, altPath, "token"), p));
            }
        }
        b.add(n.optionalInteger(e, at, "id", -1), n.text(e, at, "token"), n.optionalBytes(e, at, "bytes"),
                Source.SLM, logprob, alts, latency);
    }

    /** Older servers: {content, probs[{tok_str, prob}]}; the chosen token's probability is looked up in probs. */
    private static void older(Nodes n, JsonNode e, String at, ImportedTraceBuilder b, long latency) {
        String content = n.text(e, at, "content");
        JsonNode probs = Nodes.optional(e, "probs");
        List<Alternative> alts = new ArrayList<>();
        double logprob = Double.NaN;
        if (probs != null) {
            if (!probs.isArray()) {
                throw n.wrongType(probs, at + ".probs", "an array");
            }
            for (int k = 0; k < probs.size(); k++) {
                String altPath = at + ".probs[" + k + "]";
                JsonNode alt = n.object(probs.get(k), altPath);
                String tok = n.text(alt, altPath, "tok_str");
                double p = n.number(alt, altPath, "prob");
                alts.add(new Alternative(-1, tok, p));
                if (Double.isNaN(logprob) && tok.equals(content)) {
                    logprob = Math.log(p);
                }
            }
        }
        b.add(-1, content, null, Source.SLM, logprob, alts, latency);
    }

    private static FinishReason finish(JsonNode root) {
        JsonNode stopType = root.get("stop_type");
        if (stopType != null && stopType.isTextual()) {
            return "limit".equals(stopType.textValue()) ? FinishReason.MAX_TOKENS : FinishReason.SLM_EOS;
        }
        JsonNode limit = root.get("stopped_limit");
        return limit != null && limit.asBoolean() ? FinishReason.MAX_TOKENS : FinishReason.SLM_EOS;
    }
}
