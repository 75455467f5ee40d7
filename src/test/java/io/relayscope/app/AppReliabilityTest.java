package io.relayscope.app;

import io.relayscope.app.service.RecoveryFiles;
import io.relayscope.trace.FinishReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's view models on the real demo models, without the JavaFX runtime (injected frame clock and UI
 * executor): run and reload exclude each other, the frame clock runs only while there is work, and closing during a
 * run asks. A crash during a run, for real (a child JVM killed with SIGKILL), is {@link AppCrashTest}.
 */
class AppReliabilityTest {
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
}
