package io.relayscope.app;

import io.relayscope.app.model.CostTally;
import io.relayscope.app.model.TokenLine;
import io.relayscope.app.view.TimelineView;
import io.relayscope.app.viewmodel.TimelineViewModel.Lane;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import javafx.geometry.Point2D;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The main window end to end, headless, on the real engine and demo models. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @TempDir
    Path tmp;

    private void useConfidencePolicy(double threshold) {
        fxRun(() -> {
            app.vm.settings().policyProperty().set("confidence");
            app.vm.settings().thresholdProperty().set(threshold);
            app.vm.settings().maxNewTokensProperty().set(160);
        });
    }

    private Map<Source, Long> countsBySource() {
        return fx(() -> {
            Map<Source, Long> m = new java.util.EnumMap<>(Source.class);
            for (TokenRecord t : app.vm.session().tokens()) {
                m.merge(t.source(), 1L, Long::sum);
            }
            return m;
        });
    }

    @Test
    void runPromptShowsTokensOfBothSourcesAndCountersChange(FxRobot robot) {
        app.loadDemoModels();
        app.snapshot("idle");
        useConfidencePolicy(0.9);
        assertThat(fx(() -> app.vm.counters().slmTokensProperty().get())).isZero();

        robot.clickOn("#runButton");
        app.waitIdle(120);

        Map<Source, Long> counts = countsBySource();
        assertThat(counts.getOrDefault(Source.SLM, 0L)).isPositive();
        assertThat(counts.getOrDefault(Source.LLM, 0L)).isPositive();
        assertThat(fx(() -> app.vm.counters().slmTokensProperty().get())).isEqualTo(counts.get(Source.SLM));
        assertThat(fx(() -> app.vm.counters().llmTokensProperty().get())).isEqualTo(counts.get(Source.LLM));
        assertThat(fx(() -> app.vm.counters().callsProperty().get())).isPositive();
        assertThat(fx(() -> app.vm.counters().ratioProperty().get())).isBetween(0.0001, 1.0);
        assertThat(fx(() -> app.vm.tokens().lines().size())).isPositive();
        assertThat(fx(() -> app.vm.session().summary())).isNotNull();
        assertThat(app.dialogs.errors()).isEmpty();
        assertThat(robot.lookup("#llmCount").queryLabeled().getText()).isNotEqualTo("0");
        int llmToken = fx(() -> app.vm.session().tokens().stream().filter(t -> t.source() == Source.LLM)
                .findFirst().orElseThrow().index());
        String details = fx(() -> app.vm.tokens().describe(llmToken));
        assertThat(details).contains("Writer LLM").contains("Top").contains("Latency");
        System.out.println("REAL LLM token details:\n" + details);
        System.out.println("REAL response: " + fx(() -> app.vm.session().summary().responseText()));
        app.snapshot("finished");
    }

    @Test
    void stopMidRunLeavesValidTrace(FxRobot robot) throws Exception {
        app.loadDemoModels();
        useConfidencePolicy(0.9);
        fxRun(() -> app.vm.settings().maxNewTokensProperty().set(400));
        robot.clickOn("#stepButton");
        waitFor(30, () -> app.vm.runningProperty().get() && app.vm.session().size() > 0);
        int prompt = fx(() -> app.vm.session().size());
        fxRun(() -> {
            for (int i = 0; i < 20; i++) {
                app.vm.step();
            }
        });
        // a permit can also be spent on a call decision, so 20 steps give at least 10 tokens
        waitFor(60, () -> app.vm.session().size() >= prompt + 10);
        app.snapshot("running");
        assertThat(fx(() -> app.vm.runningProperty().get())).isTrue();

        robot.clickOn("#stopButton");
        app.waitIdle(60);

        Trace trace = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
        assertThat(trace.summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(trace.summary().responseTokens()).isBetween(10, 40);
        assertThat(trace.tokens()).hasSize(trace.summary().promptTokens() + trace.summary().responseTokens());
        for (int i = 0; i < trace.tokens().size(); i++) {
            assertThat(trace.tokens().get(i).index()).isEqualTo(i);
        }
        Path file = tmp.resolve("stopped.json");
        TraceCodec.write(trace, file);
        assertThat(TraceCodec.read(file)).isEqualTo(trace);
        assertThat(fx(() -> app.vm.document().dirtyProperty().get())).isTrue();
    }

    @Test
    void saveAndReopenRoundTrips(FxRobot robot) {
        app.loadDemoModels();
        useConfidencePolicy(0.8);
        fxRun(app.vm::run);
        app.waitIdle(120);
        Trace original = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());

        Path file = tmp.resolve("saved.json");
        app.dialogs.saveAnswers.add(file);
        fxRun(app.vm.document()::saveAs);
        app.waitIdle(30);
        assertThat(file).exists();
        assertThat(fx(() -> app.vm.document().dirtyProperty().get())).isFalse();
        assertThat(fx(() -> app.vm.document().recentFiles())).contains(file.toAbsolutePath().normalize());

        fxRun(app.vm.document()::newSession);
        assertThat(fx(() -> app.vm.session().isEmpty())).isTrue();
        assertThat(app.dialogs.confirmations).isEmpty();

        fxRun(() -> app.vm.document().openFile(file));
        app.waitIdle(30);
        assertThat(fx(() -> app.vm.sessionView().currentTrace().orElseThrow())).isEqualTo(original);
        assertThat(fx(() -> app.vm.sessionView().shownTokens())).isEqualTo(original.tokens().size());
        assertThat(fx(() -> app.vm.document().currentFileProperty().get())).isEqualTo(file);
        assertThat(fx(() -> app.stage.getTitle())).startsWith("saved.json");
        assertThat(app.dialogs.errors()).isEmpty();
    }

    @Test
    void unsavedWorkIsNotDroppedWithoutConsent() {
        app.loadDemoModels();
        useConfidencePolicy(0.8);
        fxRun(app.vm::run);
        app.waitIdle(120);
        int size = fx(() -> app.vm.session().size());
        app.dialogs.confirmAnswers.add(false);
        fxRun(app.vm.document()::newSession);
        assertThat(app.dialogs.confirmations).hasSize(1);
        assertThat(fx(() -> app.vm.session().size())).isEqualTo(size);
    }

    @Test
    void scrubberRebuildsPositionK(FxRobot robot) {
        Trace trace = SyntheticTraces.build(600, 50, 8);
        fxRun(() -> app.vm.show(trace));
        assertThat(fx(() -> app.vm.sessionView().shownTokens())).isEqualTo(trace.tokens().size());

        for (int k : new int[]{300, 120, 121, 450, 0, trace.tokens().size()}) {
            fxRun(() -> app.view.replayBar().slider().setValue(k));
            assertShowsPosition(trace, k);
        }
        fxRun(() -> app.view.replayBar().slider().setValue(333));
        robot.clickOn("#stepForwardButton");
        assertShowsPosition(trace, 334);
        app.snapshot("replay");

        fxRun(() -> {
            app.vm.replay().speedProperty().set(10_000);
            app.vm.replay().pauseAtCallsProperty().set(false); // played through here; the stops have their own test
            app.vm.replay().toStart();
            app.vm.replay().play();
        });
        waitFor(30, () -> !app.vm.replay().playingProperty().get());
        assertShowsPosition(trace, trace.tokens().size());
    }

    private void assertShowsPosition(Trace trace, int k) {
        List<TokenRecord> shown = trace.tokens().subList(0, k);
        List<CallRecord> calls = trace.calls().stream().filter(c -> c.position() < k).toList();
        CostTally expected = CostTally.of(trace.header(), shown, calls);
        fxRun(() -> {
            assertThat(app.vm.sessionView().shownTokens()).isEqualTo(k);
            List<TokenLine> lines = app.vm.tokens().lines();
            assertThat(lines.isEmpty() ? 0 : lines.get(lines.size() - 1).end()).isEqualTo(k);
            for (int i = 1; i < lines.size(); i++) {
                assertThat(lines.get(i).first()).isEqualTo(lines.get(i - 1).end());
            }
            assertThat(app.vm.timeline().data().tokenCount()).isEqualTo(k);
            assertThat(app.vm.timeline().data().calls()).hasSize(calls.size());
            assertThat(app.vm.counters().slmTokensProperty().get()).isEqualTo(expected.slmTokens());
            assertThat(app.vm.counters().llmTokensProperty().get()).isEqualTo(expected.llmTokens());
            assertThat(app.vm.counters().commandTokensProperty().get()).isEqualTo(expected.commandTokens());
            assertThat(app.vm.counters().callsProperty().get()).isEqualTo(expected.calls());
            assertThat(app.vm.counters().ratioProperty().get()).isEqualTo(expected.ratio());
            assertThat(app.vm.replay().positionProperty().get()).isEqualTo(k);
        });
    }

    @Test
    void timelineClickScrollsToItsToken(FxRobot robot) {
        Trace trace = SyntheticTraces.build(5_000, 400, 12);
        fxRun(() -> app.vm.show(trace));
        fxRun(() -> app.view.tokenView().list().scrollTo(0));
        CallRecord last = trace.calls().get(trace.calls().size() - 1);
        TimelineView timeline = app.view.timelineView();
        WaitForFx.events();
        Point2D onCanvas = fx(() -> new Point2D(timeline.canvasX(last.position() + last.requested() / 2.0),
                timeline.laneCenterY(Lane.LLM)));
        Point2D screen = fx(() -> timeline.canvas().localToScreen(onCanvas));
        assertThat(fx(() -> isLineVisible(app.vm.tokens().lineOf(last.position())))).isFalse();

        robot.moveTo(screen);
        waitFor(10, () -> app.vm.timeline().hoverTextProperty().get().startsWith("Call " + last.number()));
        robot.clickOn(screen);
        waitFor(10, () -> app.vm.tokens().focusedTokenProperty().get() == last.position());
        waitFor(10, () -> isLineVisible(app.vm.tokens().lineOf(last.position())));
        app.snapshot("timeline-click");
    }

    private boolean isLineVisible(int line) {
        ListView<TokenLine> list = app.view.tokenView().list();
        VirtualFlow<?> flow = (VirtualFlow<?>) list.lookup(".virtual-flow");
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> lastCell = flow.getLastVisibleCell();
        return first != null && lastCell != null && line >= first.getIndex() && line <= lastCell.getIndex();
    }

    @Test
    void badFileShowsDialogWithOneLineReason() throws Exception {
        Path bad = tmp.resolve("broken.json");
        Files.writeString(bad, "{\"format\": \"relayscope-trace\", \"tokens\": [ {\"index\": \"x\"");
        fxRun(() -> app.vm.document().openFile(bad));
        waitFor(30, () -> !app.dialogs.errors().isEmpty());
        TestDialogs.Shown shown = app.dialogs.errors().get(0);
        assertThat(shown.title()).contains("broken.json");
        assertThat(shown.reason()).isNotBlank().doesNotContain("\n").doesNotContain("Exception");
        assertThat(fx(() -> app.vm.session().isEmpty())).isTrue();
    }

    @Test
    void badModelFolderShowsDialogAndKeepsThePair() throws Exception {
        app.loadDemoModels();
        Path empty = Files.createDirectories(tmp.resolve("not-a-model"));
        app.dialogs.folderAnswers.add(empty);
        fxRun(() -> app.vm.models().chooseSlmFolder());
        waitFor(60, () -> !app.dialogs.errors().isEmpty() && !app.vm.models().loadingProperty().get());
        assertThat(app.dialogs.errors().get(0).reason()).doesNotContain("\n");
        assertThat(fx(() -> app.vm.models().loaded())).isNotNull();
    }

    @Test
    void hoverShowsTokenDetails(FxRobot robot) {
        Trace trace = SyntheticTraces.build(200, 40, 6);
        fxRun(() -> app.vm.show(trace));
        WaitForFx.events();
        var cell = robot.lookup(".token-list .list-cell").nth(2).query();
        robot.moveTo(cell).moveBy(-cell.getBoundsInLocal().getWidth() / 2 + 20, 0);
        waitFor(10, () -> app.vm.tokens().hoveredTokenProperty().get() >= 0);
        String text = fx(() -> app.view.tokenView().popupText());
        assertThat(text).contains("Writer").contains("Bytes").contains("Logprob").contains("Top");
        app.snapshotNode(app.view.tokenView().popupContent(), "token-popup");
    }

    @Test
    @SuppressWarnings("unchecked")
    void samplingControlsSetMinPAndRepetitionPenaltyOfTheRunAndItsTrace(FxRobot robot) {
        javafx.scene.control.Spinner<Double> minP = robot.lookup("#minP").queryAs(javafx.scene.control.Spinner.class);
        javafx.scene.control.Spinner<Double> penalty = robot.lookup("#repetitionPenalty").queryAs(javafx.scene.control.Spinner.class);
        app.loadDemoModels();
        app.waitIdle(60);
        // loading a pair sets the sampling controls to its generation_config.json defaults; type over them after
        waitFor(30, () -> app.vm.settings().atModelDefaultsProperty().get());
        fxRun(() -> {
            minP.getValueFactory().setValue(0.05);
            penalty.increment(4);
            app.vm.settings().policyProperty().set("slm-only");
            app.vm.settings().slmTemperatureProperty().set(0.7);
            app.vm.settings().maxNewTokensProperty().set(12);
        });
        WaitForFx.events();
        assertThat(fx(() -> app.vm.settings().minPProperty().get())).isEqualTo(0.05);
        assertThat(fx(() -> app.vm.settings().repetitionPenaltyProperty().get())).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
        app.snapshotNode(fx(() -> penalty.getParent().getParent()), "settings-sampling");
        robot.clickOn("#runButton");
        app.waitIdle(120);
        Trace trace = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
        assertThat(trace.header().slmSampling().minP()).isEqualTo(0.05);
        assertThat(trace.header().slmSampling().repetitionPenalty()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(trace.header().llmSampling().minP()).isEqualTo(0.05);
    }

    @Test
    void recordedSampleSessionsReplay() {
        List<Path> samples = new io.relayscope.app.service.TraceFiles().sampleSessions();
        assertThat(samples).as("sample-sessions/*.json").isNotEmpty();
        for (Path sample : samples) {
            fxRun(() -> app.vm.document().openFile(sample));
            waitFor(60, () -> sample.equals(app.vm.document().currentFileProperty().get()) && !app.vm.document().busyProperty().get());
            String name = sample.getFileName().toString().replace(".json", "");
            if (name.startsWith("long")) {
                app.snapshot("sample-" + name);
            } else if (name.equals("confidence")) {
                int half = fx(() -> app.vm.session().size()) * 2 / 3;
                fxRun(() -> app.view.replayBar().slider().setValue(half));
                app.snapshot("replay-sample-" + name);
            }
        }
        assertThat(app.dialogs.errors()).isEmpty();
    }

    @Test
    void modelCommandRunShowsCommandChipsWithTheRelaySlm() {
        assertThat(Path.of("assets/models/tiny-slm-relay/model.onnx")).as("the relay SLM").isRegularFile();
        app.loadDemoModels();
        fxRun(() -> {
            app.vm.settings().policyProperty().set("model-command");
            app.vm.settings().maxNewTokensProperty().set(200);
            // the first-minute question, where the relay SLM calls (sample-sessions/model-command.json)
            app.vm.settings().promptProperty().set(io.relayscope.app.service.SampleQuestions.FIRST_MINUTE);
        });
        fxRun(app.vm::run);
        app.waitIdle(120);
        app.snapshot("model-command");
        System.out.println("MODEL-COMMAND response: " + fx(() -> app.vm.session().summary().responseText()));
        assertThat(app.dialogs.errors()).isEmpty();
        assertThat(fx(() -> app.vm.session().summary().commandTokens())).as("command tokens").isPositive();
        assertThat(fx(() -> app.vm.session().summary().llmTokens())).as("LLM tokens after the relay SLM's calls").isPositive();
    }

    @Test
    void smallWindowStillShowsEveryPanel() {
        Trace trace = SyntheticTraces.build(900, 60, 10);
        fxRun(() -> {
            app.vm.show(trace);
            app.stage.setWidth(960);
            app.stage.setHeight(640);
        });
        app.snapshot("small-window");
        assertThat(fx(() -> app.view.lookup("#counters").isVisible())).isTrue();
        assertThat(fx(() -> app.view.tokenView().list().getWidth())).isGreaterThan(300);
    }

    @Test
    void darkThemeSnapshot() throws Exception {
        Trace trace = SyntheticTraces.build(900, 60, 10);
        fxRun(() -> {
            app.vm.show(trace);
            app.vm.darkThemeProperty().set(true);
        });
        app.snapshot("dark");
        Path png = tmp.resolve("view.png");
        app.dialogs.exportAnswers.add(png);
        fxRun(() -> app.vm.document().exportImage(app.view::writePng));
        assertThat(app.dialogs.errors()).isEmpty();
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo((int) Math.round(fx(() -> app.stage.getScene().getWidth())));
        fxRun(() -> app.vm.tokens().colorByConfidenceProperty().set(true));
        app.snapshot("dark-confidence");
        fxRun(() -> {
            app.vm.darkThemeProperty().set(false);
            app.vm.tokens().showWhitespaceProperty().set(true);
        });
        app.snapshot("light-confidence-whitespace");
        assertThat(AppFixture.SCREENSHOTS.resolve("dark.png")).exists();
    }
}
