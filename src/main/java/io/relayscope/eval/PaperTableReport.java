package io.relayscope.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the paper table as markdown (docs/results/paper-table.md) and the frontier PNG next to it. */
public final class PaperTableReport {
    public static final String MARKDOWN = "paper-table.md";
    public static final String PNG = "paper-table-frontier.png";

    private PaperTableReport() {
    }

    /** Writes both files into the folder; returns the markdown path. */
    public static Path write(Path dir, PaperTable.Result r, MachineInfo machine, String command) throws IOException {
        Files.createDirectories(dir);
        byte[] png = FrontierPlot.png(r);
        io.relayscope.trace.AtomicFiles.write(dir.resolve(PNG), out -> out.write(png));
        Path md = dir.resolve(MARKDOWN);
        ResultsFiles.writeText(md, markdown(r, machine, command));
        return md;
    }

    static String markdown(PaperTable.Result r, MachineInfo machine, String command) {
        StringBuilder sb = new StringBuilder("# The paper's table at small scale\n\n");
        sb.append("Measured ").append(machine.line()).append(" with `").append(command).append("`.\n\n");
        sb.append(String.format(Locale.ROOT, "Dataset %s, %d problems; base SLM `%s`, relay SLM `%s`, LLM `%s`; "
                        + "SLM sampling %s, LLM sampling %s, seed %d (each problem its own derived seed), limits %d new tokens / %d calls. "
                        + "Routers call for %d token%s at a time (the relay's mean tokens per call).%n%n",
                r.dataset(), r.problems(), r.slmBase(), r.slmRelay(), r.llm(), sampling(r.settings().slmSampling()),
                sampling(r.settings().llmSampling()), r.settings().seed(), r.settings().limits().maxNewTokens(),
                r.settings().limits().maxCalls(), r.callTokens(), r.callTokens() == 1 ? "" : "s"));
        sb.append("| method | model in control | policy, parameters | accuracy | LLM token ratio | calls / problem |\n|---|---|---|---|---|---|\n");
        for (PaperTable.Row row : r.rows()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f%% | %.2f%% | %.2f |%n", row.method(), row.slm(),
                    row.setting(), 100 * row.accuracy(), 100 * row.ratio(), row.callsPerProblem()));
        }
        sb.append("\n## Headline, computed as the paper does\n\n");
        sb.append(String.format(Locale.ROOT, "- Gap closed: (relay %.1f - SLM %.1f) / (LLM %.1f - SLM %.1f) = **%s** (paper, Qwen3-1.7B: 60.4%%).%n",
                100 * r.relayAccuracy(), 100 * r.slmAccuracy(), 100 * r.llmAccuracy(), 100 * r.slmAccuracy(), FrontierPlot.pct(r.gapClosed())));
        sb.append(String.format(Locale.ROOT, "- Cost reduction against the performance-matched query-level random router: that router needs "
                        + "p = %s of the queries on the LLM (LLM token ratio %s, interpolated on the measured sweep) to reach the relay's "
                        + "accuracy; 1 - %s / %s = **%s** (paper: 1 - 1.07/60.4 = 98.2%%).%n",
                FrontierPlot.pct(r.matchedQueryP()), FrontierPlot.pct(r.matchedQueryRatio()), FrontierPlot.pct(r.relayRatio()),
                FrontierPlot.pct(r.matchedQueryRatio()), FrontierPlot.pct(r.costReduction())));
        sb.append(String.format(Locale.ROOT, "- Token-level random router at the relay's budget (LLM token ratio %s vs %s): accuracy %s, "
                        + "so the relay is **%+.1f points** (paper: ~+6.9).%n",
                FrontierPlot.pct(r.randomTokenRatio()), FrontierPlot.pct(r.relayRatio()), FrontierPlot.pct(r.randomTokenAccuracy()),
                100 * (r.relayAccuracy() - r.randomTokenAccuracy())));
        sb.append(String.format(Locale.ROOT, "- Confidence router (training-free) at that budget (ratio %s): accuracy %s, relay %+.1f points.%n",
                FrontierPlot.pct(r.confidenceRatio()), FrontierPlot.pct(r.confidenceAccuracy()),
                100 * (r.relayAccuracy() - r.confidenceAccuracy())));
        r.rows().stream().filter(row -> row.method().startsWith("confidence router on the relay SLM")).findFirst().ifPresent(own ->
                sb.append(String.format(Locale.ROOT, "- The same confidence router over the relay SLM's own language model (its `<call>` "
                                + "masked; ratio %s): accuracy %s, relay %+.1f points: what the relay's calls add beyond the language "
                                + "model the warm-up improved.%n",
                        FrontierPlot.pct(own.ratio()), FrontierPlot.pct(own.accuracy()), 100 * (r.relayAccuracy() - own.accuracy()))));
        for (String[] vs : new String[][] {{PaperTable.NOCALL_ALONE, "the SLM trained for the same steps on the same data without calls"},
                {PaperTable.NOCALL_CONFIDENCE, "the confidence router over that no-call SLM"},
                {PaperTable.NOCALL_RANDOM_TOKEN, "the token-level random router over that no-call SLM"}}) {
            r.rows().stream().filter(row -> row.method().equals(vs[0])).findFirst().ifPresent(row ->
                    sb.append(String.format(Locale.ROOT, "- Against %s (ratio %s): accuracy %s, relay **%+.1f points**%s.%n", vs[1],
                            FrontierPlot.pct(row.ratio()), FrontierPlot.pct(row.accuracy()), 100 * (r.relayAccuracy() - row.accuracy()),
                            vs[0].equals(PaperTable.NOCALL_ALONE) ? " (paper: RelayLLM 49.52 against 44.06 without calls, +5.5)" : "")));
        }
        if (!r.note().isEmpty()) {
            sb.append("- Note: ").append(r.note()).append('\n');
        }
        sb.append("\n![accuracy against LLM token ratio](").append(PNG).append(")\n\n");
        sb.append("## Every evaluated point\n\n| series | setting | LLM token ratio | accuracy |\n|---|---|---|---|\n");
        for (PaperTable.Point p : r.points()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f%% | %.1f%% |%n", p.series(), p.setting(), 100 * p.ratio(), 100 * p.accuracy()));
        }
        sb.append("\nThe paper (README, average of six benchmarks, Qwen3-1.7B with Qwen3-8B): base 42.50, RelayLLM 49.52 at a 1.07% "
                + "LLM token ratio, LLM alone 54.12. The confidence and token-level routers use the base SLM; the query-level "
                + "router sends a whole problem to the LLM with probability p (p = 0 is the SLM alone, p = 1 the LLM alone).\n");
        return sb.toString();
    }

    /** The fields of the {@code --json} line. */
    public static Map<String, Object> json(PaperTable.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", r.dataset());
        m.put("problems", r.problems());
        m.put("slmAccuracy", r.slmAccuracy());
        m.put("llmAccuracy", r.llmAccuracy());
        m.put("relayAccuracy", r.relayAccuracy());
        m.put("relayLlmTokenRatio", r.relayRatio());
        m.put("gapClosed", r.gapClosed());
        m.put("matchedQueryP", r.matchedQueryP());
        m.put("matchedQueryRatio", r.matchedQueryRatio());
        m.put("costReduction", r.costReduction());
        m.put("randomTokenAccuracy", r.randomTokenAccuracy());
        m.put("randomTokenRatio", r.randomTokenRatio());
        m.put("confidenceAccuracy", r.confidenceAccuracy());
        m.put("confidenceRatio", r.confidenceRatio());
        List<Map<String, Object>> rows = r.rows().stream().map(row -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("method", row.method());
            x.put("slm", row.slm());
            x.put("setting", row.setting());
            x.put("accuracy", row.accuracy());
            x.put("llmTokenRatio", row.ratio());
            x.put("callsPerProblem", row.callsPerProblem());
            return x;
        }).toList();
        m.put("rows", rows);
        return m;
    }

    private static String sampling(io.relayscope.trace.SamplingSpec s) {
        return s.greedy() ? "greedy" : String.format(Locale.ROOT, "T %.2f, top-k %d, top-p %.2f", s.temperature(), s.topK(), s.topP())
                + (s.hasMinP() ? String.format(Locale.ROOT, ", min-p %.3f", s.minP()) : "")
                + (s.hasRepetitionPenalty() ? String.format(Locale.ROOT, ", repetition penalty %.2f", s.repetitionPenalty()) : "");
    }
}
