package io.relayscope.trace.importers;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RelayLLM's evaluation results (eval/generate_withhelp.py): a JSON array of
 * {@code {question, answer, response, score, large_model_contributions[{start_token, end_token}]}}, one trace per
 * item. The response keeps the SLM's {@code <call>n</call>} tags (imported as COMMAND tokens). Offsets count tokens
 * of the response with call tags replaced by a space, as the reference computes them: each contribution is matched
 * to the call tag it followed, and its {@code end_token - start_token} tokens after that tag are marked LLM.
 * Offsets are exact only with the tokenizer the results were made with (inject it through {@link ImportOptions});
 * the default character-level split gives an approximation.
 */
public final class RelayLlmResultsImporter implements TraceImporter {

    /** The reference implementation's call command pattern. */
    public static final Pattern CALL_TAG = Pattern.compile("<call>\\s*(\\d+)\\s*</call>");
    private static final Pattern TRAILER = Pattern.compile("\\n\\[(Error|Info): ([^\\n]*)]\\s*$");

    private record Tag(int start, int end, int requested) {
    }

    private record Contribution(int start, int end) {
    }

    @Override
    public String formatName() {
        return "RelayLLM results";
    }

    @Override
    public boolean accepts(JsonNode root) {
        JsonNode first = root.isArray() && !root.isEmpty() ? root.get(0) : root;
        return first.isObject() && first.has("response") && first.has("large_model_contributions");
    }

    @Override
    public List<Trace> importTree(JsonNode root, String label, ImportOptions options) {
        Nodes n = new Nodes(label);
        List<Trace> traces = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                String path = "[" + i + "]";
                traces.add(item(n, n.object(root.get(i), path), path, label, options));
            }
        } else {
            traces.add(item(n, n.object(root, "(top level)"), "", label, options));
        }
        return traces;
    }

    private Trace item(Nodes n, JsonNode item, String path, String label, ImportOptions options) {
        String response = n.text(item, path, "response");
        String question = n.optionalText(item, path, "question");
        ImportedTraceBuilder b = new ImportedTraceBuilder(label, options).origin(formatName() + " (imported)")
                .policy(new PolicySpec(io.relayscope.trace.policy.PolicyCatalogue.MODEL_COMMAND, Map.of()))
                .prompt(question != null ? question : options.prompt());
        List<Tag> tags = tags(response);
        List<Contribution> contributions = contributions(n, item, path);
        Source[] sources = new Source[response.length()];
        Arrays.fill(sources, Source.SLM);
        for (Tag t : tags) {
            Arrays.fill(sources, t.start, t.end, Source.COMMAND);
        }
        Map<Integer, Tag> callsAt = new HashMap<>();
        for (Map.Entry<Tag, Contribution> e : match(tags, contributions, response, b).entrySet()) {
            Tag tag = e.getKey();
            int segmentEnd = tags.stream().filter(t -> t.start >= tag.end).mapToInt(Tag::start).findFirst()
                    .orElse(response.length());
            List<String> pieces = b.pieces(response.substring(tag.end, segmentEnd));
            int take = Math.min(e.getValue().end - e.getValue().start, pieces.size());
            int chars = pieces.subList(0, take).stream().mapToInt(String::length).sum();
            Arrays.fill(sources, tag.end, tag.end + chars, Source.LLM);
            callsAt.put(tag.end, tag);
        }
        emit(response, sources, callsAt, b);
        return finish(response, b);
    }

    private static List<Tag> tags(String response) {
        List<Tag> tags = new ArrayList<>();
        Matcher m = CALL_TAG.matcher(response);
        while (m.find()) {
            int requested;
            try {
                requested = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                requested = Integer.MAX_VALUE;
            }
            tags.add(new Tag(m.start(), m.end(), requested));
        }
        return tags;
    }

    private static List<Contribution> contributions(Nodes n, JsonNode item, String path) {
        JsonNode array = Nodes.optional(item, "large_model_contributions");
        List<Contribution> list = new ArrayList<>();
        if (array == null) {
            return list;
        }
        String at = Nodes.child(path, "large_model_contributions");
        if (!array.isArray()) {
            throw n.wrongType(array, at, "an array");
        }
        for (int i = 0; i < array.size(); i++) {
            String cPath = Nodes.element(at, i);
            JsonNode c = n.object(array.get(i), cPath);
            int start = n.integer(c, cPath, "start_token");
            int end = n.integer(c, cPath, "end_token");
            if (start < 0 || end < start) {
                throw n.error(cPath, "has start_token " + start + " and end_token " + end
                        + "; expected 0 <= start_token <= end_token");
            }
            list.add(new Contribution(start, end));
        }
        list.sort((a, c) -> Integer.compare(a.start, c.start));
        return list;
    }

    /**
     * Pairs each contribution with the call tag it followed. When there are as many contributions as tags asking
     * for tokens (n > 0), they pair in order; otherwise each goes to the later tag whose offset (tokens of the
     * tag-stripped text up to it, as the reference counts) is nearest its start_token.
     */
    private static Map<Tag, Contribution> match(List<Tag> tags, List<Contribution> contributions, String response,
                                                ImportedTraceBuilder b) {
        Map<Tag, Contribution> matched = new LinkedHashMap<>();
        List<Tag> calling = tags.stream().filter(t -> t.requested > 0).toList();
        if (calling.size() == contributions.size()) {
            for (int i = 0; i < calling.size(); i++) {
                matched.put(calling.get(i), contributions.get(i));
            }
            return matched;
        }
        int next = 0;
        for (Contribution c : contributions) {
            int best = -1;
            long bestDistance = Long.MAX_VALUE;
            for (int k = next; k < calling.size(); k++) {
                String before = CALL_TAG.matcher(response.substring(0, calling.get(k).end)).replaceAll(" ").strip();
                long distance = Math.abs((long) b.pieces(before).size() - c.start);
                if (distance < bestDistance) {
                    best = k;
                    bestDistance = distance;
                }
            }
            if (best < 0) {
                break;
            }
            matched.put(calling.get(best), c);
            next = best + 1;
        }
        return matched;
    }

    /** Splits the response into runs of one source, tokenises each run, and records the calls. */
    private static void emit(String response, Source[] sources, Map<Integer, Tag> callsAt, ImportedTraceBuilder b) {
        int i = 0;
        while (i < response.length()) {
            int j = i;
            while (j < response.length() && sources[j] == sources[i]) {
                j++;
            }
            int first = b.size();
            for (String piece : b.pieces(response.substring(i, j))) {
                b.add(-1, piece, null, sources[i], Double.NaN, List.of(), 0);
            }
            Tag call = callsAt.remove(i);
            if (call != null) {
                b.call(first, call.requested, sources[i] == Source.LLM ? b.size() - first : 0);
            }
            i = j;
        }
        for (Tag call : callsAt.values()) {
            b.call(b.size(), call.requested, 0);
        }
    }

    private static Trace finish(String response, ImportedTraceBuilder b) {
        Matcher m = TRAILER.matcher(response);
        if (m.find()) {
            String message = m.group(2);
            boolean limit = message.contains("Limit Reached") || message.contains("MAX_TOKENS");
            return limit ? b.build(FinishReason.MAX_TOKENS, null) : b.build(FinishReason.ERROR, m.group(1) + ": " + message);
        }
        Trace t = b.build(FinishReason.SLM_EOS, null);
        List<TokenRecord> tokens = t.tokens();
        boolean llmLast = !tokens.isEmpty() && tokens.get(tokens.size() - 1).source() == Source.LLM;
        return llmLast ? b.build(FinishReason.LLM_EOS, null) : t;
    }
}
