package io.relayscope.app;

import io.relayscope.app.service.SampleQuestions;
import io.relayscope.app.view.CompareWindow;
import io.relayscope.app.viewmodel.CompareViewModel;
import io.relayscope.engine.Policies;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.List;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same question, pair and policy give the same run in the main window and in the compare window's Run all, on
 * the real demo pair: token for token, writer for writer, the same calls and answer. A trace recorded with another
 * pair, opened in between and its pair loaded, makes Run all decode with that pair, and the compare window says so
 * (how the README's compare picture once showed the base SLM's run beside the relay SLM's).
 */
@ExtendWith(ApplicationExtension.class)
class CompareMatchesMainRunTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    /** What a run wrote, token by token: id and writer (latencies differ between any two runs). */
    private static List<String> written(Trace t) {
        return t.tokens().stream().map(r -> r.id() + ":" + r.source()).toList();
    }

    /** Where each call was, what it asked for and got (latencies differ). */
    private static List<String> calls(Trace t) {
        return t.calls().stream().map(c -> c.position() + ":" + c.requested() + ":" + c.delivered() + ":" + c.reason()).toList();
    }

    private static String pair(Trace t) {
        return String.join(" + ", t.header().models().stream().map(ModelRef::name).toList());
    }

    private Trace runInMainWindow(FxRobot robot, String policy) {
        fxRun(() -> app.vm.settings().policyProperty().set(policy));
        robot.clickOn("#runButton");
        app.waitIdle(120);
        return fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
    }

    private List<Trace> runAll(FxRobot robot, CompareWindow window, List<String> policies) {
        fxRun(() -> app.vm.compare().policies().forEach(c -> c.selected().set(policies.contains(c.name()))));
        robot.clickOn("#compareRunAll");
        waitFor(180, () -> !app.vm.compare().runningProperty().get() && app.vm.compare().lanes().size() == policies.size());
        app.waitIdle(30);
        return fx(() -> app.vm.compare().lanes().stream().map(CompareViewModel.Lane::trace).toList());
    }

    @Test
    void runAllDecodesWhatTheMainWindowDecodesAndNamesThePair(FxRobot robot) throws Exception {
        app.loadDemoModels();
        fxRun(() -> app.vm.settings().promptProperty().set(SampleQuestions.FIRST_MINUTE));
        Trace relay = runInMainWindow(robot, Policies.MODEL_COMMAND);
        Trace confidence = runInMainWindow(robot, Policies.CONFIDENCE);
        assertThat(relay.calls()).as("the first-minute question shows a relay in the main window").isNotEmpty();

        CompareWindow window = fx(() -> app.view.showCompare());
        List<Trace> lanes = runAll(robot, window, List.of(Policies.MODEL_COMMAND, Policies.CONFIDENCE));
        assertThat(lanes).extracting(t -> t.header().policy()).containsExactly(relay.header().policy(),
                confidence.header().policy());
        for (int i = 0; i < 2; i++) {
            Trace main = i == 0 ? relay : confidence;
            Trace lane = lanes.get(i);
            assertThat(lane.header().models()).as("the pair").isEqualTo(main.header().models());
            assertThat(lane.header().promptText()).as("the prompt as fed").isEqualTo(main.header().promptText());
            assertThat(lane.header().slmSampling()).isEqualTo(main.header().slmSampling());
            assertThat(lane.header().llmSampling()).isEqualTo(main.header().llmSampling());
            assertThat(lane.header().seed()).isEqualTo(main.header().seed());
            assertThat(lane.header().limits()).isEqualTo(main.header().limits());
            assertThat(written(lane)).as(main.header().policy().name() + ": the tokens and their writers")
                    .isEqualTo(written(main));
            assertThat(calls(lane)).isEqualTo(calls(main));
            assertThat(lane.summary().responseText()).isEqualTo(main.summary().responseText());
        }
        assertThat(fx(() -> app.vm.compare().statusProperty().get())).endsWith(" with " + pair(relay) + ".");

        // a sample recorded with another pair, opened and its pair loaded: Run all now decodes with that pair, says
        // so, and still gives what the main window gives with it
        Path other = Path.of("sample-sessions/confidence.json");
        Trace sample = TraceCodec.read(other);
        assertThat(sample.header().models()).as(other + " is recorded with another pair than the demo pair")
                .isNotEqualTo(relay.header().models());
        fxRun(() -> app.vm.document().openFile(other));
        app.waitIdle(60);
        waitFor(60, () -> fx(() -> app.vm.models().loaded() != null
                && app.vm.models().loaded().slmFolder().endsWith(Path.of(sample.header().models().get(0).path()).getFileName())));
        app.waitIdle(60);
        fxRun(() -> {
            app.vm.document().newSession();
            app.vm.settings().promptProperty().set(SampleQuestions.FIRST_MINUTE);
        });
        Trace mainOther = runInMainWindow(robot, Policies.MODEL_COMMAND);
        assertThat(pair(mainOther)).isEqualTo(pair(sample));
        List<Trace> otherLanes = runAll(robot, window, List.of(Policies.MODEL_COMMAND));
        assertThat(written(otherLanes.get(0))).isEqualTo(written(mainOther));
        assertThat(fx(() -> app.vm.compare().statusProperty().get())).endsWith(" with " + pair(sample) + ".");
        fxRun(() -> window.stage().close());
    }
}
