package io.relayscope.app.viewmodel;

import io.relayscope.app.model.FrameStats;
import io.relayscope.app.model.QueueingListener;
import io.relayscope.app.model.RelayEvent;
import io.relayscope.app.model.SessionTrace;
import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.Errors;
import io.relayscope.app.service.FrameClock;
import io.relayscope.app.service.RecoveryFiles;
import io.relayscope.app.service.RecordedPair;
import io.relayscope.app.service.LoadedModels;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ForcedPrefix;
import io.relayscope.engine.UserFacingException;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.app.model.SessionAssembly;
import io.relayscope.app.service.TypedToken;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Session;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceSummary;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerWrapper;
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
    static final String POLICY_KEY = "policy";
    private final LayoutMemory layout;
    private final PriceSettings prices;
    private static final int MAX_EVENTS_PER_FRAME = 200_000;

    private final AppServices services;
    private final RunSettingsViewModel settings;
    private final ModelsViewModel models;
    private final SessionViewModel session;
    private final DocumentViewModel document;
    private final BranchesViewModel branches;
    private final CompareViewModel compare;
    private final ReadOnlyIntegerWrapper compareRequests = new ReadOnlyIntegerWrapper();
    /** The run in progress adds to the document (a branch) instead of replacing it. */
    private boolean keepFile;
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
    private Session pendingSnapshot;
    private volatile boolean closed;
    private long lastAutosave;
    private long autosaves;

    private Trace pendingPairCheck;
    private QueueingListener listener;
    private RunControl control;
    private Future<?> runTask;
    private long lastStatus;

    public MainViewModel(AppServices services) {
        this.services = services;
        this.settings = new RunSettingsViewModel(services.sampleQuestions());
        settings.setQuestionSource(io.relayscope.app.service.SampleQuestions::drawNew);
        this.models = new ModelsViewModel(services.models(), services.background(), services.dialogs(), services.preferences());
        this.session = new SessionViewModel(running::get);
        this.document = new DocumentViewModel(services, session, running::get, this::show, new DocumentViewModel.SessionHost() {
            @Override
            public Session session() {
                return sessionToSave();
            }

            @Override
            public void restore(Session opened) {
                restoreSession(opened);
            }
        }, status);
        this.branches = new BranchesViewModel(this::show);
        this.compare = new CompareViewModel(services.background());
        compare.setOnLaneDone(this::autosaveSession); // each run of Run all recoverable as soon as it ends
        session.tokens().setBrancher(this::branch);
        session.tokens().setTypedBrancher(this::branchTyped);
        Path demoSlm = services.models().demoSlmFolder();
        if (demoSlm != null && demoSlm.getFileName() != null && DemoModels.SLM_RELAY.equals(demoSlm.getFileName().toString())) {
            settings.policyProperty().set(io.relayscope.engine.Policies.MODEL_COMMAND);
        }
        String policy = services.preferences().get(POLICY_KEY, "");
        if (io.relayscope.engine.Policies.NAMES.contains(policy)) {
            settings.policyProperty().set(policy); // the one chosen last time
        }
        settings.policyProperty().addListener((o, was, now) -> {
            if (now != null) {
                services.preferences().put(POLICY_KEY, now);
            }
        });
        this.layout = new LayoutMemory(services.preferences());
        this.prices = new PriceSettings(services.preferences());
        session.counters().pricesProperty().bind(prices.prices());
        compare.pricesProperty().bind(prices.prices());
        prices.prices().addListener(o -> session.counters().publish());
        this.display = new DisplayViewModel(services.preferences());
        document.setOnOpened(this::checkRecordedPair);
        models.loadedProperty().addListener((o, was, now) -> {
            if (now != null) {
                settings.modelsLoaded(now.slmDefaults(), now.llmDefaults(), now::promptText, now.hasChatTemplate());
                if (pendingPairCheck != null) {
                    checkRecordedPair(pendingPairCheck);
                }
            }
        });
        darkTheme.set(services.preferences().getBoolean(DARK_KEY, false));
        darkTheme.addListener((o, was, on) -> services.preferences().putBoolean(DARK_KEY, on));
        commands = new Commands(running, stepping, models.loadedProperty().isNotNull(), models.loadingProperty(),
                document.busyProperty(), session.hasTraceProperty(), models.canChangeProperty(), settings.runProblem());
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
        if (document.busyProperty().get()) {
            return;
        }
        document.replacing(); // kept for File > Restore Replaced Run: nothing is lost, so no question
        boolean opinion = settings.llmOpinionProperty().get();
        launch(stepped, false, (events, runControl) -> scored(loaded, loaded.run(settings.toRequest(), events, runControl), opinion),
                trace -> branches.shownTrace(trace));
    }

    /** Decodes one run in the background: the session streams its events, {@code done} gets the finished trace. */
    private interface Runner {
        Trace run(QueueingListener events, RunControl control);
    }

    private void launch(boolean stepped, boolean addsToDocument, Runner runner, java.util.function.Consumer<Trace> done) {
        QueueingListener events = new QueueingListener();
        RunControl runControl = new RunControl();
        runControl.setStepping(stepped);
        listener = events;
        control = runControl;
        keepFile = addsToDocument;
        session.clear(true);
        if (!keepFile) {
            document.markNew(false);
        }
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
                    autosaveSession(); // the finished, unsaved run stays recoverable, with the rest of the session
                }, error -> {
                    finishRun(events, null, error);
                    autosaveSession();
                });
    }

    /**
     * "Continue from here with this token": a new run from the shown trace's tokens before {@code index}, with
     * {@code tokenId} forced at {@code index}, the same models and settings; it joins the branch tree under it.
     */
    public void branch(int index, int tokenId) {
        Trace parent = session.currentTrace().orElse(null);
        String text = parent == null || index < 0 || index >= parent.tokens().size() ? "" : parent.tokens().get(index)
                .alternatives().stream().filter(a -> a.id() == tokenId).map(a -> a.text()).findFirst().orElse("id " + tokenId);
        branch(index, tokenId, text);
    }

    /**
     * "Continue from here with a token I type": the typed text must be one token of the SLM's vocabulary; the run
     * then continues from {@code index} with it, as {@link #branch(int, int)}. Returns why not, or empty when it started.
     */
    public java.util.Optional<String> branchTyped(int index, String typed) {
        LoadedModels loaded = models.loaded();
        if (loaded == null) {
            return java.util.Optional.of("No models loaded: " + models.statusProperty().get());
        }
        TypedToken token = loaded.token(typed);
        if (token instanceof TypedToken.Refused r) {
            return java.util.Optional.of(r.reason());
        }
        TypedToken.One one = (TypedToken.One) token;
        branch(index, one.id(), one.text());
        return java.util.Optional.empty();
    }

    private void branch(int index, int tokenId, String text) {
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
        int parentNode = branches.nodeOf(parent);
        RelayRequest request = RelayRequest.of(parent.header());
        boolean opinion = settings.llmOpinionProperty().get() || parent.tokens().stream().anyMatch(t -> t.shadow().isPresent());
        launch(false, true, (events, runControl) -> scored(loaded, loaded.branch(request, start, events, runControl), opinion),
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
        if (keepFile) {
            document.markChanged();
        } else {
            document.markNew(!st.isEmpty());
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

    // ---- compare -----------------------------------------------------------------------------------------

    /**
     * "Run all": the prompt under every policy chosen in the compare window, with the settings of this window, one
     * run after the other (Run is disabled meanwhile, Stop stops the run in progress and the ones after it).
     */
    public void runAllPolicies() {
        LoadedModels loaded = models.loaded();
        if (!commands.canRun().get() || running.get()) {
            return;
        }
        if (loaded == null || settings.promptProperty().get() == null || settings.promptProperty().get().isBlank()) {
            services.dialogs().showError("Cannot run", loaded == null ? "No models loaded: " + models.statusProperty().get()
                    : "The prompt is empty: type a question or pick a sample.");
            return;
        }
        RunControl runControl = new RunControl();
        boolean opinion = settings.llmOpinionProperty().get();
        control = runControl;
        running.set(true);
        settings.editableProperty().set(false);
        models.setBusy(true);
        compareRequests.set(compareRequests.get() + 1);
        status.set("Running every chosen policy...");
        lastAutosave = System.nanoTime();
        compare.runAll(settings.toRequest(),
                (request, events) -> scored(loaded, loaded.run(request, events, runControl), opinion), () -> {
            running.set(false);
            settings.editableProperty().set(true);
            models.setBusy(false);
            control = null;
            document.markChanged();
            showFirstLaneIfNothingShown();
            status.set(compare.statusProperty().get());
            autosaveSession();
        });
    }

    /** Opens traces (or session files: their compare set, else all their runs) as more lanes of the comparison. */
    public void compareOpenTraces() {
        List<Path> files = services.dialogs().chooseTracesToCompare();
        if (files.isEmpty() || running.get()) {
            return;
        }
        compareRequests.set(compareRequests.get() + 1);
        services.background().run("Open traces to compare", () -> {
            List<CompareViewModel.Lane> lanes = new java.util.ArrayList<>();
            for (Path f : files) {
                Session s = services.traceFiles().readSession(f);
                List<Integer> chosen = s.compare().isEmpty() ? java.util.stream.IntStream.range(0, s.runs().size()).boxed().toList()
                        : s.compare();
                String name = io.relayscope.app.service.TraceFiles.baseName(f.getFileName().toString());
                for (int r : chosen) {
                    lanes.add(new CompareViewModel.Lane(s.isSingle() ? name : name + " #" + r, s.runs().get(r)));
                }
            }
            return lanes;
        }, lanes -> {
            lanes.forEach(compare::add);
            compareChanged();
            showFirstLaneIfNothingShown();
        }, error -> services.dialogs().showError("Cannot compare", Errors.oneLine(error)));
    }

    /** With nothing in the main window, it shows the first compared run (and the document can be saved). */
    private void showFirstLaneIfNothingShown() {
        if (session.trace().isEmpty() && !compare.lanes().isEmpty()) {
            show(compare.lanes().get(0).trace());
        }
    }

    /** Adds the run on screen as a lane. */
    public void compareAddShown() {
        Trace shown = shownRun();
        if (shown != null && !running.get()) {
            compare.add(new CompareViewModel.Lane(compare.uniqueLabel(policyName(shown) + " (on screen)"), shown));
            compareRequests.set(compareRequests.get() + 1);
            compareChanged();
        }
    }

    /** The branch on screen beside the run it branched from. */
    public void compareWithParent() {
        branches.shownBranch().ifPresent(n -> {
            Trace parent = branches.tree().node(n.parent()).trace();
            compare.setRuns(List.of(new CompareViewModel.Lane("parent", parent),
                    new CompareViewModel.Lane("branch at #" + n.position(), n.trace())));
            compareRequests.set(compareRequests.get() + 1);
            compareChanged();
        });
    }

    /** The compare set changed: the document has unsaved work, the recovery file keeps it. */
    private void compareChanged() {
        document.markChanged();
        autosaveSession();
    }

    /** The run on screen: the tree's node when it is one (the same object), else the session's trace. */
    private Trace shownRun() {
        int node = branches.shownProperty().get();
        return node >= 0 ? branches.tree().node(node).trace() : session.currentTrace().orElse(null);
    }

    private static String policyName(Trace t) {
        return t.header().policy() == null ? "run" : t.header().policy().name();
    }

    /** Every run of the document: the branch tree, the compared runs and the run on screen. */
    Session sessionToSave() {
        int node = branches.shownProperty().get();
        Trace current = node >= 0 ? branches.tree().node(node).trace() : session.trace().toTrace(FinishReason.CANCELLED, null);
        return SessionAssembly.of(branches.tree(), node, current, compare.lanes().stream().map(CompareViewModel.Lane::trace).toList());
    }

    /** Shows an opened session: its run on screen, its branch tree and its compare set. */
    private void restoreSession(Session opened) {
        branches.restore(opened);
        List<CompareViewModel.Lane> lanes = CompareViewModel.byPolicy(opened.compare().stream().map(opened.runs()::get).toList());
        compare.setRuns(lanes);
        show(opened.runs().get(opened.shown()));
        if (!lanes.isEmpty()) {
            compareRequests.set(compareRequests.get() + 1);
        }
    }

    // ---- frames ------------------------------------------------------------------------------------------

    private void onFrame(long now) {
        long t0 = System.nanoTime();
        if (compare.isStreaming()) {
            compare.drainLive(); // Run all: the lane being decoded fills as the main window's run does
            if (System.nanoTime() - lastAutosave >= AUTOSAVE_NANOS) {
                autosaveLive();
            }
        }
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
        if (recovery.enabled() && !autosaving) {
            recoverySnapshot().ifPresent(this::autosave);
        }
    }

    /** Writes the whole session to the recovery file now (in the background), if there is anything to keep. */
    private void autosaveSession() {
        if (recovery.enabled() && (document.dirtyProperty().get() || running.get())) {
            recoverySnapshot().ifPresent(this::autosave);
        }
    }

    /**
     * The whole document for the recovery file: every run of the branch tree, the compare set and the run on screen;
     * during a run, the run so far is the run on screen (a lane Run all is decoding is among the compared runs).
     */
    private java.util.Optional<Session> recoverySnapshot() {
        List<Trace> compared = compare.lanes().stream().map(CompareViewModel.Lane::trace).toList();
        SessionTrace st = session.trace();
        if (running.get() && listener != null) {
            if (st.isEmpty() || st.header() == null) {
                return java.util.Optional.empty();
            }
            Trace partial = st.toTrace(FinishReason.CANCELLED, "recovered: RelayScope ended during the run");
            return java.util.Optional.of(SessionAssembly.of(branches.tree(), -1, partial, compared));
        }
        if (branches.shownProperty().get() < 0 && (st.isEmpty() || st.header() == null)) {
            // nothing on screen: the compared runs alone (the first one shown once restored), or nothing to keep
            return compared.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(SessionAssembly.of(branches.tree(), -1, compared.get(0), compared));
        }
        return java.util.Optional.of(sessionToSave());
    }

    /** Writes the session to the recovery file in the background (atomically); one write at a time. */
    private void autosave(Session snapshot) {
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
            return snapshot.runs().size();
        }, n -> {
            autosaves++;
            afterAutosave();
        }, error -> afterAutosave());
    }

    private void afterAutosave() {
        autosaving = false;
        Session next = pendingSnapshot;
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
            Session left0 = services.traceFiles().readSession(newest);
            Trace trace = left0.runs().get(left0.shown());
            String when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.systemDefault())
                    .format(java.nio.file.Files.getLastModifiedTime(newest).toInstant());
            String others = left0.runs().size() == 1 ? "" : String.format(Locale.ROOT, "; %d runs in all, %d branches, "
                    + "%d compared", left0.runs().size(), left0.branches().size(), left0.compare().size());
            if (services.dialogs().confirm("Restore the unsaved session?", "RelayScope did not close properly. Restore the session "
                    + "of " + when + " (" + (trace.tokens().size() - trace.summary().promptTokens()) + " response tokens, "
                    + trace.calls().size() + " calls" + others + ")?")) {
                restoreSession(left0);
                document.markNew(true);
                autosave(left0);
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

    /**
     * After a trace is opened: when it was recorded with another pair (by the weights' SHA-256), offers to load that
     * pair if it is on this machine, so that Run repeats the trace; else says plainly why Run will differ.
     */
    void checkRecordedPair(Trace trace) {
        LoadedModels loaded = models.loaded();
        if (loaded == null) {
            pendingPairCheck = trace; // checked once the pair being loaded is there
            return;
        }
        pendingPairCheck = null;
        Path assets = DemoModels.assetsDir().toAbsolutePath().normalize();
        List<Path> roots = new java.util.ArrayList<>(List.of(Path.of("").toAbsolutePath(), assets));
        if (assets.getParent() != null) {
            roots.add(1, assets.getParent());
        }
        Path slm = loaded.slmFolder();
        Path llm = loaded.llmFolder();
        services.background().run("Check the recorded pair", () -> RecordedPair.check(trace.header(), slm, llm,
                services.models()::weightsSha256, roots), check -> {
            if (check instanceof RecordedPair.Loadable l) {
                if (services.dialogs().confirm("Load the recorded model pair?", "This trace was recorded with "
                        + l.recorded() + "; the loaded pair is " + l.loaded() + ", so Run would not repeat it. Load "
                        + l.recorded() + " (" + l.slm().getParent() + ")?")) {
                    models.open(l.slm(), l.llm());
                } else {
                    status.set("Recorded with " + l.recorded() + ": Run uses " + l.loaded() + " and will differ");
                }
            } else if (check instanceof RecordedPair.Missing m) {
                status.set(m.why());
            }
        }, error -> status.set("Could not compare the recorded pair: " + Errors.oneLine(error)));
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

    public CompareViewModel compare() {
        return compare;
    }

    /** Counts the times the compare window should come up (Run all, traces added, a session with a compare set opened). */
    public javafx.beans.property.ReadOnlyIntegerProperty compareRequestsProperty() {
        return compareRequests.getReadOnlyProperty();
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

    /** The money row's prices per model (off at 0), remembered. */
    public PriceSettings prices() {
        return prices;
    }

    /** Window size and split positions, remembered. */
    public LayoutMemory layout() {
        return layout;
    }

    /** Zoom and presenter mode. */
    public DisplayViewModel display() {
        return display;
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }
}
