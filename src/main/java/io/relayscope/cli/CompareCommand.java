package io.relayscope.cli;

import io.relayscope.eval.Answers;
import io.relayscope.trace.RunAlignment;
import io.relayscope.trace.Session;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.TraceSummary;
import io.relayscope.trace.cost.CostMeasure;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code compare}: several traces side by side, aligned by response position, the first divergence marked, and a table. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Print several traces aligned by response position with the first token where they part marked "
                + "(^), and a table: answer, LLM token ratio, calls, tokens per model, compute, money (with prices), time.")
public final class CompareCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "two or more trace files (.json), or session files "
            + "(their compare set, else all their runs)")
    List<Path> files;

    @CommandLine.Option(names = "--width", paramLabel = "N", defaultValue = "100", description = "characters of each run shown (default ${DEFAULT-VALUE})")
    int width;

    @CommandLine.Option(names = "--session", paramLabel = "FILE", description = "also write the runs, in this order, "
            + "as one session file (format 1.2) whose compare set they are: the app opens it in the compare window")
    Path session;

    @CommandLine.Mixin
    PriceOptions prices;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast(spec.commandLine(), "--width", width, 10);
        Prices price = prices.prices(spec.commandLine());
        io.relayscope.trace.SaveTarget target = session == null ? null
                : io.relayscope.trace.AtomicFiles.checkTarget(session); // before any work: a bad --session loses nothing
        List<Trace> runs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            Session session = TraceCodec.readSession(f);
            List<Integer> chosen = !session.compare().isEmpty() ? session.compare()
                    : java.util.stream.IntStream.range(0, session.runs().size()).boxed().toList();
            for (int r : chosen) {
                runs.add(session.runs().get(r));
                names.add(session.isSingle() ? name(f) : name(f) + "#" + r);
            }
        }
        if (runs.size() < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "compare needs two or more runs; " + files.get(0)
                    + " holds one: give more trace files, or a session file with several runs");
        }
        PrintStream o = main.out();
        Optional<Integer> split = RunAlignment.firstDivergence(runs);
        o.println(split.map(i -> "first divergence at response token " + i).orElse("the runs are the same token for token"));
        int label = Math.max(3, names.stream().mapToInt(String::length).max().orElse(4));
        for (int r = 0; r < runs.size(); r++) {
            List<TokenRecord> response = RunAlignment.response(runs.get(r));
            StringBuilder text = new StringBuilder();
            int caret = -1;
            for (int i = 0; i < response.size() && text.length() < width; i++) {
                if (split.isPresent() && i == split.get()) {
                    caret = text.length();
                }
                TokenRecord t = response.get(i);
                text.append(t.text());
            }
            if (split.isPresent() && caret < 0 && split.get() >= response.size()) {
                caret = text.length();
            }
            String line = text.toString().replace('\n', ' ');
            o.printf(Locale.ROOT, "%-" + label + "s | %s%n", names.get(r), line.length() > width ? line.substring(0, width) : line);
            if (caret >= 0 && caret <= width) {
                o.printf(Locale.ROOT, "%-" + label + "s | %s^%n", "", " ".repeat(caret));
            }
        }
        o.println();
        o.printf(Locale.ROOT, "%-" + label + "s | %-10s | %-9s | %5s | %5s | %5s | %7s | %8s | %12s | %12s%n", "run", "answer",
                "LLM ratio", "calls", "SLM", "LLM", "command", "time s", "compute", "money USD");
        for (int r = 0; r < runs.size(); r++) {
            TraceSummary s = runs.get(r).summary();
            String answer = Answers.extract(io.relayscope.eval.Evaluator.answerText(runs.get(r)));
            CostSheet costs = CostSheet.of(RunCounts.of(runs.get(r)), price);
            String flops = costs.row(CostMeasure.FLOPS).map(x -> CostMeasure.FLOPS.format(x.run())).orElse("-");
            o.printf(Locale.ROOT, "%-" + label + "s | %-10s | %8.2f%% | %5d | %5d | %5d | %7d | %8.2f | %12s | %12s%n", names.get(r),
                    answer == null ? "-" : answer, 100 * s.llmTokenRatio(), s.calls(), s.slmTokens(), s.llmTokens(),
                    s.commandTokens(), s.wallMicros() / 1e6, flops, CostSheet.moneyText(costs.money()));
        }
        if (target != null) {
            TraceCodec.writeSession(new Session(runs, List.of(),
                    java.util.stream.IntStream.range(0, runs.size()).boxed().toList(), 0), target.file());
            o.println("session: " + session + " (" + runs.size() + " runs, all in its compare set)");
        }
        o.flush();
        return 0;
    }

    private static String name(Path f) {
        Path n = f.getFileName();
        return n == null ? f.toString() : n.toString();
    }
}
