package io.relayscope.app.view;

import io.relayscope.app.viewmodel.CountersViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/** Live cost counters: tokens per model, calls, LLM token ratio (big), estimated cost and saving, tokens/s, sparkline. */
public final class CountersView extends VBox {
    private final Label ratio = new Label();

    public CountersView(CountersViewModel vm, ObservableBooleanValue dark) {
        getStyleClass().add("counters");
        setId("counters");
        setPrefWidth(250);
        setMinWidth(220);
        Label title = new Label("TOKENS AND COST");
        title.getStyleClass().add("section-title");
        ratio.setId("ratioValue");
        ratio.getStyleClass().add("counter-big");
        ratio.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.1f %%", 100 * vm.ratioProperty().get()), vm.ratioProperty()));
        Label ratioCaption = new Label("LLM token ratio = LLM / (SLM + command + LLM)");
        ratioCaption.getStyleClass().add("muted");
        ratioCaption.setWrapText(true);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        int row = 0;
        row = add(grid, row, "Prompt", number(vm.promptTokensProperty(), "promptCount"), "");
        row = add(grid, row, "SLM", number(vm.slmTokensProperty(), "slmCount"), "slm");
        row = add(grid, row, "Commands", number(vm.commandTokensProperty(), "commandCount"), "");
        row = add(grid, row, "LLM", number(vm.llmTokensProperty(), "llmCount"), "llm");
        row = add(grid, row, "Calls", number(vm.callsProperty(), "callCount"), "");
        Label tps = new Label();
        tps.setId("tokensPerSecond");
        tps.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.0f", vm.tokensPerSecondProperty().get()), vm.tokensPerSecondProperty()));
        row = add(grid, row, "Tokens/s", tps, "");
        Label cost = new Label();
        cost.setId("costValue");
        cost.textProperty().bind(vm.costTextProperty());
        row = add(grid, row, "Est. cost", cost, "");
        Label saving = new Label();
        saving.setId("savingValue");
        saving.textProperty().bind(vm.savingTextProperty());
        row = add(grid, row, "Saving", saving, "");
        Label alone = new Label();
        alone.setId("llmAloneValue");
        alone.textProperty().bind(vm.llmAloneTextProperty());
        add(grid, row, "LLM alone", alone, "");

        Label sparkTitle = new Label("LLM ratio over the response");
        sparkTitle.getStyleClass().add("muted");
        Sparkline spark = new Sparkline(vm.history(), dark);
        spark.setId("sparkline");
        vm.historyVersionProperty().addListener(o -> spark.redraw());
        Label costNote = new Label("Cost: 2 \u00D7 parameters FLOPs per token each model reads; saving against the LLM writing the same text alone.");
        costNote.getStyleClass().add("muted");
        costNote.setWrapText(true);
        costNote.getStyleClass().add("footnote");
        getChildren().addAll(title, ratio, ratioCaption, grid, sparkTitle, spark, costNote);
    }

    private static Label number(javafx.beans.value.ObservableNumberValue value, String id) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%,d", value.longValue()), value));
        return l;
    }

    private static int add(GridPane grid, int row, String name, Label value, String extraClass) {
        Label n = new Label(name);
        n.getStyleClass().add("counter-name");
        n.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        value.getStyleClass().add("counter-value");
        if (!extraClass.isEmpty()) {
            value.getStyleClass().add(extraClass);
        }
        grid.addRow(row, n, value);
        return row + 1;
    }
}
