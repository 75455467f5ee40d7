package io.relayscope.app;

import io.relayscope.app.service.RecoveryFiles;
import io.relayscope.cli.ChildCli;
import io.relayscope.engine.OrtNatives;
import io.relayscope.trace.BranchLink;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Session;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash of the app during a run, for real: {@link AppCrashChild} (the main window and the app's services in a child
 * JVM) makes a session on the demo models (a run, a branch of it, the two compared), presses Run, and 0-3.5 s after
 * its first autosave this test kills it with SIGKILL. Its recovery file must open as the whole session: both earlier
 * runs, the branch tree and the compare set, and as the run on screen the first tokens of the run in progress; the
 * next start (the app's view model, here in this JVM) must offer it, restore all of it as unsaved work and remove it. Lost: what the child had reported shown
 * at the kill but the recovery file does not hold, in tokens and in their decoding time, and the wall time since the
 * file was last written. {@code -Drelayscope.crashTries=N} repeats it (the figures in docs/results/reliability.md).
 */
class AppCrashTest {
    static final int TRIES = Integer.getInteger("relayscope.crashTries", 1);
    private static final List<String> PASSED_ON = List.of("java.awt.headless", "glass.platform", "monocle.platform",
            "prism.order", "prism.text", "ai.djl.offline");

    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        AppFixture.requireDemoModels();
        OrtNatives.prepare();
        assertThat(System.getProperty(OrtNatives.NATIVE_PATH)).as("the cached ONNX Runtime libraries").isNotNull();
    }

    /** What the child had decoded when it was killed, from its last report. */
    record Decoded(List<Integer> ids, long micros, long autosaves) {
    }

    @Test
    void aKilledAppLosesAtMostTheLastFewSecondsOfItsRunAndTheNextStartRestoresIt() throws Exception {
        Random random = new Random(14);
        int worstTokens = 0;
        double worstDecoding = 0;
        double worstWall = 0;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Path cache = Files.createDirectories(dir.resolve("cache-" + attempt));
            // the ONNX Runtime libraries this JVM extracted (a fresh cache would extract them again: seconds under load)
            String prefsNode = "/relayscope-crash-" + UUID.randomUUID();
            List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-Drelayscope.cache=" + cache, "-D" + OrtNatives.NATIVE_PATH
                    + "=" + System.getProperty(OrtNatives.NATIVE_PATH), "-Drelayscope.prefsNode=" + prefsNode));
            for (String p : PASSED_ON) {
                if (System.getProperty(p) != null) {
                    jvm.add("-D" + p + "=" + System.getProperty(p));
                }
            }
            Decoded atKill;
            long killedAt;
            Path file;
            try (ChildCli child = ChildCli.start(jvm, AppCrashChild.class.getName())) {
                waitFor(child, "pressed Run", 300); // the window and the models: seconds, minutes on an overloaded machine
                // a kill before the run's first autosave loses its first seconds, no more
                waitForAutosave(child, cache.resolve("recovery").resolve("session-" + child.pid() + ".json"), 300);
                Thread.sleep(random.nextInt(3500)); // anywhere in the next autosave interval (3 s) and a little after
                child.signal("KILL");
                killedAt = System.currentTimeMillis();
                atKill = decoded(child.out());
                assertThat(child.waitFor(30)).as("killed by SIGKILL").isEqualTo(137);
                file = cache.resolve("recovery").resolve("session-" + child.pid() + ".json");
            } finally {
                removePreferences(prefsNode);
            }
            assertThat(atKill.autosaves()).as("try " + attempt + ": autosaved during the run").isPositive();
            assertThat(file).as("the recovery file of the killed app").isRegularFile();
            double wall = (killedAt - Files.getLastModifiedTime(file).toMillis()) / 1000.0;

            // the whole session: the run, its branch, the two compared, and on screen the run in progress so far
            Session session = TraceCodec.readSession(file);
            assertThat(session.runs()).as("try " + attempt + ": the runs of the session").hasSize(3);
            assertThat(session.branches()).hasSize(1);
            BranchLink link = session.branches().get(0);
            assertThat(link.run()).isEqualTo(1);
            assertThat(link.parent()).isZero();
            assertThat(link.position()).isEqualTo(session.runs().get(0).summary().promptTokens() + AppCrashChild.BRANCH_AT);
            assertThat(session.runs().get(1).tokens().get(link.position()).id()).as("the forced token in place")
                    .isEqualTo(link.tokenId()).isNotEqualTo(session.runs().get(0).tokens().get(link.position()).id());
            assertThat(session.runs().get(1).tokens().subList(0, link.position()))
                    .isEqualTo(session.runs().get(0).tokens().subList(0, link.position()));
            assertThat(session.compare()).containsExactly(0, 1);
            assertThat(session.shown()).isEqualTo(2);
            assertThat(session.runs().get(0).summary().responseTokens()).isBetween(AppCrashChild.BRANCH_AT + 1, AppCrashChild.FIRST_TOKENS);
            Trace saved = session.runs().get(session.shown()); // the partial trace opens as it is
            assertThat(saved.summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
            int kept = saved.tokens().size();
            assertThat(kept).isGreaterThan(saved.summary().promptTokens()).isLessThanOrEqualTo(atKill.ids().size());
            assertThat(saved.tokens().stream().map(TokenRecord::id).toList()).as("the run's first tokens")
                    .isEqualTo(atKill.ids().subList(0, kept));

            try (HeadlessApp next = new HeadlessApp(new HeadlessApp.LongRunModels(), new RecoveryFiles(cache.resolve("recovery")))) {
                assertThat(next.vm.offerRecovery()).as("offered and restored at the next start").isTrue();
                assertThat(next.dialogs.confirmations).containsExactly("Restore the unsaved session?");
                Trace restored = next.vm.sessionView().currentTrace().orElseThrow();
                assertThat(restored.tokens()).isEqualTo(saved.tokens());
                assertThat(next.vm.branches().tree().size()).as("the branch tree restored").isEqualTo(2);
                assertThat(next.vm.branches().tree().node(1).parent()).isZero();
                assertThat(next.vm.branches().tree().node(1).position()).isEqualTo(link.position());
                assertThat(next.vm.branches().tree().node(1).trace().tokens()).isEqualTo(session.runs().get(1).tokens());
                assertThat(next.vm.compare().lanes()).as("the compare set restored").extracting(l -> l.trace().tokens())
                        .containsExactly(session.runs().get(0).tokens(), session.runs().get(1).tokens());
                assertThat(next.vm.document().dirtyProperty().get()).as("restored = unsaved").isTrue();
                assertThat(file).as("removed once offered").doesNotExist();
                next.vm.shutdown();
            }
            long keptMicros = saved.tokens().stream().mapToLong(t -> Math.max(0, t.latencyMicros())).sum();
            worstTokens = Math.max(worstTokens, atKill.ids().size() - kept);
            worstDecoding = Math.max(worstDecoding, (atKill.micros() - keptMicros) / 1e6);
            worstWall = Math.max(worstWall, wall);
            System.out.printf("[crash] kill %d: %d tokens decoded, %d in the recovery file (%d autosaves); lost %d tokens, "
                    + "%.2f s of decoding; file written %.2f s before the kill%n", attempt, atKill.ids().size(), kept,
                    atKill.autosaves(), atKill.ids().size() - kept, (atKill.micros() - keptMicros) / 1e6, wall);
        }
        System.out.printf("[crash] %d apps killed with SIGKILL during runs: every one restored at the next start; at most "
                + "%d tokens, %.2f s of decoding lost; recovery file at most %.2f s old at the kill%n", TRIES, worstTokens,
                worstDecoding, worstWall);
        double interval = io.relayscope.app.viewmodel.MainViewModel.AUTOSAVE_NANOS / 1e9;
        assertThat(worstDecoding).as("at most a few seconds of decoding lost").isLessThan(interval + 2);
    }

    /** The killed child's throw-away preferences node (best effort: the preferences lock is shared machine-wide). */
    private static void removePreferences(String node) {
        try {
            java.util.prefs.Preferences.userRoot().node(node).removeNode();
        } catch (java.util.prefs.BackingStoreException | IllegalStateException e) {
            // a stale test node is harmless
        }
    }

    private static void waitFor(ChildCli child, String text, long seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!child.out().contains(text)) {
            assertThat(child.process().isAlive()).as("the app child is running; stderr: " + child.err()).isTrue();
            assertThat(System.nanoTime()).as("'" + text.strip() + "' within " + seconds + " s; stderr: " + child.err())
                    .isLessThan(end);
            Thread.sleep(20);
        }
    }

    /**
     * Waits for the first autosave that holds the run in progress: the recovery file with the session's third run (the
     * child's autosave count also counts the writes after the first run, the branch and the compare set, which may
     * land after the endless run has started).
     */
    private static void waitForAutosave(ChildCli child, Path file, long seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!holdsTheRunInProgress(file)) {
            assertThat(child.process().isAlive()).as("the app child is running; stderr: " + child.err()).isTrue();
            assertThat(System.nanoTime()).as("an autosave within " + seconds + " s").isLessThan(end);
            Thread.sleep(20);
        }
    }

    private static boolean holdsTheRunInProgress(Path file) {
        try {
            return Files.isRegularFile(file) && TraceCodec.readSession(file).runs().size() >= 3;
        } catch (Exception e) {
            return false; // not there yet: each write replaces the file whole
        }
    }

    /** The tokens and the decoding time of the child's last complete report. */
    private static Decoded decoded(String out) {
        List<Integer> ids = new ArrayList<>();
        Decoded last = null;
        String[] lines = out.split("\n", -1);
        for (String line : java.util.Arrays.copyOf(lines, lines.length - 1)) { // the last one may be cut off
            String[] f = line.split(" ");
            if (f[0].equals("tok") && f.length == 3) {
                assertThat(Integer.parseInt(f[1])).isEqualTo(ids.size());
                ids.add(Integer.parseInt(f[2]));
            } else if (f[0].equals("run") && f.length == 4 && Integer.parseInt(f[1]) == ids.size()) {
                last = new Decoded(List.copyOf(ids), Long.parseLong(f[2]), Long.parseLong(f[3]));
            }
        }
        assertThat(last).as("the child reported its run").isNotNull();
        return last;
    }
}
