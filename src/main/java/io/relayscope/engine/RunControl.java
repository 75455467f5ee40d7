package io.relayscope.engine;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets another thread stop a run (within one step) or pace it one token at a time (teaching mode).
 * In stepping mode every generated token waits for one {@link #step()} permit.
 */
public final class RunControl {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Semaphore permits = new Semaphore(0);
    private volatile boolean stepping;

    public void cancel() {
        cancelled.set(true);
        permits.release(Integer.MAX_VALUE / 2);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Switches between free running and one-token-per-{@link #step()}. */
    public void setStepping(boolean on) {
        stepping = on;
        if (!on) {
            permits.release();
        }
    }

    public boolean isStepping() {
        return stepping;
    }

    /** Allows one more token in stepping mode. */
    public void step() {
        permits.release();
    }

    /** Called by the engine before each generated token; blocks while stepping until a permit arrives. */
    void awaitTurn() throws InterruptedException {
        while (stepping && !cancelled.get()) {
            if (permits.tryAcquire(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }
}
