package io.relayscope.app;

import io.relayscope.engine.ModelPair;
import io.relayscope.engine.RelayEngine;
import io.relayscope.eval.Datasets;
import io.relayscope.eval.EvalReport;
import io.relayscope.eval.EvalSettings;
import io.relayscope.eval.Evaluator;
import io.relayscope.eval.Problem;
import io.relayscope.trace.CriticalTokens;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.TokenRecord;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/** The LLM opinion overlay on the real demo models agrees with {@code eval --shadow} on the same problem. */
@ExtendWith(ApplicationExtension.class)
class LlmOpinionWindowTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void criticalTokensAreMarkedAndCountedAsEvalShadowCountsThem(FxRobot robot) throws Exception {
        // the app's demo pair; the first test problem where its SLM and LLM disagree somewhere
        List<Problem> problems = Datasets.read(Path.of("assets/datasets/arith-test.jsonl"), 60);
        PolicySpec policy = new PolicySpec("confidence", Map.of("threshold", 0.6, "callTokens", 2.0));
        EvalReport eval;
        try (ModelPair pair = ModelPair.openDemo()) {
            eval = new Evaluator(new RelayEngine(pair), true).evaluate("shadow", "arith-test", problems,
                    EvalSettings.greedy(policy), io.relayscope.eval.EvalProgress.NONE);
        }
        var result = eval.results().stream().filter(r -> r.critical().critical() > 0 && r.calls() > 0).findFirst().orElseThrow();
        Problem problem = problems.get(result.index());
        CriticalTokens expected = result.critical();

        app.loadDemoModels();
        fxRun(() -> {
            var s = app.vm.settings();
            s.promptProperty().set(problem.question());
            s.policyProperty().set("confidence");
            s.thresholdProperty().set(0.6);
            s.callTokensProperty().set(2);
            s.maxNewTokensProperty().set(256);
            s.maxCallsProperty().set(64);
            s.llmOpinionProperty().set(true);
        });
        robot.clickOn("#runButton");
        app.waitIdle(120);

        List<TokenRecord> tokens = fx(() -> app.vm.session().tokens());
        assertThat(CriticalTokens.of(new io.relayscope.trace.Trace(null, tokens, fx(() -> app.vm.session().calls()), null)))
                .isEqualTo(expected);
        assertThat(robot.lookup("#criticalValue").queryLabeled().getText())
                .isEqualTo(expected.critical() + " of " + expected.scored());
        assertThat(robot.lookup("#criticalRates").queryLabeled().getText())
                .isEqualTo(percent(expected.recall()) + " / " + percent(expected.precision()));
        // every critical token of the response is drawn in the critical style
        long marked = robot.lookup(".token-critical").queryAllAs(Text.class).stream().mapToLong(t -> t.getText().length()).sum();
        assertThat(marked).isEqualTo(tokens.stream().filter(TokenRecord::critical).mapToLong(t -> t.text().length()).sum());
        int critical = tokens.stream().filter(TokenRecord::critical).findFirst().orElseThrow().index();
        assertThat(fx(() -> app.vm.tokens().describe(critical))).contains("LLM opinion: p ").contains("CRITICAL");
        app.snapshot("llm-opinion");
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%.0f %%", 100 * v);
    }
}
