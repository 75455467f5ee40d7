package io.relayscope.app;

import io.relayscope.trace.cost.CostMeasure;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The counters show every cost measure against the LLM alone, as the CLI does; the LLM alone saves nothing. */
@ExtendWith(ApplicationExtension.class)
class CostCountersTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    private void open(String sample) {
        fxRun(() -> app.vm.document().openFile(Path.of("sample-sessions", sample)));
        waitFor(30, () -> fx(() -> !app.vm.counters().costLines().isEmpty() && !app.vm.session().tokens().isEmpty()));
    }

    private String text(String id) {
        return fx(() -> {
            app.view.applyCss();
            app.view.layout();
            Label l = (Label) app.view.lookup("#" + id);
            return l == null ? null : l.getText();
        });
    }

    @Test
    void anLlmOnlyTraceShowsZeroSavingOnEveryMeasure() {
        open("llm-only.json");
        for (CostMeasure m : CostMeasure.values()) {
            if (m == CostMeasure.MONEY) {
                assertThat(text("cost-" + m.name())).as("money is off until prices are set").isNull();
            } else if (m.hasSaving()) {
                assertThat(text("saving-" + m.name())).as(m.label()).endsWith("saving 0.0 %");
            } else {
                assertThat(text("cost-" + m.name())).as("the SLM never ran").isEqualTo("0");
            }
        }
    }

    @Test
    void aRelayShowsItsSavingInForwardPassesBesideTheHeadlineRatio() {
        open("model-command.json");
        String forwards = text("saving-" + CostMeasure.LLM_FORWARDS.name());
        assertThat(forwards).matches("LLM alone \\d+  \u00B7  saving 9\\d\\.\\d %");
        String tokens = text("saving-" + CostMeasure.LLM_TOKENS.name());
        double ratio = fx(() -> app.vm.counters().ratioProperty().get());
        assertThat(tokens).endsWith(String.format(java.util.Locale.ROOT, "saving %.1f %%", 100 * (1 - ratio)));
        app.snapshot("costs-model-command");
    }

    @Test
    void pricesTypedInTheAppPutTheCostCataloguesMoneyRowBesideTheOthers(FxRobot robot) throws Exception {
        open("model-command.json");
        assertThat(text("cost-" + CostMeasure.MONEY.name())).isNull();
        fxRun(() -> ((javafx.scene.control.TitledPane) app.view.lookup("#prices")).setExpanded(true));
        String[][] typed = {{"price-slm-input", "0.1"}, {"price-slm-cached", "0.02"}, {"price-slm-output", "0.4"},
                {"price-llm-input", "0.6"}, {"price-llm-cached", "0.15"}, {"price-llm-output", "2.4"}};
        for (String[] t : typed) {
            fxRun(() -> ((javafx.scene.control.Spinner<?>) app.view.lookup("#" + t[0])).getEditor().setText(t[1]));
        }
        io.relayscope.trace.cost.Prices prices = new io.relayscope.trace.cost.Prices(0.1, 0.02, 0.4, 0.6, 0.15, 2.4);
        assertThat(fx(() -> app.vm.prices().prices().get())).isEqualTo(prices);
        io.relayscope.trace.Trace trace = io.relayscope.trace.TraceCodec.read(Path.of("sample-sessions/model-command.json"));
        io.relayscope.trace.cost.CostSheet.Row money = io.relayscope.trace.cost.CostSheet.of(
                io.relayscope.trace.cost.RunCounts.of(trace), prices).rows().stream()
                .filter(r -> r.measure() == CostMeasure.MONEY).findFirst().orElseThrow();
        assertThat(text("cost-" + CostMeasure.MONEY.name())).isEqualTo(CostMeasure.MONEY.format(money.run()));
        assertThat(text("saving-" + CostMeasure.MONEY.name())).startsWith("LLM alone " + CostMeasure.MONEY.format(money.llmAlone()));
        fxRun(() -> ((javafx.scene.control.ScrollPane) app.view.lookup(".side-panel-scroll")).setVvalue(1));
        app.snapshot("costs-with-prices");

        fxRun(() -> ((javafx.scene.control.Spinner<?>) app.view.lookup("#price-llm-output")).getEditor().setText("-1"));
        assertThat(fx(() -> app.vm.settings().runProblem().get())).isEqualTo("LLM output price must be from 0 to 10000, not -1");
        assertThat(app.prefs.getDouble("prices.llmOutput", 0)).as("remembered").isEqualTo(2.4);
    }
}
