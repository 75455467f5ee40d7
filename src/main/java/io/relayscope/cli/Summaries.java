package io.relayscope.cli;

import io.relayscope.trace.TraceSummary;

import java.util.Locale;

/** One-line summaries of runs for the terminal. */
final class Summaries {
    private Summaries() {
    }

    /** "slm 41 · llm 12 · command 6 tokens | 2 calls | LLM token ratio 20.3% | finish SLM_EOS | 0.42 s". */
    static String line(TraceSummary s) {
        return String.format(Locale.ROOT, "slm %d · llm %d · command %d tokens | %d call%s | LLM token ratio %.1f%% | finish %s | %.2f s",
                s.slmTokens(), s.llmTokens(), s.commandTokens(), s.calls(), s.calls() == 1 ? "" : "s",
                100 * s.llmTokenRatio(), s.finishReason(), s.wallMicros() / 1e6);
    }

    /** "estimated cost $0.000012 vs $0.000040 for the LLM alone (saving 70.0%)". */
    static String cost(TraceSummary s, io.relayscope.engine.Pricing pricing) {
        return String.format(Locale.ROOT, "estimated cost $%.6f vs $%.6f for the LLM alone (saving %.1f%%)",
                pricing.cost(s), pricing.llmOnlyCost(s), 100 * pricing.saving(s));
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
    }
}
