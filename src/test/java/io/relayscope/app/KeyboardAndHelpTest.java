package io.relayscope.app;

import io.relayscope.trace.cost.CostMeasure;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;
import java.util.stream.Collectors;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** Habits of a desktop app: Tab leaves the prompt, Ctrl+Enter runs, F1 opens Help with the definitions and shortcuts. */
@ExtendWith(ApplicationExtension.class)
class KeyboardAndHelpTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void tabLeavesThePromptAndCtrlEnterRuns(FxRobot robot) {
        app.loadDemoModels();
        TextArea prompt = fx(() -> (TextArea) app.view.lookup("#promptEditor"));
        robot.clickOn(prompt);
        String before = fx(() -> prompt.getText());
        robot.type(KeyCode.TAB);
        assertThat(fx(() -> prompt.getText())).as("no tab character typed").isEqualTo(before);
        assertThat(fx(() -> app.stage.getScene().getFocusOwner())).isNotSameAs(prompt);

        robot.clickOn(prompt);
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        assertThat(fx(() -> prompt.getText())).as("no newline typed").isEqualTo(before);
        waitFor(120, () -> fx(() -> app.vm.counters().slmTokensProperty().get() > 0 && !app.vm.runningProperty().get()));
        assertThat(fx(() -> app.vm.counters().slmTokensProperty().get())).isPositive();
    }

    @Test
    void f1OpensHelpWithEveryCostMeasureAndTheShortcutsOfTheMenus(FxRobot robot) {
        robot.type(KeyCode.F1);
        waitFor(10, () -> fx(() -> Window.getWindows().stream().anyMatch(w -> w instanceof Stage s
                && "RelayScope Help".equals(s.getTitle()))));
        Stage help = fx(() -> (Stage) Window.getWindows().stream().filter(w -> w instanceof Stage s
                && "RelayScope Help".equals(s.getTitle())).findFirst().orElseThrow());
        String text = fx(() -> help.getScene().getRoot().lookupAll(".label").stream().map(n -> ((Label) n).getText())
                .collect(Collectors.joining("\n")));
        for (CostMeasure m : CostMeasure.values()) {
            assertThat(text).contains(m.label() + ": " + m.explanation());
        }
        assertThat(text).contains("<call>n</call>").contains("LLM token ratio = LLM tokens");
        for (io.relayscope.trace.policy.PolicyInfo p : io.relayscope.trace.policy.PolicyCatalogue.CATALOGUE) {
            assertThat(text).contains(p.name() + ": " + p.help());
        }
        for (String key : List.of("F5", "F10", "F11", "F1", "Ctrl+Enter", "Tab / Shift+Tab")) {
            assertThat(text).as("shortcut " + key).contains(key);
        }
        assertThat(text).contains("File \u203A Open").contains("View \u203A Zoom In");
        Node content = fx(() -> help.getScene().getRoot());
        app.snapshotNode(content, "help");
        fxRun(help::close);
    }
}
