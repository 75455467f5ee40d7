package io.relayscope.cli;

import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.eval.Bench;
import io.relayscope.eval.BenchResults;
import io.relayscope.eval.Datasets;
import io.relayscope.eval.Json;
import io.relayscope.eval.MachineInfo;
import io.relayscope.eval.Problem;
import io.relayscope.eval.SamplingBench;
import io.relayscope.eval.SamplingBenchResults;
import io.relayscope.trace.SaveFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench}: engine speed against the bare ONNX Runtime API, KV-cache flatness, relay overhead, hand-over cost. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Measure, on the demo models: engine decode step vs the bare ONNX Runtime Java API (target <= 1.05), "
                + "tokens/s at position 1024 vs 16 (>= 0.85), a relay run vs its SLM and LLM forwards standalone (<= 1.05), "
                + "incremental hand-over vs re-sending the whole context at every call, and per-token sampling work at a "
                + "151,936-token vocabulary vs one argmax pass (<= 5).")
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions models;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "16", description = "measurement rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--prompts", paramLabel = "N", defaultValue = "6", description = "arith-test-v1 questions (the committed demo models' wording) for the relay runs (default ${DEFAULT-VALUE})")
    int prompts;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--sampling-only", description = "measure only the sampling rows (no models needed)")
    boolean samplingOnly;

    @Option(names = "--json", description = "end the output with one line of JSON holding the ratios and raw numbers")
    boolean json;

    @Option(names = "--write-results", description = "write docs/results/bench.md (and bench.json) with date and machine")
    boolean writeResults;

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "docs/results", description = "results folder (default ${DEFAULT-VALUE})")
    Path resultsDir;

    @Override
    public Integer call() throws Exception {
        if (rounds < 4 || prompts < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 4 and --prompts at least 1");
        }
        if (writeResults) { // before the models open: a bad folder costs a second, not the whole benchmark
            SaveFolder.check(resultsDir, "--results-dir", samplingOnly ? List.of(SamplingBenchResults.MARKDOWN)
                    : List.of(BenchResults.MARKDOWN, BenchResults.JSON, SamplingBenchResults.MARKDOWN));
        }
        Path data = DemoModels.dataset("arith-test-v1.jsonl");
        List<String> questions = Files.isRegularFile(data)
                ? Datasets.read(data, prompts).stream().map(Problem::question).toList()
                : List.of("Tom has 32 stamps, sells 17 and gives away 12. How many?");
        PrintStream o = main.out();
        Map<String, Object> result = new LinkedHashMap<>();
        if (!samplingOnly) {
            sampling.slm(spec.commandLine()); // flag errors before any model loads
            sampling.llm(spec.commandLine());
            try (ModelPair pair = models.open()) {
                io.relayscope.eval.EvalSettings settings = sampling.settings(spec.commandLine(), Bench.RELAY_POLICY, pair,
                        new io.relayscope.trace.Limits(256, 64));
                main.err().println(RunHeader.samplingLine(pair, settings.slmSampling(), settings.llmSampling()));
                result.put("slmSampling", io.relayscope.engine.GenerationDefaults.describe(settings.slmSampling()));
                result.put("llmSampling", io.relayscope.engine.GenerationDefaults.describe(settings.llmSampling()));
                result.putAll(new Bench(pair, questions, rounds, settings.slmSampling(), settings.llmSampling(), s -> {
                    main.err().println("bench: " + s);
                    main.err().flush();
                }).run());
                result.put("slm", pair.slm().name());
                result.put("llm", pair.llm().name());
            }
        }
        main.err().println("bench: sampling at " + SamplingBench.VOCAB + " tokens vs one argmax pass");
        main.err().flush();
        result.putAll(new SamplingBench(Math.max(8, rounds), 4).run());
        MachineInfo machine = MachineInfo.current();
        result.put("machine", machine.toJson());
        if (!samplingOnly) {
            for (String line : BenchResults.lines(result)) {
                o.println(line);
            }
        }
        for (String line : SamplingBenchResults.lines(result)) {
            o.println(line);
        }
        if (writeResults) {
            if (!samplingOnly) {
                o.println("results: " + BenchResults.write(resultsDir, result, machine));
            }
            o.println("results: " + SamplingBenchResults.write(resultsDir, result, machine));
        }
        if (json) {
            o.println(Json.line(result));
        }
        o.flush();
        return 0;
    }
}
