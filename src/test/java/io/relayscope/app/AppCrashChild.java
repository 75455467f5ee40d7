package io.relayscope.app;

import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.FxFrameClock;
import io.relayscope.app.service.RecentFiles;
import io.relayscope.app.service.RecoveryFiles;
import io.relayscope.app.service.TraceFiles;
import io.relayscope.app.view.FxDialogService;
import io.relayscope.app.view.MainWindow;
import io.relayscope.app.viewmodel.MainViewModel;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.stage.Stage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

/**
 * The real main window (JavaFX, here under Monocle headless) with the app's own services -- FX thread, frame
 * timer, background runner, autosave to {@code <relayscope.cache>/recovery/session-<pid>.json} -- on the demo
 * models with end-of-sequence off, so a run goes on until {@link AppCrashTest} kills this JVM with SIGKILL. Once
 * the models are loaded it makes a session of several runs first: a short run ({@link #FIRST_TOKENS} tokens), a
 * branch of it ({@link #BRANCH_AT} response tokens in, with another of the alternatives there) and Compare with
 * parent; then it presses the Run button for the endless run and reports on stdout every 50 ms, from the FX thread:
 * {@code run <tokens> <decoding micros> <autosaves>} and a {@code tok <index> <id>} line per new token.
 */
public final class AppCrashChild {
    static final int FIRST_TOKENS = 24;
    static final int BRANCH_AT = 3;

    private AppCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        Preferences prefs = Preferences.userRoot().node(System.getProperty("relayscope.prefsNode"));
        prefs.putBoolean("firstStartDone", true);
        MainViewModel[] vm = new MainViewModel[1];
        Stage[] stage = new Stage[1];
        Platform.startup(() -> {
            stage[0] = new Stage();
            AppServices services = new AppServices(new FxDialogService(() -> stage[0],
                    new io.relayscope.app.service.ChooserFolders(prefs, java.nio.file.Path.of("sample-sessions"))), new BackgroundRunner(),
                    new HeadlessApp.LongRunModels(), new TraceFiles(), new RecentFiles(prefs), prefs,
                    List.of("Tom has 32 stamps and buys 17 more. How many?"), new FxFrameClock(), RecoveryFiles.standard());
            vm[0] = new MainViewModel(services);
            MainWindow.show(stage[0], vm[0]);
            vm[0].models().loadDemo();
        });
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
        int[] reported = {0};
        int[] step = {0};
        reporter.scheduleAtFixedRate(() -> Platform.runLater(() -> {
            MainViewModel m = vm[0];
            Button run = (Button) stage[0].getScene().lookup("#runButton");
            if (step[0] == 0 && m.models().loaded() != null && m.commands().canRun().get()) {
                m.settings().maxNewTokensProperty().set(FIRST_TOKENS); // a short run to branch from
                run.fire(); // what a click does
                step[0] = 1;
                return;
            }
            if (step[0] == 1 && !m.runningProperty().get() && m.sessionView().currentTrace().isPresent()) {
                Trace first = m.sessionView().currentTrace().get();
                int at = first.summary().promptTokens() + BRANCH_AT;
                TokenRecord there = first.tokens().get(at);
                int other = there.alternatives().stream().mapToInt(a -> a.id()).filter(id -> id != there.id()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no other alternative at " + at));
                m.branch(at, other); // "Continue from here with this token"
                step[0] = 2;
                return;
            }
            if (step[0] == 2 && !m.runningProperty().get() && m.branches().tree().size() == 2) {
                m.compareWithParent();
                m.settings().maxNewTokensProperty().set(1_000_000);
                run.fire();
                step[0] = 3;
                out.println("pressed Run");
                out.flush();
                return;
            }
            if (step[0] < 3) {
                return;
            }
            Trace t = m.sessionView().currentTrace().orElse(null);
            if (t == null) {
                return;
            }
            List<TokenRecord> tokens = t.tokens();
            long micros = 0;
            for (TokenRecord r : tokens) {
                micros += Math.max(0, r.latencyMicros());
            }
            for (int i = reported[0]; i < tokens.size(); i++) {
                out.println("tok " + i + " " + tokens.get(i).id());
            }
            reported[0] = tokens.size();
            out.println("run " + tokens.size() + " " + micros + " " + m.autosaves());
            out.flush();
        }), 50, 50, TimeUnit.MILLISECONDS);
        Thread.sleep(Long.MAX_VALUE); // until killed
    }
}
