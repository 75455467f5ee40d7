package io.relayscope.trace.exporters;

import io.relayscope.trace.ModelRef;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.TraceSummary;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Number formatting and the summary rows shared by the HTML and Markdown exporters. */
final class Cells {

    private Cells() {
    }

    /** A double with up to {@code digits} decimals; empty for NaN. */
    static String number(double v, int digits) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "" : number(100 * v, 2) + " %";
    }

    /** Label/value pairs describing the run, in display order. */
    static List<String[]> summaryRows(Trace trace) {
        TraceHeader h = trace.header();
        TraceSummary s = trace.summary();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("Prompt tokens", Integer.toString(s.promptTokens())));
        rows.add(row("SLM tokens", Integer.toString(s.slmTokens())));
        rows.add(row("LLM tokens", Integer.toString(s.llmTokens())));
        rows.add(row("Command tokens", Integer.toString(s.commandTokens())));
        rows.add(row("Calls", Integer.toString(s.calls())));
        rows.add(row("LLM token ratio", percent(s.llmTokenRatio())));
        rows.add(row("Finish reason", s.finishReason() == null ? "" : s.finishReason().name()));
        if (s.error() != null) {
            rows.add(row("Error", s.error()));
        }
        rows.add(row("Wall time", number(s.wallMicros() / 1000.0, 1) + " ms"));
        for (CostSheet.Row r : CostSheet.of(RunCounts.of(trace), Prices.NONE).rows()) {
            rows.add(row(r.measure().label(), r.measure().format(r.run()) + (r.measure().hasSaving()
                    ? " (LLM alone " + r.measure().format(r.llmAlone())
                    + r.saving().map(v -> ", saving " + percent(v)).orElse("") + ")" : "")));
        }
        rows.add(row("Policy", policy(h.policy())));
        rows.add(row("SLM sampling", sampling(h.slmSampling())));
        rows.add(row("LLM sampling", sampling(h.llmSampling())));
        rows.add(row("Seed", Long.toString(h.seed())));
        for (ModelRef m : h.models()) {
            rows.add(row("Model (" + m.role() + ")", m.name() + (m.parameterCount() > 0
                    ? String.format(Locale.ROOT, ", %,d parameters", m.parameterCount()) : "")));
        }
        rows.add(row("Created", h.createdAt() == null ? "" : h.createdAt()));
        rows.add(row("Written by", h.appVersion() == null ? "" : h.appVersion()));
        return rows;
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    private static String policy(PolicySpec p) {
        if (p == null) {
            return "";
        }
        if (p.parameters().isEmpty()) {
            return p.name();
        }
        return p.name() + " (" + p.parameters().entrySet().stream()
                .map((Map.Entry<String, Double> e) -> e.getKey() + " = " + number(e.getValue(), 4))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String sampling(SamplingSpec s) {
        if (s == null) {
            return "unknown";
        }
        return s.greedy() ? "greedy" : "temperature " + number(s.temperature(), 2)
                + (s.topK() > 0 ? ", top-k " + s.topK() : "") + (s.topP() < 1 ? ", top-p " + number(s.topP(), 2) : "")
                + (s.hasMinP() ? ", min-p " + number(s.minP(), 3) : "")
                + (s.hasRepetitionPenalty() ? ", repetition penalty " + number(s.repetitionPenalty(), 2) : "");
    }
}
