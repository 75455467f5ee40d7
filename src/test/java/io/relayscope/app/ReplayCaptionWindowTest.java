package io.relayscope.app;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
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

/** The window's replay of a recorded relay stops at each call with its caption above the tokens (and in presenter mode). */
@ExtendWith(ApplicationExtension.class)
class ReplayCaptionWindowTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void playStopsAtEachCallAndTheCaptionSaysWhatHappens(FxRobot robot) throws Exception {
        Path file = Path.of("sample-sessions/confidence.json");
        Trace trace = TraceCodec.read(file);
        fxRun(() -> app.vm.document().openFile(file));
        app.waitIdle(30);
        Label caption = fx(() -> (Label) app.view.lookup("#replayCaption"));
        assertThat(fx(caption::isVisible)).isFalse();

        fxRun(() -> {
            app.vm.replay().speedProperty().set(20);
            app.vm.replay().toStart();
        });
        robot.clickOn("#playButton");
        CallRecord first = trace.calls().get(0);
        waitFor(60, () -> !app.vm.replay().playingProperty().get());
        assertThat(fx(() -> app.vm.replay().positionProperty().get())).isEqualTo(first.position());
        assertThat(fx(caption::isVisible)).isTrue();
        assertThat(fx(caption::getText)).startsWith("Call 1 of " + trace.calls().size() + ": the confidence policy calls the LLM");
        app.snapshot("replay-caption");

        robot.clickOn("#nextCallButton");
        CallRecord second = trace.calls().get(1);
        assertThat(fx(() -> app.vm.replay().positionProperty().get())).isEqualTo(second.position());
        assertThat(fx(caption::getText)).startsWith("Call 2 of ");
        fxRun(() -> app.vm.display().presenterProperty().set(true));
        app.snapshot("replay-caption-presenter");
        fxRun(() -> app.vm.display().presenterProperty().set(false));
        robot.clickOn("#stepForwardButton");
        assertThat(fx(caption::isVisible)).isFalse();
    }
}
