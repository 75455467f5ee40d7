package io.relayscope.cli;

import io.relayscope.trace.TraceSummary;
import io.relayscope.trace.cost.CostSheet;

import java.util.Locale;

/** One-line summaries of runs for the terminal. */
final class Summaries {
    private Summaries() {
    }

    /** "slm 41 · llm 12 · command 6 tokens | 2 calls | LLM token ratio 20.3% | finish SLM_EOS | 0.42 s". */
    static String line(TraceSummary s) {
        return String.format(Locale.ROOT, "slm %d · llm %d · command %d tokens | %d call%s | LLM token ratio %.1f%% | finish %s | %.2f s",
                s.slmTokens(), s.llmTokens(), s.commandTokens(), s.calls(), s.calls() == 1 ? "" : "s",
                100 * s.llmTokenRatio(), finish(s), s.wallMicros() / 1e6);
    }

    /** The finish reason, with the limit reached when the context filled up. */
    static String finish(TraceSummary s) {
        return s.finishReason() == io.relayscope.trace.FinishReason.CONTEXT_FULL && s.error() != null
                ? s.finishReason() + " (" + s.error() + ")" : String.valueOf(s.finishReason());
    }

    /**
     * The cost measures beside the LLM alone, one per line, e.g.
     * "  LLM forward passes      2        vs 31 for the LLM alone   (saving 93.5%)".
     */
    static String costs(CostSheet sheet) {
        StringBuilder sb = new StringBuilder();
        for (CostSheet.Row r : sheet.rows()) {
            sb.append(String.format(Locale.ROOT, "  %-20s %12s", r.measure().label(), r.measure().format(r.run())));
            if (r.measure().hasSaving() && !(r.llmAlone() > 0)) {
                // e.g. FLOPs with a remote LLM, whose parameter count the server does not tell (the app shows "-")
                sb.append("   vs - for the LLM alone (unknown: its size is not known here)");
            } else if (r.measure().hasSaving()) {
                sb.append(String.format(Locale.ROOT, "   vs %s for the LLM alone", r.measure().format(r.llmAlone())));
                r.saving().ifPresent(v -> sb.append(String.format(Locale.ROOT, " (saving %.1f%%)", 100 * v)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** "critical tokens 4 of 28 scored (14.3%) | covered by a call 1 (recall 25.0%) | calls at one 1 of 2 (precision 50.0%)". */
    static String critical(io.relayscope.trace.CriticalTokens c) {
        return String.format(Locale.ROOT, "critical tokens %d of %d scored (%s) | covered by a call %d (recall %s) | "
                        + "calls at one %d of %d (precision %s)", c.critical(), c.scored(),
                ratio(c.scored() == 0 ? Double.NaN : (double) c.critical() / c.scored()), c.covered(), ratio(c.recall()),
                c.atCritical(), c.calls(), ratio(c.precision()));
    }

    /** A share as a percentage, "n/a" when undefined. */
    static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : percent(v);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
    }
}
