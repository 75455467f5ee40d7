package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.TraceSummary;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;

import java.util.ArrayList;
import java.util.List;

/**
 * Running totals of a relay: tokens per source, calls, the paper's LLM token ratio, and the counts the cost
 * measures ({@link CostSheet}) are computed from while a run streams or a trace is replayed part way.
 */
public final class CostTally {
    private long prompt;
    private long slm;
    private long llm;
    private long command;
    private int calls;
    private final List<CallRecord> callRecords = new ArrayList<>();
    private long generatedMicros;
    private long slmParameters;
    private long llmParameters;

    /** Sets the parameter counts from the header's model references (0 when unknown). */
    public void reset(TraceHeader header) {
        prompt = slm = llm = command = generatedMicros = 0;
        callRecords.clear();
        calls = 0;
        slmParameters = llmParameters = 0;
        if (header != null) {
            for (ModelRef m : header.models()) {
                if ("slm".equalsIgnoreCase(m.role())) {
                    slmParameters = m.parameterCount();
                } else if ("llm".equalsIgnoreCase(m.role())) {
                    llmParameters = m.parameterCount();
                }
            }
        }
    }

    public static CostTally of(TraceHeader header, List<TokenRecord> tokens, List<CallRecord> calls) {
        CostTally t = new CostTally();
        t.reset(header);
        tokens.forEach(t::add);
        calls.forEach(t::add);
        return t;
    }

    public void add(TokenRecord token) {
        switch (token.source()) {
            case PROMPT -> prompt++;
            case SLM -> slm++;
            case LLM -> llm++;
            case COMMAND -> command++;
        }
        if (token.source() != io.relayscope.trace.Source.PROMPT) {
            generatedMicros += Math.max(0, token.latencyMicros());
        }
    }

    public void add(CallRecord call) {
        calls++;
        callRecords.add(call);
    }

    public long promptTokens() {
        return prompt;
    }

    public long slmTokens() {
        return slm;
    }

    public long llmTokens() {
        return llm;
    }

    public long commandTokens() {
        return command;
    }

    public long responseTokens() {
        return slm + llm + command;
    }

    public int calls() {
        return calls;
    }

    public double ratio() {
        return TraceSummary.llmTokenRatio(slm, llm, command);
    }

    /** Summed per-token latency of generated tokens, in microseconds. */
    public long generatedMicros() {
        return generatedMicros;
    }

    public boolean knowsParameters() {
        return slmParameters > 0 && llmParameters > 0;
    }

    /** The counts the cost measures need, estimated from the tokens and calls seen so far (see {@link RunCounts#estimate}). */
    public RunCounts counts(FinishReason finish) {
        return RunCounts.estimate(prompt, slm + command, llm, finish, callRecords, slm + command > 0,
                slmParameters, llmParameters);
    }

    /** The FLOPs saving of the estimate (what a partial trace's summary stores). */
    public double saving() {
        return CostSheet.of(counts(null), Prices.NONE).flopsSaving();
    }
}
