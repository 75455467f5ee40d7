package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.TraceSummary;

import java.util.List;

/**
 * Running totals of a relay: tokens per source, calls, the paper's LLM token ratio and an estimated cost in
 * FLOPs (2 x parameters per token a model is fed) against the LLM writing the same text alone.
 */
public final class CostTally {
    private long prompt;
    private long slm;
    private long llm;
    private long command;
    private int calls;
    private long llmCatchUp;
    private long generatedMicros;
    private long slmParameters;
    private long llmParameters;

    /** Sets the parameter counts from the header's model references (0 when unknown). */
    public void reset(TraceHeader header) {
        prompt = slm = llm = command = llmCatchUp = generatedMicros = 0;
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
        llmCatchUp += Math.max(0, call.llmCatchUp());
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

    /** Estimated FLOPs of the relay: the SLM reads everything, the LLM its catch-up and its own tokens. */
    public double relayFlops() {
        double slmFed = prompt + responseTokens();
        double llmFed = llmCatchUp + llm;
        return 2.0 * slmParameters * slmFed + 2.0 * llmParameters * llmFed;
    }

    /** Estimated FLOPs of the LLM alone writing the same response after the same prompt. */
    public double llmOnlyFlops() {
        return 2.0 * llmParameters * (prompt + responseTokens());
    }

    /** 1 - relay / LLM alone; 0 when nothing is known yet. */
    public double saving() {
        double alone = llmOnlyFlops();
        return alone <= 0 ? 0 : 1 - relayFlops() / alone;
    }
}
