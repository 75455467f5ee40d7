package io.relayscope.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a child process in the middle of saving a large trace, at random moments: the target is always the
 * whole previous save (never partial), and the next start ({@link AtomicFiles#checkTarget}, what `run --out` and
 * every save do first) removes the killed writer's temporary file. {@code -Drelayscope.killTries=N} for the figures.
 */
class KillDuringSaveTest {
    static final int KILLS = Integer.getInteger("relayscope.killTries", 6);
    static final int TOKENS = 60_000;

    @TempDir
    Path dir;

    @Test
    void killNineDuringSavesNeverLeavesAPartialTargetAndTheNextStartRemovesTheTempFile() throws Exception {
        Path target = dir.resolve("big.json");
        Trace expected = TraceSamples.large(TOKENS, 7);
        Random random = new Random(14);
        int tempsSeen = 0;
        for (int k = 0; k < KILLS; k++) {
            Process child = start(target);
            try {
                waitForSave(child);
                waitForTemp(); // a later save has begun
                Thread.sleep(random.nextInt(300)); // somewhere in it (or just after it)
                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(TraceCodec.read(target)).as("kill " + k + ": the target is a whole save").isEqualTo(expected);
            List<String> left = temps();
            tempsSeen += left.size();
            Thread.sleep(250); // the grace for a just-created, still empty temp file
            AtomicFiles.checkTarget(target); // the next start
            assertThat(temps()).as("kill " + k + ": temp files after the next start").isEmpty();
        }
        assertThat(tempsSeen).as("some kills hit a save in progress (else the test proves nothing)").isPositive();
        System.out.println("[kill-9] " + KILLS + " kills during saves of a " + Files.size(target) + "-byte trace, " + tempsSeen
                + " left a temp file, 0 partial targets, 0 temp files after the next start");
    }

    private void waitForTemp() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temps().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(2);
        }
    }

    private List<String> temps() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> t = new ArrayList<>();
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).forEach(t::add);
            return t;
        }
    }

    private static Process start(Path target) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                SaveLoop.class.getName(), target.toString(), Integer.toString(TOKENS));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static void waitForSave(Process child) throws Exception {
        var in = child.getInputStream();
        StringBuilder line = new StringBuilder();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("the save loop ended: " + line);
            }
            line.append((char) c);
            if (line.toString().contains("saved 1")) {
                // keep draining so the child never blocks on a full pipe
                Thread t = new Thread(() -> {
                    try {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (java.io.IOException ignored) {
                        // killed
                    }
                });
                t.setDaemon(true);
                t.start();
                return;
            }
        }
        throw new AssertionError("no save within 120 s: " + line);
    }
}
