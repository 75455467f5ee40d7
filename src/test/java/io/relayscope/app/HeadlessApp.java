package io.relayscope.app;

import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.FrameClock;
import io.relayscope.app.service.LoadedModels;
import io.relayscope.app.service.ModelService;
import io.relayscope.app.service.RecentFiles;
import io.relayscope.app.service.RecoveryFiles;
import io.relayscope.app.service.TraceFiles;
import io.relayscope.app.viewmodel.MainViewModel;
import io.relayscope.engine.RelayListener;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.trace.Limits;
import io.relayscope.trace.Trace;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.prefs.Preferences;

/**
 * The main view model without the JavaFX runtime: the test thread is the UI thread (it runs the queued
 * callbacks), the frame clock is driven by hand, work runs on a real thread pool, the models are real.
 */
final class HeadlessApp implements AutoCloseable {
    final UiQueue ui = new UiQueue();
    final ManualFrames frames = new ManualFrames();
    final TestDialogs dialogs = new TestDialogs();
    final Preferences prefs = Preferences.userRoot().node("relayscope-headless-" + UUID.randomUUID());
    final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "headless-worker");
        t.setDaemon(true);
        return t;
    });
    final MainViewModel vm;

    HeadlessApp(ModelService models, RecoveryFiles recovery) {
        prefs.putBoolean("firstStartDone", true);
        AppServices services = new AppServices(dialogs, new BackgroundRunner(workers, ui), models, new TraceFiles(),
                new RecentFiles(prefs), prefs, List.of("Tom has 32 stamps and buys 17 more. How many?"), frames, recovery);
        vm = new MainViewModel(services);
    }

    /** Runs UI callbacks and frames until the condition holds; fails after the timeout. */
    void pumpUntil(long seconds, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            pumpOnce();
        }
    }

    /** Runs UI callbacks and frames for a while. */
    void pumpFor(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            pumpOnce();
        }
    }

    private void pumpOnce() {
        ui.runPending(16);
        frames.tick();
    }

    @Override
    public void close() throws Exception {
        workers.shutdown(); // a write in flight ends (complete: saves are atomic); a stopped run ends within a step
        if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
        try {
            prefs.removeNode();
        } catch (java.util.prefs.BackingStoreException e) {
            // the preferences file lock is shared with every other JVM of the machine: a stale test node is harmless
        }
    }

    /** UI callbacks, run by the test thread. */
    static final class UiQueue implements Executor {
        private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runPending(long waitMillis) {
            try {
                Runnable r = tasks.poll(waitMillis, TimeUnit.MILLISECONDS);
                while (r != null) {
                    r.run();
                    r = tasks.poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A frame clock ticked by {@link #pumpUntil}, counting its frames. */
    static final class ManualFrames implements FrameClock {
        private LongConsumer handler = t -> { };
        private boolean running;
        final AtomicInteger ticks = new AtomicInteger();

        @Override
        public void setHandler(LongConsumer onFrame) {
            handler = onFrame;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        void tick() {
            if (running) {
                ticks.incrementAndGet();
                handler.accept(System.nanoTime());
            }
        }
    }

    /** The real engine models, with runs made long (no end-of-sequence) and every open and close counted. */
    static final class LongRunModels implements ModelService {
        private final io.relayscope.app.service.EngineModelService real = new io.relayscope.app.service.EngineModelService();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closedWhileRunning = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        volatile long openDelayMillis;

        @Override
        public LoadedModels openDemo() {
            return wrap(real.openDemo());
        }

        @Override
        public LoadedModels open(Path slm, Path llm) {
            return wrap(real.open(slm, llm));
        }

        @Override
        public Path demoSlmFolder() {
            return real.demoSlmFolder();
        }

        @Override
        public Path demoLlmFolder() {
            return real.demoLlmFolder();
        }

        private LoadedModels wrap(LoadedModels m) {
            try {
                Thread.sleep(openDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            opened.incrementAndGet();
            return new LoadedModels() {
                private volatile boolean inRun;

                @Override
                public String slmName() {
                    return m.slmName();
                }

                @Override
                public String llmName() {
                    return m.llmName();
                }

                @Override
                public Path slmFolder() {
                    return m.slmFolder();
                }

                @Override
                public Path llmFolder() {
                    return m.llmFolder();
                }

                @Override
                public Trace run(RelayRequest r, RelayListener listener, RunControl control) {
                    inRun = true;
                    running.incrementAndGet();
                    try {
                        RelayRequest endless = new RelayRequest(r.prompt(), r.policy(), r.slmSampling(), r.llmSampling(), r.seed(),
                                new Limits(r.limits().maxNewTokens(), r.limits().maxCalls(), true)).withPromptStyle(r.promptStyle());
                        return m.run(endless, listener, control);
                    } finally {
                        running.decrementAndGet();
                        inRun = false;
                    }
                }

                @Override
                public Trace branch(RelayRequest r, io.relayscope.engine.ForcedPrefix prefix, RelayListener listener,
                                    RunControl control) {
                    return m.branch(r, prefix, listener, control);
                }

                @Override
                public Trace score(Trace t) {
                    return m.score(t);
                }

                @Override
                public void close() {
                    if (inRun) {
                        closedWhileRunning.incrementAndGet();
                    }
                    m.close();
                }
            };
        }
    }
}
