package io.relayscope.app;

import io.relayscope.app.service.SampleQuestions;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import static io.relayscope.app.AppFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;

/** A new user's first Run, untouched settings, on the committed demo pair: a relay to see, and the right answer. */
@ExtendWith(ApplicationExtension.class)
class FirstMinuteTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    private String label(String id) {
        return fx(() -> ((Label) app.view.lookup("#" + id)).getText());
    }

    @Test
    void theFirstRunShowsACallTheLlmsTokenAndTheRightAnswer(FxRobot robot) {
        app.loadDemoModels();
        assertThat(fx(() -> app.vm.settings().promptProperty().get())).isEqualTo(SampleQuestions.FIRST_MINUTE);
        assertThat(fx(() -> app.vm.settings().policyProperty().get())).isEqualTo("model-command");
        assertThat(fx(() -> app.view.lookup("#demoNote").isVisible())).as("the demo pair says what it understands").isTrue();

        robot.clickOn("#runButton");
        app.waitIdle(120);

        assertThat(fx(() -> app.vm.counters().callsProperty().get())).as("calls").isPositive();
        assertThat(fx(() -> app.vm.counters().llmTokensProperty().get())).as("LLM tokens").isPositive();
        assertThat(label("answerCheck")).isEqualTo("Answer " + SampleQuestions.FIRST_MINUTE_ANSWER + "  \u00B7  expected "
                + SampleQuestions.FIRST_MINUTE_ANSWER + "  \u00B7  \u2713 right");
        app.snapshot("first-minute");
    }

    @Test
    void newQuestionDrawsAFreshGrammarProblemWhoseAnswerIsChecked(FxRobot robot) {
        app.loadDemoModels();
        String before = fx(() -> app.vm.settings().promptProperty().get());
        robot.clickOn("#newQuestion");
        String first = fx(() -> app.vm.settings().promptProperty().get());
        robot.clickOn("#newQuestion");
        String second = fx(() -> app.vm.settings().promptProperty().get());
        assertThat(first).isNotEqualTo(before).matches("(?s).*[?.]").doesNotStartWith("Q:");
        assertThat(second).as("each press draws again").isNotEqualTo(first);
        assertThat(SampleQuestions.expectedAnswer(second)).as("its answer is known").isPresent();
        robot.clickOn("#runButton");
        app.waitIdle(120);
        // right or wrong, the check names the expected answer
        assertThat(label("answerCheck")).startsWith("Answer ").contains("expected " + SampleQuestions.expectedAnswer(second).get());
        app.snapshot("new-question");
    }

    @Test
    void aQuestionOfOnesOwnGetsNoRightOrWrong(FxRobot robot) {
        app.loadDemoModels();
        AppFixture.fxRun(() -> app.vm.settings().promptProperty().set("Ann has 5 pens and buys 3. How many?"));
        robot.clickOn("#runButton");
        app.waitIdle(120);
        assertThat(label("answerCheck")).startsWith("Answer ").doesNotContain("expected");
    }
}
