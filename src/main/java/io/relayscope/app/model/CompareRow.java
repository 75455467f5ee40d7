package io.relayscope.app.model;

import io.relayscope.app.service.SampleQuestions;
import io.relayscope.eval.Answers;
import io.relayscope.eval.Evaluator;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceSummary;
import io.relayscope.trace.cost.CostMeasure;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One run's line of the compare table: its answer (and, for a dataset question, right or wrong), the LLM token
 * ratio, calls, tokens per model, cost (compute against the LLM alone, and money at the app's prices, empty when
 * none are set) and time.
 */
public record CompareRow(String run, String answer, String check, double llmRatio, int calls, int slmTokens,
                         int llmTokens, int commandTokens, double flops, double flopsSaving, OptionalDouble money,
                         double seconds) {

    /** The row of a run still being decoded: no answer or right/wrong yet, the counts so far. */
    public CompareRow decoding() {
        return new CompareRow(run, "\u2026", "decoding\u2026", llmRatio, calls, slmTokens, llmTokens, commandTokens, flops,
                flopsSaving, money, seconds);
    }

    /** The row without prices (no money). */
    public static CompareRow of(String label, Trace trace) {
        return of(label, trace, Prices.NONE);
    }

    public static CompareRow of(String label, Trace trace, Prices prices) {
        TraceSummary s = trace.summary();
        String answer = Answers.extract(Evaluator.answerText(trace));
        Optional<String> expected = SampleQuestions.expectedAnswer(trace.header().prompt());
        String check = expected.map(e -> answer != null && Answers.matches(answer, e) ? "\u2713 right" : "\u2717 wrong (" + e + ")")
                .orElse("");
        CostSheet costs = CostSheet.of(RunCounts.of(trace), prices);
        double flops = costs.row(CostMeasure.FLOPS).map(CostSheet.Row::run).orElse(Double.NaN);
        return new CompareRow(label, answer == null ? "-" : answer, check, s.llmTokenRatio(), s.calls(), s.slmTokens(),
                s.llmTokens(), s.commandTokens(), flops, costs.flopsSaving(), costs.money(), s.wallMicros() / 1e6);
    }
}
