package io.relayscope.app;

import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.RecentFiles;
import io.relayscope.app.service.TraceFiles;
import io.relayscope.app.view.MainView;
import io.relayscope.app.view.MainWindow;
import io.relayscope.app.viewmodel.MainViewModel;
import io.relayscope.trace.Trace;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.prefs.Preferences;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;

/**
 * Benchmark, not a test (runs only with -Dbench=true, e.g. -Dtest=TokenViewBenchmark -Dbench=true): time to first
 * paint of a 100k-token trace, and frame work while streaming tokens faster than the engine can write them.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class TokenViewBenchmark {
    private static final int TOKENS = 100_000;
    private final Trace trace = SyntheticTraces.build(TOKENS, 300, 12);
    private final Preferences prefs = Preferences.userRoot().node("relayscope-bench-" + UUID.randomUUID());
    private MainViewModel vm;
    private MainView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        AppServices services = new AppServices(new TestDialogs(), new BackgroundRunner(),
                new StreamingModels(trace, Double.parseDouble(System.getProperty("bench.rate", "5000"))),
                new TraceFiles(), new RecentFiles(prefs), prefs, List.of("bench"));
        vm = new MainViewModel(services);
        view = MainWindow.show(stage, vm);
    }

    @AfterEach
    void stop() throws Exception {
        fxRun(vm::shutdown);
        prefs.removeNode();
    }

    @Test
    void firstPaintAndStreamingFrames() {
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            fxRun(() -> {
                vm.show(trace);
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                stage.getScene().snapshot(null);
            });
            double ms = (System.nanoTime() - t0) / 1e6;
            int cells = fx(() -> view.lookupAll(".token-list .list-cell").size());
            System.out.printf(Locale.ROOT, "BENCH first paint of %,d tokens: %.0f ms (%d list cells)%n", trace.tokens().size(), ms, cells);
            fxRun(vm.document()::newSession);
        }

        fxRun(() -> vm.show(trace));
        for (boolean follow : new boolean[]{false, true}) {
            long[] worst = new long[1];
            long total = fx(() -> {
                vm.replay().toStart();
                view.tokenView().list().scrollTo(0);
                long sum = 0;
                for (int k = 0; k < 40_000; k += 400) {
                    final int pos = k;
                    long t = System.nanoTime();
                    vm.replay().positionProperty().set(pos);
                    if (follow) {
                        view.tokenView().list().scrollTo(vm.tokens().lines().size() - 1);
                    }
                    long dt = System.nanoTime() - t;
                    sum += dt;
                    worst[0] = Math.max(worst[0], dt);
                }
                return sum;
            });
            System.out.printf(Locale.ROOT, "BENCH append 400 tokens (follow %s): mean %.2f ms, max %.2f ms%n", follow,
                    total / 100 / 1e6, worst[0] / 1e6);
        }
        fxRun(vm.document()::newSession);

        fxRun(() -> vm.models().loadDemo());
        waitFor(30, () -> vm.models().loaded() != null);
        long t0 = System.nanoTime();
        fxRun(vm::run);
        waitFor(300, () -> !vm.runningProperty().get());
        double seconds = (System.nanoTime() - t0) / 1e9;
        var stats = vm.frameStats();
        System.out.printf(Locale.ROOT, "BENCH streamed %,d tokens in %.1f s (%.0f tok/s): %d frames, interval p50 %.1f p99 %.1f ms, "
                        + "our work per frame p50 %.2f p99 %.2f max %.2f ms%n",
                trace.tokens().size(), seconds, trace.tokens().size() / seconds, stats.frames(), stats.intervalMillis(50),
                stats.intervalMillis(99), stats.workMillis(50), stats.workMillis(99), stats.workMillis(100));
    }
}
