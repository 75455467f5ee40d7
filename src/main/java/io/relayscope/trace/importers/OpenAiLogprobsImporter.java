package io.relayscope.trace.importers;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.trace.Alternative;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat completion responses requested with {@code logprobs: true} (and {@code top_logprobs}):
 * {@code choices[].logprobs.content[] {token, logprob, bytes, top_logprobs[{token, logprob, bytes}]}}.
 * One trace per choice; tokens are SLM tokens with unknown ids (-1) and no entropy.
 */
public final class OpenAiLogprobsImporter implements TraceImporter {

    @Override
    public String formatName() {
        return "OpenAI chat logprobs";
    }

    @Override
    public boolean accepts(JsonNode root) {
        JsonNode choices = root.get("choices");
        return root.isObject() && choices != null && choices.isArray() && !choices.isEmpty()
                && choices.get(0).has("logprobs");
    }

    /** The "created" seconds since 1970 as an ISO instant; a value outside the representable range is refused. */
    private static String createdAt(String label, long seconds) {
        try {
            return Instant.ofEpochSecond(seconds).toString();
        } catch (java.time.DateTimeException e) {
            throw new io.relayscope.trace.TraceFormatException(label, "field 'created' is " + seconds
                    + ", not a time (seconds since 1970)");
        }
    }

    @Override
    public List<Trace> importTree(JsonNode root, String label, ImportOptions options) {
        Nodes n = new Nodes(label);
        n.object(root, "(top level)");
        JsonNode choices = n.array(root, "", "choices");
        String model = n.optionalText(root, "", "model");
        JsonNode created = Nodes.optional(root, "created");
        String createdAt = created != null && created.canConvertToLong() ? createdAt(label, created.longValue()) : null;
        List<Trace> traces = new ArrayList<>();
        for (int c = 0; c < choices.size(); c++) {
            String path = Nodes.element("choices", c);
            JsonNode choice = n.object(choices.get(c), path);
            JsonNode logprobs = Nodes.optional(choice, "logprobs");
            if (logprobs == null) {
                throw n.error(path + ".logprobs", "is missing or null; request the completion with logprobs: true");
            }
            n.object(logprobs, path + ".logprobs");
            JsonNode content = n.array(logprobs, path + ".logprobs", "content");
            ImportedTraceBuilder b = new ImportedTraceBuilder(label, options)
                    .origin(formatName() + " (imported)").createdAt(createdAt).model(model).prompt(options.prompt());
            for (int i = 0; i < content.size(); i++) {
                String at = path + ".logprobs.content[" + i + "]";
                JsonNode entry = n.object(content.get(i), at);
                b.add(-1, n.text(entry, at, "token"), n.optionalBytes(entry, at, "bytes"), Source.SLM,
                        n.number(entry, at, "logprob"), alternatives(n, entry, at), 0);
            }
            String finish = n.optionalText(choice, path, "finish_reason");
            traces.add(b.build("length".equals(finish) ? FinishReason.MAX_TOKENS : FinishReason.SLM_EOS, null));
        }
        return traces;
    }

    private static List<Alternative> alternatives(Nodes n, JsonNode entry, String at) {
        JsonNode top = Nodes.optional(entry, "top_logprobs");
        if (top == null) {
            return List.of();
        }
        if (!top.isArray()) {
            throw n.wrongType(top, at + ".top_logprobs", "an array");
        }
        List<Alternative> list = new ArrayList<>(top.size());
        for (int k = 0; k < top.size(); k++) {
            String altPath = at + ".top_logprobs[" + k + "]";
            JsonNode alt = n.object(top.get(k), altPath);
            list.add(new Alternative(-1, n.text(alt, altPath, "token"), Math.exp(n.number(alt, altPath, "logprob"))));
        }
        return list;
    }
}
