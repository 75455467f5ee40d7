package io.relayscope.app.view;

import io.relayscope.app.viewmodel.MainViewModel;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The compare window: one per main window, shown again (not rebuilt) when asked for twice. */
public final class CompareWindow {
    public static final double WIDTH = 1200;
    public static final double HEIGHT = 760;
    private final Stage stage = new Stage();
    private final CompareView view;

    public CompareWindow(Window owner, MainViewModel vm) {
        view = new CompareView(vm.compare(), vm.darkThemeProperty(), vm.commands().canRun(),
                new CompareView.Actions(vm::runAllPolicies, vm::compareOpenTraces, vm::compareAddShown, vm::stop));
        // never taller or wider than the screen (the lanes scroll up and down instead)
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.min(WIDTH, screen.getWidth()), Math.min(HEIGHT, screen.getHeight()));
        Theme.apply(scene, vm.darkThemeProperty().get());
        vm.darkThemeProperty().addListener((o, was, dark) -> Theme.apply(scene, dark));
        stage.setScene(scene);
        stage.setTitle("Compare runs \u2014 RelayScope");
        if (owner != null) {
            stage.initOwner(owner);
        }
    }

    public Stage show() {
        stage.show();
        stage.toFront();
        return stage;
    }

    public CompareView view() {
        return view;
    }

    public Stage stage() {
        return stage;
    }
}
