package io.relayscope.cli;

import io.relayscope.trace.ModelRef;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.Session;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code inspect FILE}: validates a trace or session file and prints its header and summary, and a session's runs and branches. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Validate a trace or session file and print its summary (a session: its runs, compare set and branch tree); "
                + "a bad file exits with status 1 and a one-line reason.")
public final class InspectCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "FILE", description = "a trace written by 'run --out' or the app")
    Path file;

    @Override
    public Integer call() throws Exception {
        Session session = TraceCodec.readSession(file);
        PrintStream out = main.out();
        for (String line : describe(session.runs().get(0), file.toString())) {
            out.println(line);
        }
        for (String line : SessionLines.describe(session)) {
            out.println(line);
        }
        return 0;
    }

    /** What {@code inspect} prints for a trace; every optional field may be absent (null) in a valid file. */
    public static List<String> describe(Trace trace, String name) {
        TraceHeader h = trace.header();
        List<String> lines = new ArrayList<>();
        lines.add("valid trace: " + name + " (format " + h.formatVersion() + ", RelayScope " + orNone(h.appVersion())
                + ", " + orNone(h.createdAt()) + ")");
        for (ModelRef m : h.models()) {
            lines.add("  " + orNone(m.role()) + ": " + orNone(m.name()) + " (" + m.parameterCount() + " parameters, sha256 "
                    + abbreviate(orNone(m.sha256()), 12) + ")");
        }
        PolicySpec p = h.policy();
        String policy = p == null ? "none recorded" : orNone(p.name()) + (p.parameters().isEmpty() ? "" : " " + p.parameters());
        String limits = h.limits() == null ? "none recorded"
                : h.limits().maxNewTokens() + " tokens, " + h.limits().maxCalls() + " calls";
        lines.add("  policy: " + policy + " | seed " + h.seed() + " | limits " + limits);
        lines.add("  prompt: " + abbreviate(orNone(h.prompt()).replace('\n', ' '), 100));
        if (h.promptSpec().recorded() && h.slmSampling() != null && h.llmSampling() != null) {
            io.relayscope.trace.PromptSpec ps = h.promptSpec();
            lines.add("  prompt format: " + ps.format() + (ps.template().isEmpty() ? "" : " (" + ps.template() + ")")
                    + (ps.system().isEmpty() ? "" : ", system prompt") + ("default".equals(ps.thinking()) ? "" : ", thinking " + ps.thinking())
                    + " | sampling slm " + io.relayscope.engine.GenerationDefaults.describe(h.slmSampling())
                    + ", llm " + io.relayscope.engine.GenerationDefaults.describe(h.llmSampling()));
        }
        lines.add("  " + trace.tokens().size() + " tokens (" + trace.summary().promptTokens() + " prompt), "
                + trace.calls().size() + " call records");
        lines.addAll(Summaries.costs(CostSheet.of(RunCounts.of(trace), Prices.NONE)).lines().toList());
        lines.add(Summaries.line(trace.summary()));
        if (trace.summary().error() != null) {
            lines.add("  error: " + trace.summary().error());
        }
        return lines;
    }

    private static String orNone(String s) {
        return s == null ? "(none)" : s;
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
