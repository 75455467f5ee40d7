package io.relayscope.app.view;

import io.relayscope.app.viewmodel.MainViewModel;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Puts the main view in a stage: scene, theme, title, and a confirm before unsaved work is closed. */
public final class MainWindow {
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;

    private MainWindow() {
    }

    public static MainView show(Stage stage, MainViewModel vm) {
        MainView view = new MainView(vm);
        Scene scene = new Scene(view, WIDTH, HEIGHT);
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
        stage.show();
        return view;
    }
}
