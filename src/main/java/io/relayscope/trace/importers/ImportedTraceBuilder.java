package io.relayscope.trace.importers;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.ModelCost;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceFormatException;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.TraceSummary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects imported tokens and calls, then builds a consistent {@link Trace} with header and summary. */
final class ImportedTraceBuilder {

    private final String label;
    private final ImportOptions options;
    private final List<TokenRecord> tokens = new ArrayList<>();
    private final List<CallRecord> calls = new ArrayList<>();
    private final int[] counts = new int[Source.values().length];
    private String origin = "imported";
    private String createdAt;
    private String prompt;
    private List<ModelRef> models = List.of();
    private PolicySpec policy = new PolicySpec("imported", Map.of());
    private SamplingSpec sampling;
    private long seed;
    private long wallMicros;

    ImportedTraceBuilder(String label, ImportOptions options) {
        this.label = label;
        this.options = options;
    }

    /** "appVersion" of the trace: which tool produced the file. */
    ImportedTraceBuilder origin(String value) {
        origin = value;
        return this;
    }

    ImportedTraceBuilder createdAt(String value) {
        createdAt = value;
        return this;
    }

    ImportedTraceBuilder model(String name) {
        models = name == null ? List.of() : List.of(new ModelRef("slm", name, null, null, 0));
        return this;
    }

    ImportedTraceBuilder policy(PolicySpec value) {
        policy = value;
        return this;
    }

    ImportedTraceBuilder sampling(SamplingSpec value, long seedValue) {
        sampling = value;
        seed = seedValue;
        return this;
    }

    ImportedTraceBuilder wallMicros(long value) {
        wallMicros = value;
        return this;
    }

    /** Sets the prompt and adds it as PROMPT tokens (ids unknown: -1) split by the options' tokenizer. */
    ImportedTraceBuilder prompt(String text) {
        if (!tokens.isEmpty()) {
            throw new IllegalStateException("the prompt goes first");
        }
        prompt = text;
        if (text != null) {
            for (String piece : pieces(text)) {
                checkRoom();
                tokens.add(TokenRecord.prompt(tokens.size(), -1, piece, piece.getBytes(StandardCharsets.UTF_8)));
                counts[Source.PROMPT.ordinal()]++;
            }
        }
        return this;
    }

    /** Splits text with the options' tokenizer, checking that the pieces give back the text. */
    List<String> pieces(String text) {
        List<String> pieces = options.tokenizer().apply(text);
        if (!String.join("", pieces).equals(text)) {
            throw new IllegalArgumentException("the tokenizer's pieces do not concatenate back to the text");
        }
        return pieces;
    }

    /** Appends a response token; {@code bytes} null means the UTF-8 encoding of the text. Returns its index. */
    int add(int id, String text, byte[] bytes, Source source, double logprob, List<Alternative> alternatives,
            long latencyMicros) {
        checkRoom();
        List<Alternative> alts = alternatives.size() > options.limits().maxAlternatives()
                ? alternatives.subList(0, options.limits().maxAlternatives()) : alternatives;
        int index = tokens.size();
        tokens.add(new TokenRecord(index, id, text, bytes == null ? text.getBytes(StandardCharsets.UTF_8) : bytes,
                source, logprob, Double.NaN, alts, latencyMicros));
        counts[source.ordinal()]++;
        return index;
    }

    void call(int position, int requested, int delivered) {
        calls.add(new CallRecord(calls.size() + 1, position, requested, delivered, 0, 0, 0, "command"));
    }

    int size() {
        return tokens.size();
    }

    Trace build(FinishReason finish, String error) {
        int slm = counts[Source.SLM.ordinal()];
        int llm = counts[Source.LLM.ordinal()];
        int command = counts[Source.COMMAND.ordinal()];
        TraceHeader header = new TraceHeader(Trace.FORMAT_VERSION, origin, createdAt, prompt, null, models, null,
                policy, sampling, null, seed, null);
        StringBuilder response = new StringBuilder();
        for (TokenRecord t : tokens) {
            if (t.source() != Source.PROMPT) {
                response.append(t.text());
            }
        }
        TraceSummary summary = new TraceSummary(counts[Source.PROMPT.ordinal()], slm, llm, command, calls.size(),
                TraceSummary.llmTokenRatio(slm, llm, command), finish, error, wallMicros,
                new ModelCost(slm + command, 0, 0, 0, 0, 0), new ModelCost(llm, 0, 0, 0, 0, 0), Double.NaN,
                response.toString());
        Trace trace = new Trace(header, tokens, calls, summary);
        String problem = io.relayscope.trace.TraceCodec.writeProblem(trace);
        if (problem != null) { // what could not be saved is refused here, not at the first save
            throw new TraceFormatException(label, "cannot be imported: in the imported trace, " + problem);
        }
        return trace;
    }

    private void checkRoom() {
        if (tokens.size() >= options.limits().maxTokens()) {
            throw new TraceFormatException(label, "more than " + options.limits().maxTokens()
                    + " tokens (the limit); the file is too large to import");
        }
    }
}
