package io.relayscope.app;

import io.relayscope.app.service.RecoveryFiles;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's view models on the real demo models, without the JavaFX runtime (injected frame clock and UI
 * executor): run and reload exclude each other, the frame clock runs only while there is work, closing during a
 * run asks, and a crash during a run loses at most the last few seconds (autosave, offered at the next start).
 * {@code -Drelayscope.crashTries=N} repeats the crash N times (the figures in docs/results/reliability.md).
 */
class AppReliabilityTest {
    static final int CRASHES = Integer.getInteger("relayscope.crashTries", 2);

    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        AppFixture.requireDemoModels();
    }

    @Test
    void runAndReloadExcludeEachOtherAndTheFrameClockRunsOnlyWhileThereIsWork() throws Exception {
        HeadlessApp.LongRunModels models = new HeadlessApp.LongRunModels();
        try (HeadlessApp app = new HeadlessApp(models, RecoveryFiles.none())) {
            var vm = app.vm;
            assertThat(vm.framesRunning()).as("idle: no frames").isFalse();
            models.openDelayMillis = 400;
            vm.models().loadDemo();
            assertThat(vm.models().loadingProperty().get()).isTrue();
            assertThat(vm.commands().canRun().get()).as("Run is disabled while the models load").isFalse();
            vm.run(); // the shortcut path: the same rule refuses
            assertThat(vm.runningProperty().get()).isFalse();
            app.pumpUntil(60, "models loaded", () -> vm.models().loaded() != null && !vm.models().loadingProperty().get());
            assertThat(vm.framesRunning()).isFalse();
            assertThat(app.dialogs.errors()).isEmpty();

            vm.settings().maxNewTokensProperty().set(100_000);
            vm.run();
            assertThat(vm.runningProperty().get()).isTrue();
            assertThat(vm.framesRunning()).as("a run: frames drain its events").isTrue();
            assertThat(vm.commands().canChangeModels().get()).as("no reload during a run").isFalse();
            assertThat(vm.commands().canRun().get()).isFalse();
            int opened = models.opened.get();
            vm.models().loadDemo(); // a reload asked for during the run is refused, never closes the pair in use
            vm.models().open(models.demoSlmFolder(), models.demoLlmFolder());
            app.pumpUntil(30, "tokens streaming", () -> vm.session().size() > 200);
            assertThat(models.opened.get()).isEqualTo(opened);
            assertThat(models.closedWhileRunning.get()).isZero();

            vm.stop();
            app.pumpUntil(30, "run stopped", () -> !vm.runningProperty().get());
            assertThat(vm.framesRunning()).as("run over: frames stop").isFalse();
            assertThat(vm.sessionView().currentTrace().orElseThrow().summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(vm.commands().canChangeModels().get()).isTrue();

            vm.replay().play();
            assertThat(vm.framesRunning()).as("a replay plays: frames").isTrue();
            vm.replay().pause();
            assertThat(vm.framesRunning()).isFalse();

            int ticksBefore = app.frames.ticks.get();
            app.pumpFor(200);
            assertThat(app.frames.ticks.get()).as("no frames while idle").isEqualTo(ticksBefore);
            vm.shutdown();
        }
    }

    @Test
    void closingDuringARunAsksFirst() throws Exception {
        try (HeadlessApp app = new HeadlessApp(new HeadlessApp.LongRunModels(), RecoveryFiles.none())) {
            var vm = app.vm;
            vm.models().loadDemo();
            app.pumpUntil(60, "models loaded", () -> vm.models().loaded() != null);
            vm.settings().maxNewTokensProperty().set(100_000);
            vm.run();
            app.pumpUntil(30, "tokens", () -> vm.session().size() > 100);
            app.dialogs.confirmAnswers.add(false);
            assertThat(vm.confirmClose()).as("the user said no").isFalse();
            assertThat(app.dialogs.confirmations).containsExactly("Quit during a run?");
            assertThat(vm.runningProperty().get()).as("the run goes on").isTrue();
            app.dialogs.confirmAnswers.add(true);
            assertThat(vm.confirmClose()).isTrue();
            app.pumpUntil(30, "run stopped", () -> !vm.runningProperty().get());
            vm.shutdown();
        }
    }

    @Test
    void aCrashDuringARunLosesAtMostTheLastFewSecondsAndIsOfferedAtTheNextStart() throws Exception {
        Random random = new Random(14);
        Path folder = dir.resolve("recovery");
        double worstSeconds = 0;
        int worstTokens = 0;
        for (int crash = 0; crash < CRASHES; crash++) {
            long deadPid = deadPid();
            HeadlessApp.LongRunModels models = new HeadlessApp.LongRunModels();
            int atCrash;
            List<TokenRecord> live;
            try (HeadlessApp app = new HeadlessApp(models, new RecoveryFiles(folder, deadPid))) {
                var vm = app.vm;
                vm.models().loadDemo();
                app.pumpUntil(60, "models loaded", () -> vm.models().loaded() != null);
                vm.settings().maxNewTokensProperty().set(1_000_000);
                vm.run();
                app.pumpFor(1500 + random.nextInt(5000));
                // the crash: the UI thread stops here; nothing is shut down or saved from now on
                atCrash = vm.session().size();
                live = List.copyOf(vm.sessionView().currentTrace().orElseThrow().tokens());
                assertThat(vm.autosaves()).as("crash " + crash + ": autosaved during the run").isPositive();
                vm.stop(); // only to free the CPU: its end is never processed (the UI queue is dead)
            }
            Path file = folder.resolve("session-" + deadPid + ".json");
            assertThat(file).as("the recovery file of the crashed process").isRegularFile();

            try (HeadlessApp next = new HeadlessApp(new HeadlessApp.LongRunModels(), new RecoveryFiles(folder))) {
                assertThat(next.vm.offerRecovery()).as("offered and restored").isTrue();
                assertThat(next.dialogs.confirmations).containsExactly("Restore the unsaved session?");
                Trace restored = next.vm.sessionView().currentTrace().orElseThrow();
                assertThat(restored.summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
                assertThat(next.vm.document().dirtyProperty().get()).as("restored = unsaved").isTrue();
                assertThat(file).as("removed once offered").doesNotExist();
                int kept = restored.tokens().size();
                assertThat(kept).isGreaterThan(restored.summary().promptTokens()).isLessThanOrEqualTo(atCrash);
                assertThat(live.subList(0, kept)).as("the restored tokens are the run's").isEqualTo(restored.tokens());
                double lostSeconds = live.subList(kept, atCrash).stream().mapToLong(TokenRecord::latencyMicros).sum() / 1e6;
                worstSeconds = Math.max(worstSeconds, lostSeconds);
                worstTokens = Math.max(worstTokens, atCrash - kept);
                next.vm.shutdown();
            }
            assertThat(next(folder)).as("nothing left to offer after a normal close").isNull();
        }
        System.out.printf("[crash] %d crashes during runs: every one restored at the next start; at most %d tokens, "
                + "%.2f s of decoding lost%n", CRASHES, worstTokens, worstSeconds);
        assertThat(worstSeconds).as("at most a few seconds lost").isLessThan(io.relayscope.app.viewmodel.MainViewModel.AUTOSAVE_NANOS / 1e9 + 2);
    }

    private static Path next(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElse(null);
        }
    }

    /** The pid of a process that has just ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
