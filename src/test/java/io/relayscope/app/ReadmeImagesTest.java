package io.relayscope.app;

import io.relayscope.app.service.SampleQuestions;
import io.relayscope.app.view.CompareWindow;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's pictures, taken from the real app on the committed demo pair, each after checking that it shows what
 * its caption says: target/screenshots/readme-{name}.png. {@code src/test/scripts/readme-images.sh} runs this class
 * alone and copies them to docs/images/{name}.png (run it again after the demo models change).
 */
@ExtendWith(ApplicationExtension.class)
class ReadmeImagesTest {
    /** The pictures, by name in docs/images (without .png). */
    static final String[] NAMES = {"main-window", "token-hover", "presenter-mode", "heat-map-dark", "replay-caption",
        "compare-window"};
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void theReadmePicturesShowWhatTheirCaptionsSay(FxRobot robot) {
        fxRun(() -> {
            app.stage.setWidth(1280);
            app.stage.setHeight(800);
        });
        app.loadDemoModels();
        assertThat(fx(() -> app.vm.settings().promptProperty().get())).isEqualTo(SampleQuestions.FIRST_MINUTE);
        robot.clickOn("#runButton");
        app.waitIdle(120);
        Trace trace = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
        assertThat(trace.calls()).as("the first Run shows a relay").isNotEmpty();
        assertThat(fx(() -> ((Label) app.view.lookup("#answerCheck")).getText())).contains("\u2713 right");
        app.snapshot("readme-main-window");

        // the pop-up of the LLM's first token, the mouse over it
        int llm = trace.tokens().stream().filter(t -> t.source() == Source.LLM).mapToInt(TokenRecord::index).findFirst()
                .orElseThrow();
        Node llmText = fx(() -> app.view.lookup(".token-line .token.token-llm"));
        Bounds b = fx(() -> llmText.localToScreen(llmText.getBoundsInLocal()));
        robot.moveTo(new javafx.geometry.Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2));
        waitFor(10, () -> app.vm.tokens().hoveredTokenProperty().get() == llm);
        assertThat(fx(() -> app.view.tokenView().popupText())).contains("Writer LLM");
        app.snapshotNode(fx(() -> app.view.tokenView().popupContent()), "readme-token-hover");
        robot.moveTo("#statusLabel");

        fxRun(() -> app.vm.display().presenterProperty().set(true));
        assertThat(fx(() -> app.view.getLeft())).isNull();
        app.snapshot("readme-presenter-mode");
        fxRun(() -> app.vm.display().presenterProperty().set(false));

        fxRun(() -> {
            app.vm.darkThemeProperty().set(true);
            app.vm.tokens().colorByConfidenceProperty().set(true);
        });
        // the token view restyles on its next pulse
        waitFor(10, () -> app.view.lookupAll(".heat-token").size() > 0);
        app.snapshot("readme-heat-map-dark");
        fxRun(() -> {
            app.vm.darkThemeProperty().set(false);
            app.vm.tokens().colorByConfidenceProperty().set(false);
        });

        // replay of the confidence sample, paused at its first call, in presenter mode
        Path confidence = Path.of("sample-sessions/confidence.json");
        fxRun(() -> app.vm.document().openFile(confidence));
        app.waitIdle(30);
        Trace sample = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
        assertThat(sample.calls()).as(confidence + " makes calls").isNotEmpty();
        CallRecord first = sample.calls().get(0);
        fxRun(() -> {
            app.vm.display().presenterProperty().set(true);
            app.vm.replay().speedProperty().set(20);
            app.vm.replay().toStart();
        });
        robot.clickOn("#playButton");
        waitFor(60, () -> !app.vm.replay().playingProperty().get());
        assertThat(fx(() -> app.vm.replay().positionProperty().get())).isEqualTo(first.position());
        assertThat(fx(() -> app.vm.replay().captionProperty().get())).startsWith("Call 1 of ");
        app.snapshot("readme-replay-caption");
        fxRun(() -> app.vm.display().presenterProperty().set(false));

        // the compare window after Run all (the default policies) on the first-minute question, on the demo pair
        // again: the confidence sample is recorded with another SLM, and opening it loaded that pair
        app.loadDemoModels();
        fxRun(() -> {
            app.vm.document().newSession();
            app.vm.settings().promptProperty().set(SampleQuestions.FIRST_MINUTE);
            app.vm.settings().maxNewTokensProperty().set(120);
        });
        CompareWindow window = fx(() -> app.view.showCompare());
        fxRun(() -> {
            window.stage().setWidth(CompareWindow.WIDTH);
            window.stage().setHeight(CompareWindow.HEIGHT);
        });
        robot.clickOn("#compareRunAll");
        waitFor(300, () -> !app.vm.compare().runningProperty().get() && app.vm.compare().lanes().size() >= 3);
        app.waitIdle(30);
        assertThat(fx(() -> app.vm.compare().layout().divergence())).as("the runs part somewhere").isPresent();
        Trace relayLane = fx(() -> app.vm.compare().lanes().get(0).trace());
        assertThat(relayLane.header().policy().name()).isEqualTo("model-command");
        assertThat(relayLane.header().models()).as("the picture's pair is the main window's").isEqualTo(trace.header().models());
        assertThat(relayLane.tokens().stream().map(t -> t.id() + ":" + t.source()).toList())
                .as("the relay lane is the main window's first run")
                .isEqualTo(trace.tokens().stream().map(t -> t.id() + ":" + t.source()).toList());
        app.snapshot(window.stage().getScene(), "readme-compare-window");
        fxRun(() -> window.stage().close());
    }
}
