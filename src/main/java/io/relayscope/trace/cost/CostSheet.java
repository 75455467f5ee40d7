package io.relayscope.trace.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every {@link CostMeasure} of one run beside the LLM answering alone: the one definition of costs that the app,
 * the CLI, the trace exports and docs/costs.md share. The LLM alone writes the same R response tokens after the
 * same P prompt tokens: R forward passes (+1 for the pass that writes its end, when an end-of-sequence finished the
 * answer), P + R - 1 tokens read (+1 likewise), 2 x LLM parameters FLOPs per token read, and one request billed
 * P input and R output tokens.
 */
public record CostSheet(List<Row> rows) {

    /** One measure: the run's value, the LLM alone's, and the saving (absent where it means nothing). */
    public record Row(CostMeasure measure, double run, double llmAlone) {
        /** 1 - run / LLM alone; empty for a measure without a counterpart, or when the LLM alone costs nothing. */
        public Optional<Double> saving() {
            if (!measure.hasSaving() || !(llmAlone > 0)) {
                return Optional.empty();
            }
            return Optional.of(1 - run / llmAlone);
        }
    }

    public static CostSheet of(RunCounts c, Prices prices) {
        long p = c.promptTokens();
        long r = c.responseTokens();
        long end = c.endedByEos() ? 1 : 0;
        long aloneReads = r == 0 ? p : p + r - 1 + end;
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(CostMeasure.LLM_TOKENS, c.llmWritten(), r));
        rows.add(new Row(CostMeasure.LLM_FORWARDS, c.llmForwards(), r + end));
        rows.add(new Row(CostMeasure.LLM_TOKENS_READ, c.llmReads(), aloneReads));
        rows.add(new Row(CostMeasure.SLM_TOKENS_READ, c.slmReads(), 0));
        rows.add(new Row(CostMeasure.FLOPS, 2.0 * c.slmParameters() * c.slmReads() + 2.0 * c.llmParameters() * c.llmReads(),
                2.0 * c.llmParameters() * aloneReads));
        if (prices.isSet()) {
            long llmInput = Math.max(0, c.llmReads() - c.llmOwnReads() - c.llmCachedReads());
            double run = (Math.max(0, c.slmReads() - c.slmWritten()) * prices.slmInput() + c.slmWritten() * prices.slmOutput()
                    + llmInput * prices.llmInput() + c.llmCachedReads() * prices.llmCachedInput()
                    + c.llmWritten() * prices.llmOutput()) / 1e6;
            double alone = (p * prices.llmInput() + r * prices.llmOutput()) / 1e6;
            rows.add(new Row(CostMeasure.MONEY, run, alone));
        }
        return new CostSheet(List.copyOf(rows));
    }

    public Optional<Row> row(CostMeasure measure) {
        return rows.stream().filter(r -> r.measure() == measure).findFirst();
    }

    /** The run's cost in money (USD), empty when no prices are set. */
    public java.util.OptionalDouble money() {
        return row(CostMeasure.MONEY).map(r -> java.util.OptionalDouble.of(r.run())).orElse(java.util.OptionalDouble.empty());
    }

    /** Money as the compare tables (the app's and the CLI's) show it: "$0.000123", or "off" when no prices are set. */
    public static String moneyText(java.util.OptionalDouble money) {
        return money.isPresent() ? CostMeasure.MONEY.format(money.getAsDouble()) : "off";
    }

    /** The FLOPs saving the trace summary stores as {@code savingVsLlmOnly} (0 when unknown). */
    public double flopsSaving() {
        return row(CostMeasure.FLOPS).flatMap(Row::saving).orElse(0.0);
    }
}
