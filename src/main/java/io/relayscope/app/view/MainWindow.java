package io.relayscope.app.view;

import io.relayscope.app.viewmodel.MainViewModel;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Puts the main view in a stage: scene, theme, title, and a confirm before unsaved work is closed. */
public final class MainWindow {
    public static final double WIDTH = io.relayscope.app.viewmodel.LayoutMemory.DEFAULT_WIDTH;
    public static final double HEIGHT = io.relayscope.app.viewmodel.LayoutMemory.DEFAULT_HEIGHT;

    private MainWindow() {
    }

    public static MainView show(Stage stage, MainViewModel vm) {
        MainView view = new MainView(vm);
        var layout = vm.layout();
        Scene scene = new Scene(view, layout.widthProperty().get(), layout.heightProperty().get());
        Theme.apply(scene, vm.darkThemeProperty().get());
        vm.darkThemeProperty().addListener((o, was, dark) -> Theme.apply(scene, dark));
        stage.titleProperty().bind(vm.document().titleProperty());
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            if (!vm.confirmClose()) {
                e.consume();
            }
        });
        // the remembered size is the window's: set on the stage, which keeps its own size when a scene is replaced
        stage.setWidth(layout.widthProperty().get());
        stage.setHeight(layout.heightProperty().get());
        stage.setMaximized(layout.maximizedProperty().get());
        stage.show();
        // remembered for the next start: the size while not maximised, and whether it was
        stage.widthProperty().addListener((o, was, w) -> {
            if (stage.getScene() == scene && !stage.isMaximized()) {
                layout.widthProperty().set(w.doubleValue());
            }
        });
        stage.heightProperty().addListener((o, was, h) -> {
            if (stage.getScene() == scene && !stage.isMaximized()) {
                layout.heightProperty().set(h.doubleValue());
            }
        });
        stage.maximizedProperty().addListener((o, was, m) -> {
            if (stage.getScene() == scene) { // a stage given another scene (tests reuse one) no longer reports here
                layout.maximizedProperty().set(m);
            }
        });
        return view;
    }
}
