package io.relayscope.app;

import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.EngineModelService;
import io.relayscope.app.service.RecentFiles;
import io.relayscope.app.service.TraceFiles;
import io.relayscope.app.viewmodel.MainViewModel;
import io.relayscope.engine.ModelSource;
import io.relayscope.engine.realshape.RealShapeFixtures;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.prefs.Preferences;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.waitFor;

/**
 * The app's view model with the real model service (no window), the onnx-community Qwen3-shaped pair loaded on its
 * q4 (MatMulNBits) variant for both models: random weights, the real Qwen3 tokenizer and chat template.
 */
final class RealShapeQ4ViewModel implements AutoCloseable {
    final TestDialogs dialogs = new TestDialogs();
    final Preferences prefs = Preferences.userRoot().node("relayscope-realshape-" + UUID.randomUUID());
    final MainViewModel vm;

    RealShapeQ4ViewModel() {
        Path folder = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY);
        prefs.putBoolean("firstStartDone", true);
        AppServices services = new AppServices(dialogs, new BackgroundRunner(), new EngineModelService(),
                new TraceFiles(), new RecentFiles(prefs), prefs, List.of("What is 2+2?"));
        vm = fx(() -> new MainViewModel(services));
        fx(() -> {
            vm.models().open(new ModelSource.Folder(folder, Optional.of("q4")), new ModelSource.Folder(folder, Optional.of("q4")));
            return null;
        });
        waitFor(180, () -> vm.models().loaded() != null && !vm.models().loadingProperty().get());
    }

    @Override
    public void close() {
        AppFixture.shutdown(vm, prefs);
    }
}
