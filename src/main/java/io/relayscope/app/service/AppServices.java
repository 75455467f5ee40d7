package io.relayscope.app.service;

import java.util.List;
import java.util.prefs.Preferences;

/** Everything the view models need from outside, gathered so tests can swap any part. */
public record AppServices(DialogService dialogs, BackgroundRunner background, ModelService models,
                          TraceFiles traceFiles, RecentFiles recentFiles, Preferences preferences,
                          List<String> sampleQuestions, FrameClock frames, RecoveryFiles recovery) {

    /** With the JavaFX frame clock and no crash recovery (tests that need neither). */
    public AppServices(DialogService dialogs, BackgroundRunner background, ModelService models, TraceFiles traceFiles,
                       RecentFiles recentFiles, Preferences preferences, List<String> sampleQuestions) {
        this(dialogs, background, models, traceFiles, recentFiles, preferences, sampleQuestions, new FxFrameClock(),
                RecoveryFiles.none());
    }

    /** The services of the real app, with its preferences node and dialogs. */
    public static AppServices standard(DialogService dialogs, Preferences prefs) {
        return new AppServices(dialogs, new BackgroundRunner(), new EngineModelService(), new TraceFiles(),
                new RecentFiles(prefs), prefs, SampleQuestions.load(50), new FxFrameClock(), RecoveryFiles.standard());
    }
}
