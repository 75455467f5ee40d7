package io.relayscope.cli;

import io.relayscope.engine.ModelPair;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.engine.UserFacingException;
import io.relayscope.trace.AtomicFiles;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.SaveTarget;
import io.relayscope.trace.Trace;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;
import io.relayscope.trace.TraceCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code run}: answers one prompt with the relay, streaming coloured tokens, then prints a one-line summary. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        resourceBundle = OptionHelp.BUNDLE,
        description = "Answer one prompt (argument or stdin) with the model pair; tokens are coloured by source: "
                + "SLM blue, LLM vermillion, call tags dim magenta.")
public final class RunCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PROMPT", description = "the question; read from stdin when absent")
    List<String> words;

    @Mixin
    ModelOptions models;

    @Mixin
    PolicyOptions policy;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    LimitOptions limits;

    @Mixin
    PromptOptions promptOptions;

    @Option(names = "--out", paramLabel = "FILE", description = "write the trace (JSON) to FILE, atomically")
    Path out;

    @Mixin
    PriceOptions prices;

    @Option(names = "--shadow", descriptionKey = "sampling." + io.relayscope.trace.sampling.SamplingCatalogue.LLM_OPINION)
    boolean shadow;

    @Option(names = "--no-color", description = "plain text, no ANSI colours (also when the output is not a terminal)")
    boolean noColor;

    @Option(names = "--color", description = "ANSI colours even when the output is not a terminal")
    boolean forceColor;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        String prompt = prompt(cl);
        sampling.slm(cl); // flag errors before any model loads
        sampling.llm(cl);
        io.relayscope.trace.PolicySpec policySpec = policy.spec(cl);
        io.relayscope.trace.Limits limitSpec = limits.limits(cl);
        io.relayscope.engine.PromptStyle promptStyle = promptOptions.style(cl);
        Prices price = prices.prices(cl); // checked before any work, like every option
        SaveTarget target = out == null ? null : AtomicFiles.checkTarget(out); // before any work: a bad --out loses nothing
        if (target != null && target.followedLink()) {
            main.err().println("relayscope: --out " + target.describe());
        }
        boolean color = !noColor && (forceColor || Ansi.auto());
        RunControl control = new RunControl();
        try (RunInterrupts interrupts = RunInterrupts.install(control); ModelPair pair = models.open()) {
            ModelOptions.describeRemote(pair, main.err());
            RelayRequest request = new RelayRequest(prompt, policySpec,
                    sampling.slm(cl, pair.slm().generationDefaults().sampling()),
                    sampling.llm(cl, pair.llm().generationDefaults().sampling()), sampling.seed, limitSpec,
                    promptStyle);
            main.err().println(RunHeader.line(pair, request));
            RunHeader.bridgedPrompts(pair, request).forEach(main.err()::println);
            TokenPrinter printer = new TokenPrinter(main.out(), color);
            Trace run = new RelayEngine(pair).run(request, printer, control);
            printer.finishLine();
            Trace trace = shadow && run.summary().finishReason() != FinishReason.ERROR
                    ? new io.relayscope.engine.ShadowScorer(pair).score(run) : run;
            main.out().print(Summaries.costs(CostSheet.of(RunCounts.of(trace), price)));
            main.out().println(Summaries.line(trace.summary()));
            if (shadow) {
                main.out().println(Summaries.critical(io.relayscope.trace.CriticalTokens.of(trace)));
            }
            main.out().flush();
            if (target != null) {
                TraceCodec.write(trace, target.file());
            }
            if (trace.summary().finishReason() == FinishReason.ERROR) {
                throw new UserFacingException(trace.summary().error() == null ? "decoding failed" : trace.summary().error());
            }
            if (interrupts.interrupted()) {
                main.err().println("relayscope: run cancelled" + (target == null ? "" : "; the cancelled trace is saved in " + out));
                return interrupts.exitStatus(0);
            }
        }
        return 0;
    }

    private String prompt(CommandLine cl) throws java.io.IOException {
        if (words != null && !words.isEmpty()) {
            return OptionChecks.nonBlank(cl, "the prompt", String.join(" ", words));
        }
        if (System.console() != null && main.in() == System.in) {
            throw new CommandLine.ParameterException(cl, "no prompt: give it as an argument, or pipe it on stdin");
        }
        String text = Main.readAll(main.in()).strip();
        if (text.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "no prompt: the argument is missing and stdin is empty");
        }
        return text;
    }
}
