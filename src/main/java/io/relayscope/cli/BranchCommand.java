package io.relayscope.cli;

import io.relayscope.engine.ForcedPrefix;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.engine.UserFacingException;
import io.relayscope.trace.Alternative;
import io.relayscope.trace.AtomicFiles;
import io.relayscope.trace.BranchLink;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.SaveTarget;
import io.relayscope.trace.Session;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code branch FILE --at N}: decodes a branch of one run of a trace or session file, as the app's "Continue from
 * here with ..." does (the run's tokens before N kept, another token forced at N, each model catching up on the
 * prefix in one forward), and writes the session with the branch added to its tree (format 1.2).
 */
@Command(name = "branch", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Decode a branch of a run: its tokens before --at kept, another token forced there (an alternative "
                + "the model considered, or --token), the rest decoded with the run's settings; the session with the "
                + "branch in its tree is written to --out (format 1.2).")
public final class BranchCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a trace or session file")
    Path file;

    @Option(names = "--run", paramLabel = "R", description = "which run of a session to branch (default: the one it shows)")
    Integer run;

    @Option(names = "--at", paramLabel = "N", required = true,
            description = "the token index (prompt included, as the app's pop-up shows it) where the branch starts")
    int at;

    @Option(names = "--alternative", paramLabel = "K", defaultValue = "1",
            description = "force the K-th most likely token the model considered there, after the one it wrote "
                    + "(default ${DEFAULT-VALUE})")
    int alternative;

    @Option(names = "--token", paramLabel = "ID", description = "force this token id instead of an alternative")
    Integer token;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the session file to write (may be FILE)")
    Path out;

    @Mixin
    ModelOptions models;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        SaveTarget target = AtomicFiles.checkTarget(out); // before any work: a bad --out loses nothing
        Session session = TraceCodec.readSession(file);
        int parentIndex = run != null ? run : session.shown();
        if (parentIndex < 0 || parentIndex >= session.runs().size()) {
            throw new CommandLine.ParameterException(cl, "--run " + parentIndex + " is not a run of " + file + " (0 to "
                    + (session.runs().size() - 1) + ")");
        }
        Trace parent = session.runs().get(parentIndex);
        if (at < 0 || at >= parent.tokens().size()) {
            throw new CommandLine.ParameterException(cl, "--at " + at + " is not a token of run " + parentIndex + " (0 to "
                    + (parent.tokens().size() - 1) + ")");
        }
        TokenRecord there = parent.tokens().get(at);
        int forced = token != null ? token : alternative(cl, there);
        ForcedPrefix start = ForcedPrefix.of(parent, at, forced);
        Trace child;
        try (ModelPair pair = models.open()) {
            ModelOptions.describeRemote(pair, main.err());
            child = new RelayEngine(pair).run(RelayRequest.of(parent.header()), start,
                    io.relayscope.engine.RelayListener.NONE, new RunControl());
        }
        if (child.summary().finishReason() == FinishReason.ERROR) {
            throw new UserFacingException(child.summary().error() == null ? "decoding failed" : child.summary().error());
        }
        List<Trace> runs = new ArrayList<>(session.runs());
        runs.add(child);
        List<BranchLink> links = new ArrayList<>(session.branches());
        String text = child.tokens().get(at).text();
        links.add(new BranchLink(runs.size() - 1, parentIndex, at, forced, text));
        Session grown = new Session(runs, links, session.compare(), session.shown());
        TraceCodec.writeSession(grown, target.file());
        main.out().println("run " + (runs.size() - 1) + ": branch of run " + parentIndex + " at token " + at + ", '"
                + there.text() + "' -> '" + text + "'; " + Summaries.line(child.summary()));
        main.out().println("session: " + out + " (" + runs.size() + " runs, " + links.size() + " branches)");
        return 0;
    }

    /** The K-th most likely token the writer considered at the position, other than the one it wrote. */
    private int alternative(CommandLine cl, TokenRecord there) {
        List<Alternative> others = there.alternatives().stream().filter(a -> a.id() != there.id()).toList();
        if (alternative < 1 || alternative > others.size()) {
            throw new CommandLine.ParameterException(cl, "--alternative " + alternative + ": token " + there.index()
                    + " records " + others.size() + " other candidates" + (others.isEmpty() ? "; give --token ID" : " (1 to "
                    + others.size() + ")"));
        }
        return others.get(alternative - 1).id();
    }
}
