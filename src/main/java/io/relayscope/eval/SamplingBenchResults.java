package io.relayscope.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats the sampling rows of the benchmark for the terminal and for docs/results/bench-sampling.md. */
public final class SamplingBenchResults {
    /** The file {@link #write} writes in the results folder. */
    public static final String MARKDOWN = "bench-sampling.md";

    private SamplingBenchResults() {
    }

    /** One line per configuration: its ratio to the argmax pass, its microseconds, target and whether it is met. */
    public static List<String> lines(Map<String, Object> r) {
        List<String> out = new ArrayList<>();
        double argmax = BenchResults.d(r, "samplingArgmaxMicros");
        for (SamplingBench.Row row : SamplingBench.ROWS) {
            double ratio = BenchResults.d(r, "samplingRatio" + row.key());
            out.add(String.format(Locale.ROOT, "sampling at %,.0f tokens, %s: %.2fx one argmax pass (%.1f vs %.1f µs)  target <= %.0f %s",
                    BenchResults.d(r, "samplingVocab"), row.label(), ratio, BenchResults.d(r, "sampling" + row.key() + "Micros"),
                    argmax, SamplingBench.TARGET, ratio <= SamplingBench.TARGET ? "[met]" : "[MISSED]"));
        }
        return out;
    }

    /** Writes bench-sampling.md into the folder; returns its path. */
    public static Path write(Path dir, Map<String, Object> r, MachineInfo machine) throws IOException {
        StringBuilder md = new StringBuilder("# Benchmark: sampling at a 151,936-token vocabulary (issue 10, point 4)\n\n");
        md.append("Measured ").append(machine.line())
                .append(", with `java -jar target/relayscope.jar bench --sampling-only --write-results`.\n\n");
        md.append("Per-token work outside the forward: the distribution the trace records (probability of the chosen token, "
                + "entropy, top-5) plus the sampler's draw, against one plain argmax pass over the same logits, "
                + "measured in the same rounds.\n\n");
        md.append("| configuration | µs per token | ratio to argmax | target | met | heap bytes per token |\n|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| plain argmax pass (the baseline) | %.1f | 1 | - | - | 0 |%n", BenchResults.d(r, "samplingArgmaxMicros")));
        for (SamplingBench.Row row : SamplingBench.ROWS) {
            double ratio = BenchResults.d(r, "samplingRatio" + row.key());
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | <= %.0f | %s | %.0f |%n", row.label(),
                    BenchResults.d(r, "sampling" + row.key() + "Micros"), ratio, SamplingBench.TARGET,
                    ratio <= SamplingBench.TARGET ? "yes" : "**no**", BenchResults.d(r, "sampling" + row.key() + "AllocatedBytes")));
        }
        md.append(String.format(Locale.ROOT, "%nResident memory of the benchmark process afterwards: %.0f MB.%n",
                BenchResults.d(r, "residentMegabytes")));
        md.append(String.format(Locale.ROOT, "%nHow: %.0f logit rows of %,.0f entries, %s; %.0f rounds, the first quarter warm-up; in "
                + "each round every configuration runs once per row right after an argmax pass over that row, and a round's "
                + "ratio is the median time of the configuration over the median argmax time (medians, so that a time slice "
                + "lost to another process does not count); the table gives the median over rounds.%n",
                BenchResults.d(r, "samplingRows"), BenchResults.d(r, "samplingVocab"), ZipfLogits.DESCRIPTION,
                BenchResults.d(r, "samplingRounds")));
        Path file = dir.resolve(MARKDOWN);
        ResultsFiles.writeText(file, md.toString());
        return file;
    }
}
