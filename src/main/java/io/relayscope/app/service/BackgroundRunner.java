package io.relayscope.app.service;

import javafx.concurrent.Task;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Runs work off the UI thread as a {@link Task}; results and failures come back on the UI thread. */
public class BackgroundRunner {
    private final ExecutorService executor;

    public BackgroundRunner() {
        this(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "relayscope-worker");
            t.setDaemon(true);
            return t;
        }));
    }

    public BackgroundRunner(ExecutorService executor) {
        this.executor = executor;
    }

    /** Starts {@code work}; exactly one of the callbacks runs on the UI thread when it ends. */
    public <T> Task<T> run(String title, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> onFailure.accept(task.getException()));
        task.setOnCancelled(e -> onFailure.accept(new java.util.concurrent.CancellationException(title + " was cancelled")));
        executor.execute(task);
        return task;
    }

    public void shutdown() {
        executor.shutdownNow();
    }
}
