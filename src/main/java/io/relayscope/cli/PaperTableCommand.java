package io.relayscope.cli;

import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.eval.Datasets;
import io.relayscope.eval.EvalSettings;
import io.relayscope.eval.Json;
import io.relayscope.eval.MachineInfo;
import io.relayscope.eval.PaperTable;
import io.relayscope.eval.PaperTableReport;
import io.relayscope.eval.Problem;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SaveFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code paper-table}: the paper's comparison on the demo models; writes docs/results/paper-table.md and the frontier PNG. */
@Command(name = "paper-table", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "SLM alone, LLM alone, the relay pair, and the confidence / token-level random routers swept to the relay's "
                + "LLM token ratio and the query-level random router swept to its accuracy; writes paper-table.md and a PNG.")
public final class PaperTableCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "FILE", description = "jsonl problems (default: the demo arith-test.jsonl)")
    Path dataset;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "only the first N problems (default: all)")
    int limit;

    @Option(names = "--slm", paramLabel = "DIR", description = "base SLM for the baselines and routers (default: the demo base SLM)")
    Path slm;

    @Option(names = "--relay-slm", paramLabel = "DIR", description = "relay-trained SLM (default: the demo relay SLM when present, else the base SLM)")
    Path relaySlm;

    @Option(names = "--llm", paramLabel = "DIR", description = "large model (default: the demo large model)")
    Path llm;

    @Option(names = "--nocall-slm", paramLabel = "DIR", description = "the paper's no-call baseline: the base SLM trained on "
            + "the relay warm-up's data and steps without calls (default: the demo no-call SLM when present); adds its rows "
            + "alone and under the confidence and token-level random routers")
    Path nocallSlm;

    @Option(names = "--call-tokens", paramLabel = "N", description = "tokens per call of the routers (default: the relay's mean per call)")
    Integer callTokens;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    LimitOptions limits;

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "docs/results", description = "where to write (default ${DEFAULT-VALUE})")
    Path resultsDir;

    @Option(names = "--json", description = "end the output with one line of JSON holding the headline numbers")
    boolean json;

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (limit < 0 || (callTokens != null && callTokens < 1)) {
            throw new CommandLine.ParameterException(cl, "--limit must be 0 (all) or positive and --call-tokens at least 1");
        }
        // before the problems are read and the models open: a bad folder costs a second, not the whole table
        SaveFolder.check(resultsDir, "--results-dir", List.of(PaperTableReport.MARKDOWN, PaperTableReport.PNG));
        sampling.slm(cl); // flag errors before any model loads
        sampling.llm(cl);
        io.relayscope.trace.Limits limitSpec = limits.limits(cl);
        Path file = dataset != null ? dataset : DemoModels.dataset("arith-test.jsonl");
        List<Problem> problems = Datasets.read(file, limit);
        Path base = slm != null ? slm : DemoModels.slmBase();
        Path relay = relaySlm != null ? relaySlm : DemoModels.defaultSlm();
        Path large = llm != null ? llm : DemoModels.llm();
        PaperTable.Result result;
        java.util.Optional<Path> nocall = nocallSlm != null ? java.util.Optional.of(nocallSlm) : DemoModels.slmNocall();
        try (ModelPair basePair = ModelPair.open(base, large)) {
            boolean same = base.toAbsolutePath().normalize().equals(relay.toAbsolutePath().normalize());
            try (ModelPair relayPair = same ? null : ModelPair.open(relay, large);
                 ModelPair nocallPair = nocall.isPresent() ? ModelPair.open(nocall.get(), large) : null) {
                // each pair decodes as run would: its models' generation_config.json defaults, flags on top
                EvalSettings settings = sampling.settings(cl, new PolicySpec(io.relayscope.engine.Policies.SLM_ONLY, null), basePair, limitSpec);
                main.err().println(RunHeader.samplingLine(basePair, settings.slmSampling(), settings.llmSampling()));
                EvalSettings relaySettings = settings;
                if (!same) {
                    relaySettings = sampling.settings(cl, settings.policy(), relayPair, limitSpec);
                    main.err().println(RunHeader.samplingLine(relayPair, relaySettings.slmSampling(), relaySettings.llmSampling()));
                }
                result = new PaperTable(basePair, same ? basePair : relayPair, java.util.Optional.ofNullable(nocallPair),
                        file.getFileName().toString(), problems, settings, relaySettings, callTokens,
                        new ProgressBar(main.err(), !noProgress)).run();
            }
        }
        String command = "java -jar target/relayscope.jar paper-table" + (limit > 0 ? " --limit " + limit : "");
        Path md = PaperTableReport.write(resultsDir, result, MachineInfo.current(), command);
        var o = main.out();
        for (PaperTable.Row row : result.rows()) {
            o.println(String.format(Locale.ROOT, "%-50s accuracy %5.1f%%  LLM token ratio %6.2f%%  (%s)", row.method(),
                    100 * row.accuracy(), 100 * row.ratio(), row.setting()));
        }
        o.println(String.format(Locale.ROOT, "gap closed %s | cost reduction vs matched query router %s | relay vs token router at the same budget %+.1f points",
                pct(result.gapClosed()), pct(result.costReduction()), 100 * (result.relayAccuracy() - result.randomTokenAccuracy())));
        o.println("wrote " + md + " and " + resultsDir.resolve(PaperTableReport.PNG));
        if (json) {
            o.println(Json.line(PaperTableReport.json(result)));
        }
        o.flush();
        return 0;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
