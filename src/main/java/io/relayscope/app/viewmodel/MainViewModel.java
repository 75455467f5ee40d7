package io.relayscope.app.viewmodel;

import io.relayscope.app.model.FrameStats;
import io.relayscope.app.model.QueueingListener;
import io.relayscope.app.model.RelayEvent;
import io.relayscope.app.model.SessionTrace;
import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.Errors;
import io.relayscope.app.service.FrameClock;
import io.relayscope.app.service.RecoveryFiles;
import io.relayscope.app.service.LoadedModels;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ForcedPrefix;
import io.relayscope.engine.UserFacingException;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceSummary;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The main window's model: run settings and models, the relay run in the background with its events drained
 * once per frame, the session shown up to position k, and the trace document.
 */
public final class MainViewModel {
    private static final String DARK_KEY = "darkTheme";
    private static final int MAX_EVENTS_PER_FRAME = 200_000;

    private final AppServices services;
    private final RunSettingsViewModel settings;
    private final ModelsViewModel models;
    private final SessionViewModel session;
    private final DocumentViewModel document;
    private final BranchesViewModel branches;
    private final DisplayViewModel display;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper stepping = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(false);
    private final FrameStats frameStats = new FrameStats();
    private final FrameClock frames;
    private final Commands commands;

    /** The live session goes to the recovery file at least this often during a run (and at each call). */
    public static final long AUTOSAVE_NANOS = 3_000_000_000L;
    private final RecoveryFiles recovery;
    private boolean autosaveDue;
    private boolean autosaving;
    private Trace pendingSnapshot;
    private volatile boolean closed;
    private long lastAutosave;
    private long autosaves;

    private QueueingListener listener;
    private RunControl control;
    private Future<?> runTask;
    private long lastStatus;

    public MainViewModel(AppServices services) {
        this.services = services;
        this.settings = new RunSettingsViewModel(services.sampleQuestions());
        settings.setQuestionSource(io.relayscope.app.service.SampleQuestions::drawNew);
        this.models = new ModelsViewModel(services.models(), services.background(), services.dialogs());
        this.session = new SessionViewModel(running::get);
        this.document = new DocumentViewModel(services, session, running::get, this::show, status);
        this.branches = new BranchesViewModel(this::show);
        session.tokens().setBrancher(this::branch);
        Path demoSlm = services.models().demoSlmFolder();
        if (demoSlm != null && demoSlm.getFileName() != null && DemoModels.SLM_RELAY.equals(demoSlm.getFileName().toString())) {
            settings.policyProperty().set("model-command");
        }
        this.display = new DisplayViewModel(services.preferences());
        models.loadedProperty().addListener((o, was, now) -> {
            if (now != null) {
                settings.modelsLoaded(now.slmDefaults(), now.llmDefaults(), now::promptText, now.hasChatTemplate());
            }
        });
        darkTheme.set(services.preferences().getBoolean(DARK_KEY, false));
        darkTheme.addListener((o, was, on) -> services.preferences().putBoolean(DARK_KEY, on));
        commands = new Commands(running, stepping, models.loadedProperty().isNotNull(), models.loadingProperty(),
                document.busyProperty(), session.hasTraceProperty(), models.canChangeProperty());
        recovery = services.recovery();
        document.dirtyProperty().addListener((o, was, dirty) -> {
            if (!dirty && !running.get()) {
                recovery.remove(); // saved, or discarded on purpose: nothing left to recover
            }
        });
        frames = services.frames();
        frames.setHandler(this::onFrame);
        running.addListener((o, was, on) -> updateFrames());
        session.replay().playingProperty().addListener((o, was, on) -> updateFrames());
    }

    /** The frame clock runs only while there is work for it: a run to drain, a replay to advance. */
    private void updateFrames() {
        if (running.get() || session.replay().playingProperty().get()) {
            frames.start();
        } else {
            frames.stop();
        }
    }

    // ---- run ---------------------------------------------------------------------------------------------

    /** Runs the prompt; when a stepped run is waiting, lets it run freely instead. */
    public void run() {
        if (!commands.canRun().get()) {
            return;
        }
        if (running.get()) {
            if (control != null && control.isStepping()) {
                control.setStepping(false);
                stepping.set(false);
            }
            return;
        }
        startRun(false);
    }

    /** One token at a time: starts a stepped run, or releases one more token, or pauses a free run. */
    public void step() {
        if (!commands.canStep().get()) {
            return;
        }
        if (!running.get()) {
            startRun(true);
        } else if (control.isStepping()) {
            control.step();
        } else {
            control.setStepping(true);
            stepping.set(true);
        }
    }

    /** Stops the run within one step; the trace so far stays valid and can be saved. */
    public void stop() {
        if (running.get() && control != null) {
            control.cancel();
            status.set("Stopping...");
        }
    }

    private void startRun(boolean stepped) {
        LoadedModels loaded = models.loaded();
        if (loaded == null) {
            services.dialogs().showError("Cannot run", models.loadingProperty().get()
                    ? "The models are still loading; try again in a moment." : "No models loaded: " + models.statusProperty().get());
            return;
        }
        if (settings.promptProperty().get() == null || settings.promptProperty().get().isBlank()) {
            services.dialogs().showError("Cannot run", "The prompt is empty: type a question or pick a sample.");
            return;
        }
        if (document.busyProperty().get() || !document.confirmDiscard()) {
            return;
        }
        boolean opinion = settings.llmOpinionProperty().get();
        launch(stepped, (events, runControl) -> scored(loaded, loaded.run(settings.toRequest(), events, runControl), opinion),
                trace -> branches.shownTrace(trace));
    }

    /** Decodes one run in the background: the session streams its events, {@code done} gets the finished trace. */
    private interface Runner {
        Trace run(QueueingListener events, RunControl control);
    }

    private void launch(boolean stepped, Runner runner, java.util.function.Consumer<Trace> done) {
        LoadedModels loaded = models.loaded();
        QueueingListener events = new QueueingListener();
        RunControl runControl = new RunControl();
        runControl.setStepping(stepped);
        listener = events;
        control = runControl;
        session.clear(true);
        document.markNew(false);
        running.set(true);
        stepping.set(stepped);
        settings.editableProperty().set(false);
        models.setBusy(true);
        session.counters().startLiveClock(System.nanoTime());
        frameStats.reset();
        lastAutosave = System.nanoTime();
        autosaveDue = false;
        status.set(stepped ? "Stepping: press Step for each token" : "Running...");
        runTask = services.background().run("Relay run", () -> runner.run(events, runControl),
                trace -> {
                    finishRun(events, trace, null);
                    done.accept(trace);
                }, error -> finishRun(events, null, error));
    }

    /**
     * "Continue from here with this token": a new run from the shown trace's tokens before {@code index}, with
     * {@code tokenId} forced at {@code index}, the same models and settings; it joins the branch tree under it.
     */
    public void branch(int index, int tokenId) {
        LoadedModels loaded = models.loaded();
        Trace parent = session.currentTrace().orElse(null);
        if (running.get() || parent == null || document.busyProperty().get()) {
            return;
        }
        if (loaded == null) {
            services.dialogs().showError("Cannot branch", "No models loaded: " + models.statusProperty().get());
            return;
        }
        ForcedPrefix start;
        try {
            start = ForcedPrefix.of(parent, index, tokenId);
        } catch (UserFacingException e) {
            services.dialogs().showError("Cannot branch", e.getMessage());
            return;
        }
        String text = parent.tokens().get(index).alternatives().stream().filter(a -> a.id() == tokenId)
                .map(a -> a.text()).findFirst().orElse("id " + tokenId);
        int parentNode = branches.nodeOf(parent);
        RelayRequest request = RelayRequest.of(parent.header());
        boolean opinion = settings.llmOpinionProperty().get() || parent.tokens().stream().anyMatch(t -> t.shadow().isPresent());
        launch(false, (events, runControl) -> scored(loaded, loaded.branch(request, start, events, runControl), opinion),
                trace -> branches.addChild(parentNode, trace, index, tokenId, text));
    }

    /** With LLM opinion on, the finished trace scored by both models (a failed or stopped one as it is). */
    private static Trace scored(LoadedModels loaded, Trace trace, boolean opinion) {
        FinishReason f = trace.summary().finishReason();
        return opinion && f != FinishReason.ERROR && f != FinishReason.CANCELLED ? loaded.score(trace) : trace;
    }

    private void finishRun(QueueingListener events, Trace trace, Throwable error) {
        if (events != listener) {
            return;
        }
        drain();
        SessionTrace st = session.trace();
        session.adopt(trace != null ? trace : st.toTrace(FinishReason.ERROR, Errors.oneLine(error)));
        session.counters().stopLiveClock();
        session.counters().publish();
        listener = null;
        running.set(false);
        stepping.set(false);
        settings.editableProperty().set(true);
        models.setBusy(false);
        document.markNew(!st.isEmpty());
        if (!st.isEmpty()) {
            autosave(st.toTrace(FinishReason.ERROR, "unknown")); // the finished, unsaved run stays recoverable
        }
        status.set(describeFinish(st.summary()));
        if (error != null) {
            services.dialogs().showError("Decoding failed", Errors.oneLine(error));
        } else if (st.summary() != null && st.summary().finishReason() == FinishReason.ERROR) {
            String why = st.summary().error();
            services.dialogs().showError("Decoding failed", why == null || why.isBlank() ? "unknown error" : why);
        }
    }

    private static String describeFinish(TraceSummary s) {
        if (s == null) {
            return "Ready";
        }
        String reason = switch (s.finishReason()) {
            case SLM_EOS -> "the SLM finished";
            case LLM_EOS -> "the LLM finished";
            case MAX_TOKENS -> "token limit reached";
            case CONTEXT_FULL -> s.error() == null ? "context full" : s.error();
            case CANCELLED -> "stopped by you";
            case ERROR -> "failed: " + s.error();
        };
        return String.format(Locale.ROOT, "Done (%s): %d response tokens, %d calls, LLM ratio %.1f %%",
                reason, s.responseTokens(), s.calls(), 100 * s.llmTokenRatio());
    }

    // ---- frames ------------------------------------------------------------------------------------------

    private void onFrame(long now) {
        long t0 = System.nanoTime();
        if (listener != null) {
            drain();
            session.flushLive();
            if (autosaveDue || System.nanoTime() - lastAutosave >= AUTOSAVE_NANOS) {
                autosaveLive();
            }
        }
        session.replay().tick(now);
        if (running.get()) {
            frameStats.record(now, System.nanoTime() - t0);
        }
    }

    /** Applies every queued engine event to the session and the views, as one batch. */
    public void drain() {
        QueueingListener events = listener;
        if (events == null) {
            return;
        }
        List<RelayEvent> batch = events.drain(MAX_EVENTS_PER_FRAME);
        if (batch.isEmpty()) {
            return;
        }
        for (RelayEvent e : batch) {
            if (e instanceof RelayEvent.Started s) {
                session.start(s.header());
            } else if (e instanceof RelayEvent.Token t) {
                session.addToken(t.token());
            } else if (e instanceof RelayEvent.Call c) {
                session.addCall(c.call());
                autosaveDue = true;
            }
            // Finished: the final trace also comes back from the background task, which adopts it.
        }
        session.showAllLive();
        int n = session.trace().size();
        long now = System.nanoTime();
        if (now - lastStatus < SessionViewModel.LIVE_REFRESH_NANOS / 2 && !stepping.get()) {
            return;
        }
        lastStatus = now;
        status.set(stepping.get() ? "Stepping: " + n + " tokens; press Step for the next, Run to go on" : "Running: " + n + " tokens");
    }

    // ---- crash recovery ----------------------------------------------------------------------------------

    private void autosaveLive() {
        SessionTrace st = session.trace();
        if (!recovery.enabled() || autosaving || st.isEmpty() || st.header() == null) {
            return;
        }
        autosave(st.toTrace(FinishReason.CANCELLED, "recovered: RelayScope ended during the run"));
    }

    /** Writes the session to the recovery file in the background; one write at a time. */
    private void autosave(Trace snapshot) {
        if (!recovery.enabled()) {
            return;
        }
        if (autosaving) {
            pendingSnapshot = snapshot; // written as soon as the write in flight ends
            return;
        }
        autosaving = true;
        autosaveDue = false;
        lastAutosave = System.nanoTime();
        services.background().run("Autosave", () -> {
            if (!closed) {
                recovery.save(snapshot);
            }
            if (closed) {
                recovery.remove(); // the app closed normally meanwhile: nothing to recover
            }
            return snapshot.tokens().size();
        }, n -> {
            autosaves++;
            afterAutosave();
        }, error -> afterAutosave());
    }

    private void afterAutosave() {
        autosaving = false;
        Trace next = pendingSnapshot;
        pendingSnapshot = null;
        if (next != null) {
            autosave(next);
        }
    }

    /** How many autosaves have been written (for tests and the figures). */
    public long autosaves() {
        return autosaves;
    }

    /**
     * At start: offers the session a crashed or killed RelayScope left in its recovery file; restored, it is an
     * unsaved trace. Every left-behind file is removed once offered. Returns whether a session was restored.
     */
    public boolean offerRecovery() {
        var left = recovery.leftBehind();
        if (left.isEmpty()) {
            return false;
        }
        boolean restored = false;
        Path newest = left.get(0);
        try {
            Trace trace = services.traceFiles().read(newest);
            String when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.systemDefault())
                    .format(java.nio.file.Files.getLastModifiedTime(newest).toInstant());
            if (services.dialogs().confirm("Restore the unsaved session?", "RelayScope did not close properly. Restore the session "
                    + "of " + when + " (" + (trace.tokens().size() - trace.summary().promptTokens()) + " response tokens, "
                    + trace.calls().size() + " calls)?")) {
                show(trace);
                document.markNew(true);
                autosave(trace);
                restored = true;
            }
        } catch (Exception e) {
            status.set("The recovery file could not be read: " + Errors.oneLine(e));
        }
        left.forEach(RecoveryFiles::discard);
        return restored;
    }

    /** Asks before the window closes: during a run (which would stop), and with unsaved work. */
    public boolean confirmClose() {
        if (running.get()) {
            if (!services.dialogs().confirm("Quit during a run?", "A run is in progress. Quit anyway? The run stops and "
                    + "its tokens are lost unless you save them first.")) {
                return false;
            }
            stop();
            return true;
        }
        return document.confirmDiscard();
    }

    // ---- showing -----------------------------------------------------------------------------------------

    /** Shows a complete trace for replay (opened, imported or a sample) and takes over its prompt and settings. */
    public void show(Trace trace) {
        session.load(trace);
        branches.shownTrace(trace);
        settings.apply(trace.header());
        status.set(describeFinish(trace.summary()) + recordedWith(trace));
    }

    /** " · recorded with SLM + LLM" from the trace header, so a replay never passes for the loaded pair's work. */
    static String recordedWith(Trace trace) {
        var models = trace.header().models();
        if (models.isEmpty()) {
            return "";
        }
        return " \u00b7 recorded with " + String.join(" + ", models.stream().map(m -> m.name()).toList());
    }

    /** Scrolls the token view to a token and highlights it. */
    public void focusToken(int index) {
        session.tokens().focus(index);
    }

    /** Stops the frame timer and a running decode (waiting briefly for it), and closes the models. */
    public void shutdown() {
        frames.stop();
        closed = true;
        recovery.remove();
        if (control != null) {
            control.cancel();
        }
        if (runTask != null && !runTask.isDone()) {
            try {
                runTask.get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the run ends with a cancelled trace or an error; either way the models can now be closed
            }
        }
        models.close();
    }

    // ---- accessors ---------------------------------------------------------------------------------------

    public RunSettingsViewModel settings() {
        return settings;
    }

    public ModelsViewModel models() {
        return models;
    }

    public SessionViewModel sessionView() {
        return session;
    }

    public DocumentViewModel document() {
        return document;
    }

    public BranchesViewModel branches() {
        return branches;
    }

    public TokenViewModel tokens() {
        return session.tokens();
    }

    public TimelineViewModel timeline() {
        return session.timeline();
    }

    public CountersViewModel counters() {
        return session.counters();
    }

    public ReplayViewModel replay() {
        return session.replay();
    }

    /** The session's tokens, calls and summary. */
    public SessionTrace session() {
        return session.trace();
    }

    public Commands commands() {
        return commands;
    }

    /** Whether the frame clock is running (it should only while there is work). */
    public boolean framesRunning() {
        return frames.isRunning();
    }

    public FrameStats frameStats() {
        return frameStats;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty steppingProperty() {
        return stepping.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Zoom and presenter mode. */
    public DisplayViewModel display() {
        return display;
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }
}
