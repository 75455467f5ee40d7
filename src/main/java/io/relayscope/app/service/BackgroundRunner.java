package io.relayscope.app.service;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs work off the UI thread; exactly one callback comes back on the UI executor ({@code Platform::runLater} in
 * the app, any executor in tests, so that view models run without the JavaFX runtime). Java Errors of the work
 * (OutOfMemoryError, StackOverflowError) come back as failures too.
 */
public class BackgroundRunner {
    private final ExecutorService executor;
    private final Executor ui;

    /** A cached pool of daemon threads; callbacks on the JavaFX application thread. */
    public BackgroundRunner() {
        this(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "relayscope-worker");
            t.setDaemon(true);
            return t;
        }));
    }

    /** Callbacks on the JavaFX application thread. */
    public BackgroundRunner(ExecutorService executor) {
        this(executor, javafx.application.Platform::runLater);
    }

    /** Work on {@code executor}, callbacks on {@code ui}. */
    public BackgroundRunner(ExecutorService executor, Executor ui) {
        this.executor = executor;
        this.ui = ui;
    }

    /** Starts {@code work}; exactly one of the callbacks runs on the UI executor when it ends. */
    public <T> Future<T> run(String title, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) { // Errors too: a run that hits OutOfMemoryError must still end in the UI
                result.completeExceptionally(e);
            }
        });
        result.whenComplete((value, error) -> ui.execute(() -> {
            if (error == null) {
                onSuccess.accept(value);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                onFailure.accept(cause);
            }
        }));
        return result;
    }

    public void shutdown() {
        executor.shutdownNow();
    }
}
