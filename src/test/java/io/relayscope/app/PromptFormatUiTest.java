package io.relayscope.app;

import io.relayscope.engine.PromptStyle;
import io.relayscope.engine.chat.GoldenFiles;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.TraceHeader;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
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
 * The prompt-format controls on a Qwen3-shaped pair (real tokenizer and chat template, random weights): sampling
 * starts at the model's generation_config.json defaults with the marker, the exact templated prompt is shown, and
 * a run stores that prompt and its settings in the trace.
 */
@ExtendWith(ApplicationExtension.class)
class PromptFormatUiTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void qwenPairShowsItsDefaultsAndTheExactTemplatedPrompt(FxRobot robot) {
        Path qwen = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM);
        GoldenFiles.golden();
        fxRun(() -> app.vm.models().open(qwen, qwen));
        waitFor(180, () -> app.vm.models().loaded() != null && !app.vm.models().loadingProperty().get());
        assertThat(fx(() -> app.vm.models().loaded())).as(fx(() -> app.vm.models().statusProperty().get())).isNotNull();

        // sampling controls start at Qwen3's generation_config.json: 0.6 / top-k 20 / top-p 0.95
        assertThat(fx(() -> app.vm.settings().slmTemperatureProperty().get())).isEqualTo(0.6);
        assertThat(fx(() -> app.vm.settings().topKProperty().get())).isEqualTo(20);
        assertThat(fx(() -> app.vm.settings().topPProperty().get())).isEqualTo(0.95);
        assertThat(robot.lookup("#samplingDefaults").queryAs(Labeled.class).getText())
                .isEqualTo("\u25CF Model default: temperature 0.6, top-k 20, top-p 0.95 (generation_config.json)");

        fxRun(() -> {
            app.vm.settings().promptProperty().set("Combien font 17 + 25 ? 🙂");
            app.vm.settings().systemPromptProperty().set("You are a helpful assistant.");
            app.vm.settings().thinkingProperty().set(PromptStyle.Thinking.OFF);
            robot.lookup("#promptPreview").queryAs(TitledPane.class).setExpanded(true);
        });
        String expected = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
                + "Combien font 17 + 25 ? 🙂<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";
        assertThat(robot.lookup("#promptPreviewText").queryAs(TextArea.class).getText()).isEqualTo(expected);
        assertThat(robot.lookup("#thinkingChoice").query().isDisabled()).isFalse();

        fxRun(() -> app.vm.settings().topKProperty().set(5));
        assertThat(robot.lookup("#samplingDefaults").queryAs(Labeled.class).getText()).startsWith("\u25CB changed;");
        app.snapshot("prompt-format-qwen3");
        robot.clickOn("#samplingReset");
        assertThat(fx(() -> app.vm.settings().topKProperty().get())).isEqualTo(20);

        fxRun(() -> app.vm.settings().maxNewTokensProperty().set(3));
        robot.clickOn("#runButton");
        app.waitIdle(120);
        TraceHeader h = fx(() -> app.vm.session().header());
        assertThat(h.promptText()).isEqualTo(expected);
        assertThat(h.promptSpec().format()).isEqualTo("chat-template");
        assertThat(h.promptSpec().thinking()).isEqualTo("off");
        assertThat(h.slmSampling()).isEqualTo(new SamplingSpec(0.6, 20, 0.95));
        assertThat(app.dialogs.errors()).isEmpty();

        // template off: the prompt as typed
        robot.clickOn("#chatTemplateToggle");
        assertThat(robot.lookup("#chatTemplateToggle").queryAs(CheckBox.class).isSelected()).isFalse();
        assertThat(robot.lookup("#promptPreviewText").queryAs(TextArea.class).getText()).isEqualTo("Combien font 17 + 25 ? 🙂");
        assertThat(robot.lookup("#systemPrompt").query().isDisabled()).isTrue();
    }
}
