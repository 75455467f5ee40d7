package io.relayscope.app;

import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.Locale;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arrow keys walk through the tokens of a real relay run with the pop-up following (writer, id, probability and
 * alternatives); an imported one-model trace names its model, never "SLM".
 */
@ExtendWith(ApplicationExtension.class)
class TokenKeyboardTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void arrowKeysMoveThroughTheTokensWithThePopupFollowing(FxRobot robot) {
        app.loadDemoModels();
        fxRun(app.vm::run);
        app.waitIdle(120);
        Trace trace = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
        int first = (int) trace.tokens().stream().filter(t -> t.source() == Source.PROMPT).count();
        int llm = trace.tokens().stream().filter(t -> t.source() == Source.LLM).mapToInt(TokenRecord::index).findFirst()
                .orElseThrow(() -> new AssertionError("the first-minute question makes a call"));

        fxRun(() -> app.view.tokenView().list().requestFocus());
        robot.type(KeyCode.RIGHT);
        assertThat(fx(() -> app.vm.tokens().focusedTokenProperty().get())).as("starts at the response").isEqualTo(first);
        assertPopupDescribes(trace.tokens().get(first), "Writer SLM (tiny-slm-relay)");
        for (int i = first; i < llm; i++) {
            robot.type(KeyCode.RIGHT);
        }
        assertThat(fx(() -> app.vm.tokens().focusedTokenProperty().get())).isEqualTo(llm);
        assertPopupDescribes(trace.tokens().get(llm), "Writer LLM (tiny-llm), inside a call");
        app.snapshot("token-keyboard");
        app.snapshotNode(fx(() -> app.view.tokenView().popupContent()), "token-keyboard-popup");

        robot.type(KeyCode.LEFT);
        assertThat(fx(() -> app.vm.tokens().focusedTokenProperty().get())).isEqualTo(llm - 1);
        int line = fx(() -> app.vm.tokens().lineOf(llm - 1));
        robot.type(KeyCode.UP);
        int up = fx(() -> app.vm.tokens().focusedTokenProperty().get());
        assertThat(fx(() -> app.vm.tokens().lineOf(up))).isEqualTo(Math.max(0, line - 1));
        robot.type(KeyCode.DOWN);
        assertThat(fx(() -> app.vm.tokens().lineOf(app.vm.tokens().focusedTokenProperty().get()))).isEqualTo(line);
        robot.type(KeyCode.END);
        assertThat(fx(() -> app.vm.tokens().focusedTokenProperty().get())).isEqualTo(trace.tokens().size() - 1);
        assertPopupDescribes(trace.tokens().get(trace.tokens().size() - 1), "Writer ");
        robot.type(KeyCode.HOME);
        assertThat(fx(() -> app.vm.tokens().focusedTokenProperty().get())).isZero();
        robot.type(KeyCode.ESCAPE);
        assertThat(fx(() -> app.view.tokenView().popupText())).isEmpty();
    }

    @Test
    void anImportedOneModelTraceIsLabelledWithItsModel(FxRobot robot) {
        Path file = Path.of("src/test/resources/io/relayscope/trace/importers/openai-chat-logprobs.json");
        app.dialogs.importAnswers.add(file);
        fxRun(app.vm.document()::importFile);
        app.waitIdle(30);
        String model = fx(() -> app.vm.sessionView().currentTrace().orElseThrow().header().models().get(0).name());
        assertThat(model).startsWith("gpt-4o-mini");
        assertThat(fx(() -> app.view.lookup("#legendSlm").getClass() == javafx.scene.control.Label.class)).isTrue();
        assertThat(fx(() -> ((javafx.scene.control.Label) app.view.lookup("#legendSlm")).getText())).isEqualTo(model);
        assertThat(fx(() -> ((javafx.scene.control.Label) app.view.lookup("#counterSlmName")).getText())).isEqualTo(model);
        fxRun(() -> app.view.tokenView().list().requestFocus());
        robot.type(KeyCode.RIGHT);
        String popup = fx(() -> app.view.tokenView().popupText());
        assertThat(popup).contains("Writer " + model + " (imported, one model)").doesNotContain("SLM");
        app.snapshot("imported-one-model");

        fxRun(app.vm.document()::newSession);
        assertThat(fx(() -> ((javafx.scene.control.Label) app.view.lookup("#legendSlm")).getText())).isEqualTo("SLM");
    }

    private void assertPopupDescribes(TokenRecord t, String writer) {
        String text = fx(() -> app.view.tokenView().popupText());
        assertThat(text).startsWith("Token #" + t.index() + "   id " + t.id()).contains(writer);
        if (!Double.isNaN(t.logprob())) {
            assertThat(text).contains(String.format(Locale.ROOT, "(p = %.3f)", t.probability()));
        }
        if (!t.alternatives().isEmpty()) {
            assertThat(text).contains("Top ");
        }
    }
}
