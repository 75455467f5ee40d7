package io.relayscope.app;

import io.relayscope.app.service.AppServices;
import io.relayscope.app.view.FxDialogService;
import io.relayscope.app.view.MainWindow;
import io.relayscope.app.viewmodel.MainViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;

/** The RelayScope desktop application: opens the main window on the embedded demo model pair. */
public final class RelayScopeApp extends Application {
    /** System property naming the preferences node (tests use a throw-away one). */
    public static final String PREFS_NODE_PROPERTY = "relayscope.prefsNode";
    private static final String DEFAULT_PREFS_NODE = "/io/relayscope/app";
    private MainViewModel vm;

    @Override
    public void start(Stage stage) {
        Preferences prefs = Preferences.userRoot().node(System.getProperty(PREFS_NODE_PROPERTY, DEFAULT_PREFS_NODE));
        AppServices services = AppServices.standard(new FxDialogService(() -> stage,
                new io.relayscope.app.service.ChooserFolders(prefs, new io.relayscope.app.service.TraceFiles().sampleSessionsDir())), prefs);
        vm = new MainViewModel(services);
        io.relayscope.app.service.AppErrors.install(services.dialogs());
        MainWindow.show(stage, vm);
        vm.models().loadRemembered();
        List<String> files = getParameters().getUnnamed();
        if (!files.isEmpty()) {
            Platform.runLater(() -> vm.document().openFile(Path.of(files.get(0))));
        } else {
            Platform.runLater(() -> {
                if (!vm.offerRecovery()) {
                    vm.document().offerSamplesOnFirstStart();
                }
            });
        }
        FirstPaint.reportIfAsked(stage);
    }

    @Override
    public void stop() {
        if (vm != null) {
            vm.shutdown();
        }
    }
}
