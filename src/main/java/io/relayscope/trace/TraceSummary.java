package io.relayscope.trace;

/**
 * Totals of a run. {@code llmTokenRatio} is the paper's: LLM tokens / (SLM + command + LLM tokens).
 * {@code savingVsLlmOnly} is 1 - (FLOPs spent) / (FLOPs the LLM alone would spend on the same text).
 */
public record TraceSummary(int promptTokens, int slmTokens, int llmTokens, int commandTokens, int calls,
                           double llmTokenRatio, FinishReason finishReason, String error, long wallMicros,
                           ModelCost slmCost, ModelCost llmCost, double savingVsLlmOnly, String responseText) {

    public int responseTokens() {
        return slmTokens + llmTokens + commandTokens;
    }

    /** The paper's LLM token ratio for given counts; 0 when nothing was written. */
    public static double llmTokenRatio(long slm, long llm, long command) {
        long all = slm + llm + command;
        return all == 0 ? 0 : (double) llm / all;
    }
}
