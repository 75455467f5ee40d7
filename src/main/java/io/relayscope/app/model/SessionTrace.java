package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.ModelCost;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.TraceSummary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The growing (or loaded) trace of the current session: header, tokens, calls and, once finished, the summary. */
public final class SessionTrace {
    private TraceHeader header;
    private final ArrayList<TokenRecord> tokens = new ArrayList<>();
    private final ArrayList<CallRecord> calls = new ArrayList<>();
    private TraceSummary summary;

    public void clear() {
        header = null;
        tokens.clear();
        calls.clear();
        summary = null;
    }

    public void start(TraceHeader newHeader) {
        clear();
        header = newHeader;
    }

    public void addToken(TokenRecord token) {
        tokens.add(token);
    }

    public void addCall(CallRecord call) {
        calls.add(call);
    }

    /** Replaces everything by a complete trace (a loaded file or the engine's final trace). */
    public void load(Trace trace) {
        clear();
        header = trace.header();
        tokens.addAll(trace.tokens());
        calls.addAll(trace.calls());
        summary = trace.summary();
    }

    public boolean isEmpty() {
        return header == null && tokens.isEmpty();
    }

    public boolean isFinished() {
        return summary != null;
    }

    public TraceHeader header() {
        return header;
    }

    public List<TokenRecord> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    public List<CallRecord> calls() {
        return Collections.unmodifiableList(calls);
    }

    public int size() {
        return tokens.size();
    }

    public TokenRecord token(int index) {
        return tokens.get(index);
    }

    public TraceSummary summary() {
        return summary;
    }

    /** Number of calls that started before token position {@code end}. */
    public int callsBefore(int end) {
        int n = 0;
        for (CallRecord c : calls) {
            if (c.position() < end) {
                n++;
            }
        }
        return n;
    }

    /** The complete trace when finished, else a valid partial trace that ends with {@code reason}. */
    public Trace toTrace(FinishReason reason, String error) {
        if (summary != null) {
            return new Trace(header, tokens, calls, summary);
        }
        return new Trace(header, tokens, calls, partialSummary(reason, error));
    }

    private TraceSummary partialSummary(FinishReason reason, String error) {
        int prompt = 0;
        int slm = 0;
        int llm = 0;
        int command = 0;
        long micros = 0;
        StringBuilder text = new StringBuilder();
        for (TokenRecord t : tokens) {
            micros += t.latencyMicros();
            switch (t.source()) {
                case PROMPT -> prompt++;
                case SLM -> slm++;
                case LLM -> llm++;
                case COMMAND -> command++;
            }
            if (t.source() != Source.PROMPT) {
                text.append(t.text());
            }
        }
        CostTally tally = CostTally.of(header, tokens, calls);
        return new TraceSummary(prompt, slm, llm, command, calls.size(),
                TraceSummary.llmTokenRatio(slm, llm, command), reason, error, micros,
                ModelCost.NONE, ModelCost.NONE, tally.saving(), text.toString());
    }
}
