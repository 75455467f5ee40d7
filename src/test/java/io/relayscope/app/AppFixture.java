package io.relayscope.app;

import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.EngineModelService;
import io.relayscope.app.service.RecentFiles;
import io.relayscope.app.service.SampleQuestions;
import io.relayscope.app.service.TraceFiles;
import io.relayscope.app.view.MainView;
import io.relayscope.app.view.MainWindow;
import io.relayscope.app.viewmodel.MainViewModel;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The real main window on the real demo models, with recorded dialogs and a throw-away preferences node. A test class
 * registers it as a field, {@code @RegisterExtension final AppFixture app = new AppFixture();}, beside
 * {@code @ExtendWith(ApplicationExtension.class)}: TestFX's extension registers the primary stage first, this one then
 * builds the window on it before each test and shuts it down after (before TestFX cleans the stage up).
 */
final class AppFixture implements BeforeEachCallback, AfterEachCallback {
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    final TestDialogs dialogs = new TestDialogs();
    final Preferences prefs = Preferences.userRoot().node("relayscope-test-" + UUID.randomUUID());
    MainViewModel vm;
    MainView view;
    Stage stage;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        FxToolkit.setupStage(this::start);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** Builds the window on the FX thread, on TestFX's primary stage. */
    private void start(Stage stage) {
        this.stage = stage;
        prefs.putBoolean("firstStartDone", true);
        AppServices services = new AppServices(dialogs, new BackgroundRunner(), new EngineModelService(), new TraceFiles(),
                new RecentFiles(prefs), prefs, SampleQuestions.load(20));
        vm = new MainViewModel(services);
        view = MainWindow.show(stage, vm); // 1280 x 800 from fresh preferences (LayoutMemory's defaults)
    }

    /** Loads the demo pair and waits for it. */
    void loadDemoModels() {
        requireDemoModels();
        fx(() -> {
            vm.models().loadDemo();
            return null;
        });
        // loading is set at once: waiting for it to end also waits when another pair was loaded before
        waitFor(120, () -> !fx(() -> vm.models().loadingProperty().get()));
        if (fx(() -> vm.models().loaded()) == null) {
            throw new AssertionError("demo models did not load: " + fx(() -> vm.models().statusProperty().get()));
        }
    }

    static void requireDemoModels() {
        for (String m : new String[]{"tiny-slm-base", "tiny-llm"}) {
            if (!Files.isRegularFile(Path.of("assets/models", m, "model.onnx"))) {
                throw new AssertionError("demo model missing: assets/models/" + m);
            }
        }
    }

    private void stop() {
        shutdown(vm, prefs);
    }

    /** Shuts a view model down on the FX thread and removes its throw-away preferences node. */
    static void shutdown(MainViewModel vm, Preferences prefs) {
        fx(() -> {
            vm.shutdown();
            return null;
        });
        try {
            prefs.removeNode();
        } catch (BackingStoreException ignored) {
            // a stale test node is harmless
        }
    }

    /** Runs code on the FX thread and returns its result. */
    static <T> T fx(Callable<T> work) {
        if (Platform.isFxApplicationThread()) {
            try {
                return work.call();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }
        try {
            return WaitForAsyncUtils.asyncFx(work).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static void fxRun(Runnable work) {
        fx(() -> {
            work.run();
            return null;
        });
    }

    /** Waits up to {@code seconds} for a condition evaluated on the FX thread. */
    static void waitFor(int seconds, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition::getAsBoolean));
        } catch (Exception e) {
            throw new AssertionError("condition not met within " + seconds + " s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the run has ended. */
    void waitIdle(int seconds) {
        waitFor(seconds, () -> !vm.runningProperty().get() && !vm.document().busyProperty().get());
    }

    /** Writes a PNG snapshot of one node (e.g. a pop-up's content) to target/screenshots/{name}.png. */
    void snapshotNode(javafx.scene.Node node, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        write(fx(() -> node.snapshot(null, null)), name);
    }

    static void write(WritableImage image, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", SCREENSHOTS.resolve(name + ".png").toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot write screenshot " + name, e);
        }
    }

    /** Writes a PNG snapshot of another window's scene (e.g. the compare window) to target/screenshots/{name}.png. */
    void snapshot(Scene scene, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        write(fx(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return scene.snapshot(null);
        }), name);
    }

    /** Writes a PNG snapshot of the scene to target/screenshots/{name}.png. */
    void snapshot(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = fx(() -> {
            Scene scene = stage.getScene();
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return scene.snapshot(null);
        });
        write(image, name);
    }
}
