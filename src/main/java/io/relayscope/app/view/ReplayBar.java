package io.relayscope.app.view;

import io.relayscope.app.viewmodel.ReplayViewModel;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

import java.util.Locale;

/** The replay scrubber: to start, step back, play/pause, step forward, to end, a slider over k, speed. */
public final class ReplayBar extends HBox {
    private final Slider slider = new Slider(0, 0, 0);
    private boolean updating;

    public ReplayBar(ReplayViewModel vm) {
        getStyleClass().add("replay-bar");
        setId("replayBar");
        Label title = new Label("Replay");
        title.getStyleClass().add("section-title");
        title.setStyle("-fx-padding: 0;");
        Button start = button("|\u25C0", "To the start", vm::toStart);
        Button back = button("\u2039", "One token back", vm::stepBack);
        Button play = button("\u25B6", "Play / pause", vm::togglePlay);
        play.setId("playButton");
        play.textProperty().bind(Bindings.when(vm.playingProperty()).then("\u275A\u275A").otherwise("\u25B6"));
        Button forward = button("\u203A", "One token forward", vm::stepForward);
        forward.setId("stepForwardButton");
        Button end = button("\u25B6|", "To the end", vm::toEnd);
        Button nextCall = button("Next call \u203A\u203A", "To the next call, paused before the LLM writes", vm::nextCall);
        nextCall.setId("nextCallButton");
        javafx.scene.control.CheckBox pause = new javafx.scene.control.CheckBox("Pause at calls");
        pause.setId("pauseAtCalls");
        pause.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        pause.setTooltip(new Tooltip("Playing stops before each call's LLM tokens, with a caption saying what happens"));
        pause.selectedProperty().bindBidirectional(vm.pauseAtCallsProperty());

        slider.setId("replaySlider");
        slider.maxProperty().bind(vm.lengthProperty());
        slider.setBlockIncrement(1);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setMaxWidth(Double.MAX_VALUE);
        slider.valueProperty().addListener((o, was, now) -> {
            if (!updating) {
                vm.pause();
                vm.positionProperty().set((int) Math.round(now.doubleValue()));
            }
        });
        vm.positionProperty().addListener((o, was, now) -> {
            updating = true;
            slider.setValue(now.intValue());
            updating = false;
        });
        Label position = new Label();
        position.setId("replayPosition");
        position.getStyleClass().add("position-label");
        position.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%,d / %,d", vm.positionProperty().get(), vm.lengthProperty().get()),
                vm.positionProperty(), vm.lengthProperty()));
        ComboBox<Double> speed = new ComboBox<>();
        speed.getItems().setAll(ReplayViewModel.SPEEDS);
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : String.format(Locale.ROOT, "%,.0f tok/s", v);
            }

            @Override
            public Double fromString(String s) {
                return Double.valueOf(s.replaceAll("[^0-9.]", ""));
            }
        });
        speed.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.speedProperty().set(now);
            }
        });
        speed.setValue(vm.speedProperty().get());
        speed.setTooltip(new Tooltip("Replay speed"));
        getChildren().addAll(title, start, back, play, forward, end, nextCall, pause, slider, position, speed);
        disableProperty().bind(vm.enabledProperty().not());
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return b;
    }

    public Slider slider() {
        return slider;
    }
}
