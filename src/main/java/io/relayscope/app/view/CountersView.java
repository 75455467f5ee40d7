package io.relayscope.app.view;

import io.relayscope.app.viewmodel.CountersViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;

/** Live cost counters: the LLM token ratio (big), tokens per model, calls, tokens/s, every cost measure against the LLM alone, sparkline. */
public final class CountersView extends VBox {
    private final Label ratio = new Label();

    public CountersView(CountersViewModel vm, ObservableBooleanValue dark) {
        getStyleClass().add("counters");
        setId("counters");
        setMinWidth(0); // the column's width is set by MainView (a share of the window); every text here wraps
        Label title = new Label("TOKENS AND COST");
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        ratio.setId("ratioValue");
        ratio.getStyleClass().add("counter-big");
        ratio.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.1f %%", 100 * vm.ratioProperty().get()), vm.ratioProperty()));
        Label ratioCaption = new Label("LLM token ratio = LLM / (SLM + command + LLM)");
        ratioCaption.getStyleClass().add("muted");
        ratioCaption.setWrapText(true);

        Label answer = new Label();
        answer.setId("answerCheck");
        answer.getStyleClass().add("answer-check");
        answer.setWrapText(true);
        answer.textProperty().bind(vm.answerCheckProperty());
        answer.visibleProperty().bind(vm.answerCheckProperty().isNotEmpty());
        answer.managedProperty().bind(answer.visibleProperty());

        VBox grid = new VBox(4);
        grid.setId("counterRows");
        int row = 0;
        row = add(grid, row, "Prompt", number(vm.promptTokensProperty(), "promptCount"), "");
        row = add(grid, row, "SLM", number(vm.slmTokensProperty(), "slmCount"), "slm");
        Label slmRow = (Label) ((CounterRow) grid.getChildren().get(grid.getChildren().size() - 1)).getChildrenUnmodifiable().get(0);
        slmRow.setId("counterSlmName");
        slmRow.textProperty().bind(vm.slmNameProperty());
        row = add(grid, row, "Commands", number(vm.commandTokensProperty(), "commandCount"), "");
        row = add(grid, row, "LLM", number(vm.llmTokensProperty(), "llmCount"), "llm");
        row = add(grid, row, "Calls", number(vm.callsProperty(), "callCount"), "");
        Label tps = new Label();
        tps.setId("tokensPerSecond");
        tps.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.0f", vm.tokensPerSecondProperty().get()), vm.tokensPerSecondProperty()));
        row = add(grid, row, "Tokens/s", tps, "");
        Label critical = new Label();
        critical.setId("criticalValue");
        critical.textProperty().bind(vm.criticalTextProperty());
        critical.setTooltip(new javafx.scene.control.Tooltip("LLM opinion: tokens where the models' top choices differ; "
                + "recall = share a call covered, precision = share of calls spent on one"));
        row = add(grid, row, "Critical", critical, "");
        Label rates = new Label();
        rates.setId("criticalRates");
        rates.textProperty().bind(vm.criticalRatesTextProperty());
        rates.setTooltip(critical.getTooltip());
        add(grid, row, "Recall / prec.", rates, "");

        Label costTitle = new Label("COST AGAINST THE LLM ALONE");
        costTitle.getStyleClass().add("section-title");
        costTitle.setWrapText(true);
        VBox costs = new VBox(2);
        costs.setId("costTable");
        vm.costLines().addListener((ListChangeListener<CountersViewModel.CostLine>) c -> fillCosts(costs, vm.costLines()));
        fillCosts(costs, vm.costLines());
        Label sparkTitle = new Label("LLM ratio over the response");
        sparkTitle.getStyleClass().add("muted");
        sparkTitle.setWrapText(true);
        Sparkline spark = new Sparkline(vm.history(), dark);
        spark.setId("sparkline");
        vm.historyVersionProperty().addListener(o -> spark.redraw());
        Label costNote = new Label("Saving = 1 \u2212 run / LLM alone, where the LLM alone writes the same response "
                + "after the same prompt. Hover a measure for its definition.");
        costNote.getStyleClass().add("muted");
        costNote.setWrapText(true);
        costNote.getStyleClass().add("footnote");
        getChildren().addAll(title, ratio, ratioCaption, answer, grid, costTitle, costs, costNote, sparkTitle, spark);
        for (Label l : new Label[] {title, ratioCaption, answer, costTitle, costNote, sparkTitle}) {
            whole(l);
        }
    }

    /** Two lines per measure: its name (definition on hover) and value, then the LLM alone's value and the saving. */
    private static void fillCosts(VBox box, List<CountersViewModel.CostLine> lines) {
        box.getChildren().clear();
        for (CountersViewModel.CostLine line : lines) {
            Label name = new Label(line.measure().label());
            name.getStyleClass().add("counter-name");
            name.setWrapText(true);
            name.setMinWidth(0);
            Tooltip tip = new Tooltip(line.measure().explanation());
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            name.setTooltip(tip);
            Label value = new Label(line.value());
            value.getStyleClass().add("counter-value");
            value.setId("cost-" + line.measure().name());
            box.getChildren().add(row(name, value));
            if (!line.llmAlone().isEmpty()) {
                Label alone = new Label("LLM alone " + line.llmAlone()
                        + (line.saving().isEmpty() ? "" : "  \u00B7  saving " + line.saving()));
                alone.getStyleClass().addAll("muted", "footnote");
                whole(alone);
                alone.setId("saving-" + line.measure().name());
                box.getChildren().add(alone);
            }
        }
    }

    /** A text that wraps and is never squeezed below its wrapped height (the column scrolls instead). */
    private static void whole(Label l) {
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    }

    private static Label number(javafx.beans.value.ObservableNumberValue value, String id) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%,d", value.longValue()), value));
        return l;
    }

    private static int add(VBox rows, int row, String name, Label value, String extraClass) {
        Label n = new Label(name);
        n.getStyleClass().add("counter-name");
        n.setWrapText(true);
        n.setMinWidth(0);
        value.getStyleClass().add("counter-value");
        if (!extraClass.isEmpty()) {
            value.getStyleClass().add(extraClass);
        }
        rows.getChildren().add(row(n, value));
        return row + 1;
    }

    /** A counter's row: name and value on one line, or the value under the name in a narrow column. */
    private static CounterRow row(Label name, Label value) {
        value.setTextAlignment(javafx.scene.text.TextAlignment.RIGHT);
        value.setAlignment(javafx.geometry.Pos.TOP_RIGHT);
        return new CounterRow(name, value);
    }
}
