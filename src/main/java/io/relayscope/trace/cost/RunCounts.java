package io.relayscope.trace.cost;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.ModelCost;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceSummary;

import java.util.List;

/**
 * What a run spent, in counts: everything the cost measures are computed from. {@link #of(Trace)} takes the
 * engine's measured reads and forward passes from the trace summary; {@link #estimate} derives them from tokens and
 * calls alone (a run still streaming, or an imported trace), counting every token seen so far as read.
 *
 * @param llmOwnReads the LLM's own tokens fed back to it (a decode step reads the token before); a server bills
 *                    them as neither input nor output, so money leaves them out
 * @param llmCachedReads input tokens a server reported as served from its prefix cache (0 for local models)
 */
public record RunCounts(long promptTokens, long slmWritten, long llmWritten, boolean endedByEos,
                        long slmReads, long llmReads, long llmOwnReads, long llmForwards, long llmCachedReads,
                        long slmParameters, long llmParameters, boolean measured) {

    public long responseTokens() {
        return slmWritten + llmWritten;
    }

    /** Counts of a finished trace: measured where the engine recorded them, else estimated. */
    public static RunCounts of(Trace trace) {
        TraceSummary s = trace.summary();
        boolean eos = s.finishReason() == FinishReason.SLM_EOS || s.finishReason() == FinishReason.LLM_EOS;
        long slmParams = parameters(trace, "slm", s.slmCost());
        long llmParams = parameters(trace, "llm", s.llmCost());
        ModelCost slm = s.slmCost();
        ModelCost llm = s.llmCost();
        if (slm == null || llm == null || slm.fedTokens() == 0 && llm.fedTokens() == 0) { // null: not recorded (the format allows it)
            return estimate(s.promptTokens(), s.slmTokens() + s.commandTokens(), s.llmTokens(), s.finishReason(),
                    trace.calls(), s.slmTokens() + s.commandTokens() > 0, slmParams, llmParams);
        }
        return new RunCounts(s.promptTokens(), s.slmTokens() + s.commandTokens(), s.llmTokens(), eos,
                slm.fedTokens(), llm.fedTokens(), llmOwnReads(s.llmTokens(), s.finishReason(), trace.calls()),
                llm.forwardCalls(), 0, slmParams, llmParams, true);
    }

    /**
     * Counts from tokens and calls alone. The LLM reads each call's catch-up, then each token it wrote but the
     * call's last (and that one too when its end-of-sequence finished the answer); it makes one forward pass per token
     * it wrote, plus the one that wrote its end. The SLM, when it ran at all, is taken to have read the prompt and
     * every response token so far.
     *
     * @param finish the finish reason, or null while the run goes on
     */
    public static RunCounts estimate(long prompt, long slmWritten, long llmWritten, FinishReason finish,
                                     List<CallRecord> calls, boolean slmRan, long slmParameters, long llmParameters) {
        long llmReads = 0;
        long forwards = 0;
        for (CallRecord c : calls) {
            llmReads += Math.max(0, c.llmCatchUp()) + Math.max(0, c.delivered() - 1);
            forwards += Math.max(0, c.delivered());
        }
        boolean llmEos = finish == FinishReason.LLM_EOS && !calls.isEmpty();
        if (llmEos) {
            forwards++;
            if (calls.get(calls.size() - 1).delivered() > 0) {
                llmReads++;
            }
        }
        boolean eos = finish == FinishReason.SLM_EOS || finish == FinishReason.LLM_EOS;
        long slmReads = slmRan ? prompt + slmWritten + llmWritten : 0;
        return new RunCounts(prompt, slmWritten, llmWritten, eos, slmReads, llmReads,
                llmOwnReads(llmWritten, finish, calls), forwards, 0, slmParameters, llmParameters, false);
    }

    /** Every token the LLM wrote is fed back to it, but the last of the last call unless its EOS ended the answer. */
    public static long llmOwnReads(long llmWritten, FinishReason finish, List<CallRecord> calls) {
        if (calls.isEmpty() || llmWritten == 0) {
            return 0;
        }
        boolean lastPending = finish != FinishReason.LLM_EOS && calls.get(calls.size() - 1).delivered() > 0;
        return llmWritten - (lastPending ? 1 : 0);
    }

    private static long parameters(Trace trace, String role, ModelCost cost) {
        if (cost != null && cost.parameterCount() > 0) {
            return cost.parameterCount();
        }
        for (ModelRef m : trace.header().models()) {
            if (role.equalsIgnoreCase(m.role())) {
                return m.parameterCount();
            }
        }
        return 0;
    }
}
