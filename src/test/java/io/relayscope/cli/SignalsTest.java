package io.relayscope.cli;

import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP sent for real to a CLI child process in the middle of decoding: each
 * leaves a valid trace that says CANCELLED and holds the tokens written so far. {@code -Drelayscope.signalTries=N}
 * repeats each signal N times (the figures in docs/results/reliability.md).
 */
class SignalsTest {
    static final int TRIES = Integer.getInteger("relayscope.signalTries", 2);

    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        Cli.requireDemoModels();
    }

    @Test
    void interruptTerminateAndHangUpSaveTheCancelledTrace() throws Exception {
        int tries = 0;
        for (int i = 0; i < TRIES; i++) {
            for (String signal : new String[] {"INT", "TERM", "HUP"}) {
                Path out = dir.resolve(signal + "-" + i + ".json");
                try (ChildCli child = longRun(out)) {
                    assertThat(child.awaitOutput(40, 60_000)).as("decoding started; stderr: " + child.err()).isTrue();
                    assertThat(child.isAlive()).as("still decoding when the signal goes; stderr: " + child.err()).isTrue();
                    child.signal(signal);
                    int status = child.waitFor(60);
                    String why = signal + " try " + i + ": status " + status + ", stderr: " + child.err();
                    if (!signal.equals("HUP")) {
                        assertThat(status).as(why).isEqualTo(signal.equals("INT") ? 130 : 143);
                        assertThat(child.err()).as(why).contains("the cancelled trace is saved in " + out);
                    }
                    Trace trace = TraceCodec.read(out);
                    assertThat(trace.summary().finishReason()).as(why).isEqualTo(FinishReason.CANCELLED);
                    assertThat(trace.tokens().size()).as(why).isGreaterThan(trace.summary().promptTokens());
                    tries++;
                }
            }
        }
        System.out.println("[signals] " + tries + " signals, " + tries + " cancelled traces saved, 0 runs lost");
    }

    @Test
    void aSecondInterruptStopsAtOnceAndNeverLeavesAPartialFile() throws Exception {
        Path out = dir.resolve("twice.json");
        try (ChildCli child = longRun(out)) {
            assertThat(child.awaitOutput(40, 60_000)).as(child.err()).isTrue();
            assertThat(child.isAlive()).as("still decoding when the signal goes; stderr: " + child.err()).isTrue();
            child.signal("INT");
            child.signal("INT");
            int status = child.waitFor(30);
            assertThat(status).as(child.err()).isEqualTo(130);
        }
        if (Files.exists(out)) {
            assertThat(TraceCodec.read(out).summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") && !n.isEmpty()).count())
                    .as("temp files are removed by the next save, not by a halted JVM; at most one").isLessThanOrEqualTo(1);
        }
    }

    /**
     * A run that goes on for many seconds: no end-of-sequence, a big token budget, every token from the large model
     * (the small one alone reaches the 8,192-position limit in a few seconds on an idle machine, before the signal).
     */
    private static ChildCli longRun(Path out) throws Exception {
        return ChildCli.cli("256m", "run", "--no-color", "--ignore-eos", "--max-new-tokens", "200000", "--policy", "llm-only",
                "--out", out.toString(), "Tom has 32 stamps and buys 17 more. How many?");
    }
}
