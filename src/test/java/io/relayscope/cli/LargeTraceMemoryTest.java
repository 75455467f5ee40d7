package io.relayscope.cli;

import io.relayscope.trace.BigTraceFiles;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Very large traces stay within the heap: under -Xmx512m a 6M-token file is refused with one line long before
 * memory runs out, and a 1M-token file opens. The reader's memory estimate is checked against the heap it really
 * takes (it must never be lower, or the guard could be late).
 */
class LargeTraceMemoryTest {
    @TempDir
    Path dir;

    @Test
    void sixMillionTokensUnder512MbAreRefusedWithOneLineAndOneMillionOpen() throws Exception {
        Path big = BigTraceFiles.write(dir.resolve("six-million.json"), 6_000_000, 0);
        long start = System.nanoTime();
        try (ChildCli child = ChildCli.cli("512m", "inspect", big.toString())) {
            int status = child.waitFor(300);
            double seconds = (System.nanoTime() - start) / 1e9;
            String err = child.err().strip();
            assertThat(status).as(err).isEqualTo(Main.USER_ERROR);
            RunCommandTest.assertOneLine(err);
            assertThat(err).startsWith("relayscope: six-million.json: the trace is too large for this Java heap")
                    .contains("-Xmx").doesNotContain("OutOfMemory");
            System.out.println("[large] 6,000,000 tokens (" + (Files.size(big) >> 20) + " MB) under -Xmx512m: refused in "
                    + String.format("%.1f", seconds) + " s: " + err);
        }
        Files.delete(big);

        Path fits = BigTraceFiles.write(dir.resolve("one-million.json"), 1_000_000, 0);
        try (ChildCli child = ChildCli.cli("512m", "inspect", fits.toString())) {
            int status = child.waitFor(300);
            assertThat(status).as(child.err()).isZero();
            assertThat(child.out()).contains("1000000 tokens");
        }
    }

    @Test
    void theReadersEstimateIsNeverBelowTheHeapATraceReallyTakes() throws Exception {
        for (int alternatives : new int[] {0, 5}) {
            Path file = BigTraceFiles.write(dir.resolve("t" + alternatives + ".json"), 300_000, alternatives);
            long before = liveHeap();
            Trace trace = TraceCodec.read(file);
            long after = liveHeap();
            long real = after - before;
            long estimate = 300_000L * (176 + 2 * 2 + 2) + 299_990L * alternatives * (88 + 2 * 3);
            System.out.println("[large] " + alternatives + " alternatives: " + real / 300_000 + " heap bytes per token measured, "
                    + estimate / 300_000 + " estimated; file " + Files.size(file) / 300_000 + " bytes per token");
            assertThat(estimate).as("estimate vs measured heap, " + alternatives + " alternatives").isGreaterThanOrEqualTo(real);
            assertThat(trace.tokens()).hasSize(300_000);
        }
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
