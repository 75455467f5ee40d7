package io.relayscope.app.view;

import io.relayscope.app.model.CompareRow;
import io.relayscope.app.viewmodel.CompareViewModel;
import io.relayscope.trace.cost.CostMeasure;
import io.relayscope.trace.cost.CostSheet;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Function;

/** The compare window's content: policies and Run all, the lanes, the hovered position's tokens, the table. */
public final class CompareView extends BorderPane {
    private final CompareLanes lanes;
    private final TableView<CompareRow> table = new TableView<>();

    /** {@code actions}: what the buttons do (the main view model's, which knows the models and files). */
    public record Actions(Runnable runAll, Runnable openTraces, Runnable addShown, Runnable stop) {
    }

    public CompareView(CompareViewModel vm, ObservableBooleanValue dark, ObservableValue<Boolean> canRun, Actions actions) {
        getStyleClass().add("compare-view");
        lanes = new CompareLanes(vm, dark);
        setTop(toolBar(vm, canRun, actions));
        Label details = new Label();
        details.setId("compareDetails");
        details.textProperty().bind(vm.detailsProperty());
        details.getStyleClass().add("compare-details");
        details.setMaxWidth(Double.MAX_VALUE);
        Label title = new Label("RUNS SIDE BY SIDE");
        title.getStyleClass().add("section-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label legend = new Label("tokens aligned by response position \u00b7 SLM blue, LLM vermillion underlined, "
                + "<call> pink \u00b7 under each run its relay timeline, the box the part in view");
        legend.setTooltip(new Tooltip("A timeline's calls are the outlined bars in its LLM lane. Wheel over a timeline "
                + "zooms and a drag pans every timeline; hover or click one to mark or select that position in every lane."));
        legend.getStyleClass().add("muted");
        // the lanes as tall as they need, scrolled up and down when the window is shorter; the table as tall as its rows
        javafx.scene.control.ScrollPane lanesScroll = new javafx.scene.control.ScrollPane(lanes);
        lanesScroll.setId("compareLanesScroll");
        lanesScroll.setFitToWidth(true);
        lanesScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        lanesScroll.setStyle("-fx-background-color: transparent; -fx-background: transparent; -fx-padding: 0;");
        lanesScroll.setMinHeight(120);
        lanesScroll.prefViewportHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> lanes.prefHeight(-1), vm.versionProperty()));
        VBox.setVgrow(lanesScroll, Priority.ALWAYS);
        VBox center = new VBox(6, new HBox(12, title, legend), lanesScroll, details, tableTitle(), table);
        center.getStyleClass().add("compare-center");
        table.setFixedCellSize(26);
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(vm.rows()).add(1).multiply(26).add(34));
        table.setMinHeight(Region.USE_PREF_SIZE);
        setCenter(center);
        table.setId("compareTable");
        table.setItems(vm.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().addAll(java.util.List.of(
                column("Run", CompareRow::run, 130),
                column("Answer", CompareRow::answer, 70),
                column("Right?", CompareRow::check, 110),
                column("LLM ratio", r -> String.format(Locale.ROOT, "%.1f %%", 100 * r.llmRatio()), 80),
                column("Calls", r -> Integer.toString(r.calls()), 50),
                column("SLM", r -> Integer.toString(r.slmTokens()), 50),
                column("LLM", r -> Integer.toString(r.llmTokens()), 50),
                column("<call>", r -> Integer.toString(r.commandTokens()), 55),
                column("Compute", r -> CostMeasure.FLOPS.format(r.flops()), 90),
                column("Saving vs LLM alone", r -> String.format(Locale.ROOT, "%.1f %%", 100 * r.flopsSaving()), 130),
                withTip(column("Money", r -> CostSheet.moneyText(r.money()), 90), CostMeasure.MONEY.explanation()
                        + " Set them under Prices in the main window."),
                column("Time", r -> String.format(Locale.ROOT, "%.2f s", r.seconds()), 70)));
        Label placeholder = new Label("No runs yet.");
        placeholder.getStyleClass().add("muted");
        table.setPlaceholder(placeholder);
        table.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            if (now.intValue() >= 0) {
                vm.selectDivergence(lanes.visibleColumns());
            }
        });
    }

    private static Label tableTitle() {
        Label l = new Label("ANSWER AND COST PER RUN");
        l.getStyleClass().add("section-title");
        return l;
    }

    private ToolBar toolBar(CompareViewModel vm, ObservableValue<Boolean> canRun, Actions actions) {
        ToolBar bar = new ToolBar();
        bar.getItems().add(new Label("Policies:"));
        for (CompareViewModel.PolicyChoice c : vm.policies()) {
            CheckBox box = new CheckBox(c.name());
            box.setId("comparePolicy-" + c.name());
            box.selectedProperty().bindBidirectional(c.selected());
            box.disableProperty().bind(vm.runningProperty());
            bar.getItems().add(box);
        }
        Button runAll = new Button("\u25B6 Run all");
        runAll.setId("compareRunAll");
        runAll.getStyleClass().add("run-button");
        runAll.setTooltip(new Tooltip("Answer the prompt under every chosen policy with the settings of the main window"));
        runAll.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !Boolean.TRUE.equals(canRun.getValue()) || vm.runningProperty().get(), canRun, vm.runningProperty()));
        runAll.setOnAction(e -> actions.runAll().run());
        Button stop = new Button("\u25A0 Stop");
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setOnAction(e -> actions.stop().run());
        Button open = new Button("Open traces\u2026");
        open.setId("compareOpen");
        open.disableProperty().bind(vm.runningProperty());
        open.setOnAction(e -> actions.openTraces().run());
        Button add = new Button("Add the run on screen");
        add.setId("compareAddShown");
        add.disableProperty().bind(vm.runningProperty());
        add.setOnAction(e -> actions.addShown().run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label status = new Label();
        status.setId("compareStatus");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("muted");
        bar.getItems().addAll(runAll, stop, open, add, spacer, status);
        return bar;
    }

    private static TableColumn<CompareRow, String> column(String title, Function<CompareRow, String> value, double width) {
        TableColumn<CompareRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private static TableColumn<CompareRow, String> withTip(TableColumn<CompareRow, String> c, String tip) {
        Label header = new Label(c.getText());
        header.setTooltip(new Tooltip(tip));
        c.setText("");
        c.setGraphic(header);
        return c;
    }

    public CompareLanes lanes() {
        return lanes;
    }

    public TableView<CompareRow> table() {
        return table;
    }
}
