package io.relayscope.cli;

import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.RelayEngine;
import io.relayscope.eval.Datasets;
import io.relayscope.eval.EvalReport;
import io.relayscope.eval.EvalSettings;
import io.relayscope.eval.Evaluator;
import io.relayscope.eval.Json;
import io.relayscope.eval.MachineInfo;
import io.relayscope.eval.Problem;
import io.relayscope.eval.ResultsFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code eval}: answers a jsonl dataset with a policy and reports accuracy, LLM token ratio, calls, tokens and time. */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Answer every problem of a jsonl dataset and report accuracy (final-answer exact match: 'Answer: N', "
                + "\\boxed{N} or GSM8K '#### N'), the paper's LLM token ratio, calls per problem, tokens per model and time.")
public final class EvalCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "FILE", description = "jsonl with question and answer fields (default: the demo arith-test.jsonl)")
    Path dataset;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "only the first N problems (default: all)")
    int limit;

    @Mixin
    ModelOptions models;

    @Mixin
    PolicyOptions policy;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    LimitOptions limits;

    @Option(names = "--json", description = "end the output with one line of JSON holding the totals")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "write one JSON line per problem (answers, tokens, calls) to FILE")
    Path out;

    @Option(names = "--shadow", description = "score every run with both models' opinion (LLM opinion) and report the "
            + "critical tokens (the models' top choices differ), call precision and call recall")
    boolean shadow;

    @Option(names = "--session", paramLabel = "FILE", description = "also write every problem's trace, in dataset "
            + "order, to one session file (format 1.2; at most " + io.relayscope.trace.Session.MAX_RUNS + " problems)")
    Path session;

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    @Option(names = "--write-results", description = "also write the report with date and machine to the results folder")
    boolean writeResults;

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "docs/results", description = "results folder (default ${DEFAULT-VALUE})")
    Path resultsDir;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (limit < 0) {
            throw new CommandLine.ParameterException(cl, "--limit must be 0 (all) or positive, not " + limit);
        }
        sampling.slm(cl); // flag errors before any model loads
        sampling.llm(cl);
        io.relayscope.trace.PolicySpec policySpec = policy.spec(cl);
        io.relayscope.trace.Limits limitSpec = limits.limits(cl);
        Path file = dataset != null ? dataset : DemoModels.dataset("arith-test.jsonl");
        List<Problem> problems = Datasets.read(file, limit);
        if (out != null) {
            io.relayscope.trace.AtomicFiles.checkTarget(out); // before the evaluation: a bad --out loses nothing
        }
        if (session != null) {
            io.relayscope.trace.AtomicFiles.checkTarget(session);
            if (problems.size() > io.relayscope.trace.Session.MAX_RUNS) {
                throw new CommandLine.ParameterException(cl, "--session holds at most " + io.relayscope.trace.Session.MAX_RUNS
                        + " runs; this evaluation has " + problems.size() + " problems (use --limit)");
            }
        }
        if (writeResults) {
            io.relayscope.trace.SaveFolder.check(resultsDir, "--results-dir", List.of(
                    ResultsFiles.evalMarkdownName(file.getFileName().toString(), policySpec.name())));
        }
        EvalReport report;
        List<io.relayscope.trace.Trace> traces = new java.util.ArrayList<>();
        try (ModelPair pair = models.open()) {
            EvalSettings settings = sampling.settings(cl, policySpec, pair, limitSpec);
            main.err().println(RunHeader.samplingLine(pair, settings.slmSampling(), settings.llmSampling()));
            report = new Evaluator(new RelayEngine(pair), shadow, traces::add).evaluate(settings.policy().name(), file.getFileName().toString(),
                    problems, settings, new ProgressBar(main.err(), !noProgress));
        }
        PrintStream o = main.out();
        for (String line : lines(report)) {
            o.println(line);
        }
        if (out != null) {
            ResultsFiles.writeProblems(out, report);
            o.println("per-problem results: " + out);
        }
        if (session != null) {
            io.relayscope.trace.TraceCodec.writeSession(new io.relayscope.trace.Session(traces, List.of(), List.of(), 0), session);
            o.println("session of " + traces.size() + " runs: " + session);
        }
        if (writeResults) {
            Path written = ResultsFiles.writeEvalMarkdown(resultsDir, report, MachineInfo.current());
            o.println("results: " + written);
        }
        if (json) {
            o.println(Json.line(report.toJson()));
        }
        o.flush();
        return 0;
    }

    /** The human-readable report. */
    static List<String> lines(EvalReport r) {
        List<String> lines = new java.util.ArrayList<>(List.of(
                String.format(Locale.ROOT, "%s on %s (%d problems), SLM %s, LLM %s", r.settings().policy().name()
                        + (r.settings().policy().parameters().isEmpty() ? "" : " " + r.settings().policy().parameters()),
                        r.dataset(), r.problems(), r.slm(), r.llm()),
                String.format(Locale.ROOT, "accuracy %.1f%% (%d/%d) | LLM token ratio %.2f%% | calls %d (%.2f per problem)",
                        100 * r.accuracy(), r.correct(), r.problems(), 100 * r.llmTokenRatio(), r.calls(), r.callsPerProblem()),
                String.format(Locale.ROOT, "tokens: slm %d · llm %d · command %d | wall %.2f s", r.slmTokens(), r.llmTokens(),
                        r.commandTokens(), r.wallMicros() / 1e6)));
        if (r.shadowScored()) {
            lines.add(Summaries.critical(r.critical()));
        }
        return lines;
    }
}
