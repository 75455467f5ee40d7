package io.relayscope.app;

import io.relayscope.app.model.CompareRow;
import io.relayscope.app.service.SampleQuestions;
import io.relayscope.app.view.CompareLanes;
import io.relayscope.app.view.CompareWindow;
import io.relayscope.app.view.Palette;
import io.relayscope.app.view.TimelineView;
import io.relayscope.app.viewmodel.CompareTimeline;
import io.relayscope.app.viewmodel.TimelineViewModel;
import io.relayscope.app.viewmodel.CompareViewModel;
import io.relayscope.trace.RunAlignment;
import io.relayscope.trace.Session;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.Trace;
import javafx.geometry.Point2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.List;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The compare window on the real demo models: Run all, the lanes with their divergence, hover, the table, a session file. */
@ExtendWith(ApplicationExtension.class)
class CompareWindowTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @TempDir
    Path dir;

    private List<Trace> laneTraces() {
        return fx(() -> app.vm.compare().lanes().stream().map(CompareViewModel.Lane::trace).toList());
    }

    @Test
    void runAllShowsALanePerPolicyPartingAtTheRightTokenAndASessionKeepsThem(FxRobot robot) throws Exception {
        app.loadDemoModels();
        fxRun(() -> {
            app.vm.settings().promptProperty().set(SampleQuestions.FIRST_MINUTE);
            app.vm.settings().maxNewTokensProperty().set(120);
        });
        CompareWindow window = fx(() -> app.view.showCompare());
        fxRun(() -> {
            window.stage().setWidth(CompareWindow.WIDTH);
            window.stage().setHeight(CompareWindow.HEIGHT);
        });
        // three of the five default policies
        for (String off : new String[] {"confidence", "random-token"}) {
            robot.clickOn("#comparePolicy-" + off);
        }
        // while Run all decodes, the lane of the run in progress fills token by token (seen at each redraw)
        List<int[]> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        javafx.scene.image.WritableImage[] midRun = new javafx.scene.image.WritableImage[1];
        fxRun(() -> app.vm.compare().versionProperty().addListener(o -> {
            CompareViewModel c = app.vm.compare();
            if (c.isStreaming() && !c.lanes().isEmpty()) {
                int last = c.lanes().size() - 1;
                seen.add(new int[] {last, c.lanes().get(last).trace().tokens().size(), c.timelines().get(last).tokens()});
                if (midRun[0] == null && last >= 1 && c.lanes().get(last).trace().summary().responseTokens() > 3) {
                    midRun[0] = new javafx.scene.image.WritableImage(1, 1); // taken once, after this change
                    javafx.application.Platform.runLater(() -> midRun[0] = window.stage().getScene().snapshot(null));
                }
            }
        }));
        robot.clickOn("#compareRunAll");
        waitFor(180, () -> !app.vm.compare().runningProperty().get() && app.vm.compare().lanes().size() == 3);
        app.waitIdle(30);

        List<Trace> runs = laneTraces();
        assertThat(fx(() -> app.vm.compare().lanes().stream().map(CompareViewModel.Lane::label).toList()))
                .containsExactly("model-command", "slm-only", "llm-only");
        long partly = seen.stream().filter(r -> r[1] < runs.get(r[0]).tokens().size()).count();
        System.out.printf("[compare] %d redraws while streaming, %d with a lane partly decoded%n", seen.size(), partly);
        assertThat(partly).as("a lane shown while its run was decoded").isPositive();
        assertThat(seen).allSatisfy(r -> assertThat(r[2]).as("its timeline at least as far as its tokens").isGreaterThanOrEqualTo(r[1]));
        if (midRun[0] != null && midRun[0].getWidth() > 1) {
            AppFixture.write(midRun[0], "compare-window-streaming");
        }
        assertThat(runs).extracting(t -> t.header().policy().name()).containsExactly("model-command", "slm-only", "llm-only");
        assertThat(runs).allSatisfy(t -> assertThat(t.header().prompt()).isEqualTo(SampleQuestions.FIRST_MINUTE));
        int split = RunAlignment.firstDivergence(runs).orElseThrow();
        assertThat(fx(() -> app.vm.compare().layout().divergence())).contains(split);
        assertThat(robot.lookup("#compareDetails").queryLabeled().getText())
                .startsWith("The runs part at response token #" + split + " (marked)");

        // the table: one row per run, the answer checked against the sample's expected answer
        List<CompareRow> rows = fx(() -> List.copyOf(app.vm.compare().rows()));
        assertThat(rows).hasSize(3);
        assertThat(robot.lookup("#compareTable").queryTableView().getItems()).hasSize(3);
        assertThat(rows.get(2).llmRatio()).isEqualTo(1.0);
        assertThat(rows.get(1).llmRatio()).isZero();
        // the first-minute story: the relay SLM's language model alone gets a number wrong, its call fixes it
        String wrong = "\u2717 wrong (" + SampleQuestions.FIRST_MINUTE_ANSWER + ")";
        assertThat(rows).extracting(CompareRow::check).containsExactly("\u2713 right", wrong, "\u2713 right");

        CompareLanes lanes = window.view().lanes();
        // an idle window does not draw (no layout pass that starts the next)
        long drawn = fx(lanes::draws);
        Thread.sleep(500);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(lanes::draws)).isEqualTo(drawn);

        // hover: the robot over the last lane's token at the divergence marks that position in every lane
        fxRun(() -> app.vm.compare().select(split, lanes.visibleColumns()));
        Point2D at = fx(() -> lanes.localToScreen(lanes.xOf(split) + lanes.charWidth() / 2, lanes.yOf(2)));
        robot.moveTo(at);
        waitFor(10, () -> app.vm.compare().hoveredProperty().get() == split);
        String details = robot.lookup("#compareDetails").queryLabeled().getText();
        assertThat(details).startsWith("#" + split + ":  model-command ").contains("\u00b7  slm-only ").contains("\u00b7  llm-only ");

        // each lane shows its run's relay timeline, the main window's, with the LLM's tokens in its lane
        assertThat(fx(() -> lanes.timelineViews().size())).isEqualTo(3);
        for (int lane = 0; lane < 3; lane++) {
            int l = lane;
            var data = fx(() -> app.vm.compare().timelines().get(l).timeline().data());
            assertThat(fx(data::tokenCount)).isEqualTo(runs.get(lane).tokens().size());
            assertThat(fx(() -> List.copyOf(data.calls()))).isEqualTo(runs.get(lane).calls());
        }
        int llmToken = runs.get(2).tokens().size() - 1; // llm-only: its last token is the LLM's
        javafx.scene.paint.Color llm = Palette.of(fx(() -> app.vm.darkThemeProperty().get())).llm();
        TimelineView llmOnly = fx(() -> lanes.timelineViews().get(2));
        javafx.scene.paint.Color pixel = fx(() -> llmOnly.canvas().snapshot(null, null).getPixelReader().getColor(
                (int) llmOnly.canvasX(llmToken + 0.5), (int) llmOnly.laneCenterY(TimelineViewModel.Lane.LLM)));
        assertThat(pixel.getRed()).as("the LLM lane of llm-only's timeline in the LLM's colour").isCloseTo(llm.getRed(), within(0.02));
        assertThat(pixel.getGreen()).isCloseTo(llm.getGreen(), within(0.02));
        // the robot over a timeline hovers that response position in every lane
        CompareTimeline slmTimeline = fx(() -> app.vm.compare().timelines().get(1));
        TimelineView slmView = fx(() -> lanes.timelineViews().get(1));
        robot.moveTo(fx(() -> slmView.canvas().localToScreen(slmView.canvasX(slmTimeline.promptTokens() + 2.5),
                slmView.laneCenterY(TimelineViewModel.Lane.SLM))));
        waitFor(10, () -> app.vm.compare().hoveredProperty().get() == 2);
        assertThat(robot.lookup("#compareDetails").queryLabeled().getText()).startsWith("#2:  model-command ");
        assertThat(fx(() -> app.vm.compare().timelines().get(0).markedProperty().get()))
                .isEqualTo(fx(() -> app.vm.compare().timelines().get(0).promptTokens()) + 2);
        robot.moveTo(at);
        waitFor(10, () -> app.vm.compare().hoveredProperty().get() == split);
        app.snapshot(window.stage().getScene(), "compare-window");

        // one scroll position for every lane: the scroll bar and the view model move together
        double max = fx(() -> lanes.scrollBar().getMax());
        if (max > 0) {
            fxRun(() -> lanes.scrollBar().setValue(max));
            assertThat(fx(() -> app.vm.compare().scrollProperty().get())).isEqualTo(max);
            fxRun(() -> app.vm.compare().scrollProperty().set(0));
            assertThat(fx(() -> lanes.scrollBar().getValue())).isZero();
        }

        // saved as one session file and opened again: the same lanes, labels and divergence
        Path file = dir.resolve("compare.relay.json");
        fxRun(() -> app.vm.document().saveTo(file));
        app.waitIdle(30);
        Session saved = TraceCodec.readSession(file);
        assertThat(saved.compare()).hasSize(3);
        assertThat(saved.compare().stream().map(saved.runs()::get).map(t -> t.tokens()).toList())
                .isEqualTo(runs.stream().map(Trace::tokens).toList());
        fxRun(() -> {
            app.vm.compare().clear();
            app.vm.document().newSession();
        });
        fxRun(() -> app.vm.document().openFile(file));
        app.waitIdle(30);
        waitFor(10, () -> app.vm.compare().lanes().size() == 3);
        assertThat(fx(() -> app.vm.compare().lanes().stream().map(CompareViewModel.Lane::label).toList()))
                .containsExactly("model-command", "slm-only", "llm-only");
        assertThat(laneTraces().stream().map(Trace::tokens).toList()).isEqualTo(runs.stream().map(Trace::tokens).toList());
        assertThat(fx(() -> app.vm.compare().layout().divergence())).contains(split);

        // traces opened together: a plain trace is one lane, a session file its compare set
        fxRun(() -> app.vm.compare().clear());
        app.dialogs.compareAnswers.add(List.of(Path.of("sample-sessions/slm-only.json"), file));
        robot.clickOn("#compareOpen");
        waitFor(30, () -> app.vm.compare().lanes().size() == 4);
        assertThat(fx(() -> app.vm.compare().lanes().stream().map(CompareViewModel.Lane::label).toList()))
                .containsExactly("slm-only", "compare #" + saved.compare().get(0), "compare #" + saved.compare().get(1),
                        "compare #" + saved.compare().get(2));
        assertThat(app.dialogs.errors).isEmpty();
    }
}
