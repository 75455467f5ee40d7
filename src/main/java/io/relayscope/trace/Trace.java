package io.relayscope.trace;

import java.util.List;

/** An immutable decoding trace: header, every token (prompt first), every call, and the summary. */
public record Trace(TraceHeader header, List<TokenRecord> tokens, List<CallRecord> calls, TraceSummary summary) {

    public static final String FORMAT_VERSION = "1.1";

    public Trace {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    /** The response text: every non-prompt token's text, in order. */
    public String responseText() {
        StringBuilder sb = new StringBuilder();
        for (TokenRecord t : tokens) {
            if (t.source() != Source.PROMPT) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
