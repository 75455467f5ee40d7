package io.relayscope.eval;

import io.relayscope.trace.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes evaluation outputs: per-problem jsonl and markdown results with date and machine, atomically. */
public final class ResultsFiles {
    private ResultsFiles() {
    }

    /** One JSON line per problem. */
    public static void writeProblems(Path file, EvalReport report) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (ProblemResult r : report.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", r.line());
            m.put("question", r.question());
            m.put("expected", r.expected());
            m.put("predicted", r.predicted());
            m.put("correct", r.correct());
            m.put("slmTokens", r.slmTokens());
            m.put("llmTokens", r.llmTokens());
            m.put("commandTokens", r.commandTokens());
            m.put("calls", r.calls());
            m.put("finish", r.finish());
            m.put("wallMicros", r.wallMicros());
            m.put("response", r.response());
            sb.append(Json.line(m)).append('\n');
        }
        writeText(file, sb.toString());
    }

    /** {@code eval-<dataset>-<policy>.md} in the folder; returns its path. */
    public static Path writeEvalMarkdown(Path dir, EvalReport r, MachineInfo machine) throws IOException {
        Path file = dir.resolve(evalMarkdownName(r.dataset(), r.settings().policy().name()));
        String md = "# Evaluation: " + r.settings().policy().name() + " on " + r.dataset() + "\n\n"
                + "Measured " + machine.line() + ".\n\n"
                + "| SLM | LLM | policy | problems | accuracy | LLM token ratio | calls/problem | SLM tokens | LLM tokens | command tokens | wall |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n"
                + String.format(Locale.ROOT, "| %s | %s | %s %s | %d | %.1f%% | %.2f%% | %.2f | %d | %d | %d | %.1f s |%n",
                r.slm(), r.llm(), r.settings().policy().name(), r.settings().policy().parameters(), r.problems(),
                100 * r.accuracy(), 100 * r.llmTokenRatio(), r.callsPerProblem(), r.slmTokens(), r.llmTokens(),
                r.commandTokens(), r.wallMicros() / 1e6)
                + "\nSampling: SLM " + io.relayscope.engine.GenerationDefaults.describe(r.settings().slmSampling()) + ", LLM "
                + io.relayscope.engine.GenerationDefaults.describe(r.settings().llmSampling()) + ", seed "
                + r.settings().seed() + ", limits " + r.settings().limits() + ".\n";
        writeText(file, md);
        return file;
    }

    /** The file name of an evaluation's markdown: {@code eval-<dataset>-<policy>.md}. */
    public static String evalMarkdownName(String dataset, String policy) {
        String base = dataset.replaceAll("\\.jsonl$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return "eval-" + base + "-" + policy + ".md";
    }

    /** Writes text atomically, creating the folder. */
    public static void writeText(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
