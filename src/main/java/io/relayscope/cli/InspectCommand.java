package io.relayscope.cli;

import io.relayscope.trace.ModelRef;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code inspect FILE}: validates a trace file and prints its header and summary. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Validate a trace file and print its summary; a bad file exits with status 1 and a one-line reason.")
public final class InspectCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "FILE", description = "a trace written by 'run --out' or the app")
    Path file;

    @Override
    public Integer call() throws Exception {
        Trace trace = TraceCodec.read(file);
        TraceHeader h = trace.header();
        PrintStream out = main.out();
        out.println("valid trace: " + file + " (format " + h.formatVersion() + ", RelayScope " + h.appVersion()
                + ", " + h.createdAt() + ")");
        for (ModelRef m : h.models()) {
            out.println("  " + m.role() + ": " + m.name() + " (" + m.parameterCount() + " parameters, sha256 "
                    + abbreviate(m.sha256(), 12) + ")");
        }
        out.println("  policy: " + h.policy().name() + (h.policy().parameters().isEmpty() ? "" : " " + h.policy().parameters())
                + " | seed " + h.seed() + " | limits " + h.limits().maxNewTokens() + " tokens, " + h.limits().maxCalls() + " calls");
        out.println("  prompt: " + abbreviate(h.prompt().replace('\n', ' '), 100));
        out.println("  " + trace.tokens().size() + " tokens (" + trace.summary().promptTokens() + " prompt), "
                + trace.calls().size() + " call records");
        out.print(Summaries.costs(CostSheet.of(RunCounts.of(trace), Prices.NONE)));
        out.println(Summaries.line(trace.summary()));
        if (trace.summary().error() != null) {
            out.println("  error: " + trace.summary().error());
        }
        return 0;
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
