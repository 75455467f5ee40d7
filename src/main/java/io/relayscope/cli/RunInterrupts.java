package io.relayscope.cli;

import io.relayscope.engine.RunControl;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C and SIGTERM during a run: the first one cancels the run (it stops within one step) and lets the command
 * save the cancelled trace and exit with 128 + the signal's number; a second one halts at once. Any other
 * shutdown (SIGHUP, System.exit) cancels the run too, and the shutdown hook then waits, for at most
 * {@link #SAVE_WAIT_SECONDS}, until the command says it has saved ({@link #close}).
 */
final class RunInterrupts implements AutoCloseable {
    static final long SAVE_WAIT_SECONDS = 20;

    private record Installed(Signal signal, SignalHandler previous) {
    }

    private final RunControl control;
    private final CountDownLatch saved = new CountDownLatch(1);
    private final AtomicInteger signals = new AtomicInteger();
    private final List<Installed> installed = new ArrayList<>();
    private final Thread hook;
    private volatile int signalNumber;

    private RunInterrupts(RunControl control) {
        this.control = control;
        this.hook = new Thread(this::onShutdown, "relayscope-save-on-exit");
    }

    /** Installs the signal handlers and the shutdown hook for one run. */
    static RunInterrupts install(RunControl control) {
        RunInterrupts r = new RunInterrupts(control);
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                r.installed.add(new Installed(signal, Signal.handle(signal, r::onSignal)));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the VM reserves this signal here (-Xrs, some platforms): the shutdown hook still covers it
            }
        }
        Runtime.getRuntime().addShutdownHook(r.hook);
        return r;
    }

    private void onSignal(Signal signal) {
        if (signals.incrementAndGet() > 1) {
            System.err.println();
            System.err.println("relayscope: stopped at once (second " + signal.getName() + "); the trace is not saved");
            System.err.flush();
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        signalNumber = signal.getNumber();
        System.err.println();
        System.err.println("relayscope: " + signal.getName() + " received: stopping the run and saving it (again to stop at once)");
        System.err.flush();
        control.cancel();
    }

    private void onShutdown() {
        control.cancel();
        try {
            saved.await(SAVE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The exit status the command should end with: 128 + the signal's number after a signal, else {@code normal}. */
    int exitStatus(int normal) {
        int n = signalNumber;
        return n == 0 ? normal : 128 + n;
    }

    /** Whether a signal stopped the run. */
    boolean interrupted() {
        return signalNumber != 0;
    }

    /** The run is saved (or failed): a waiting shutdown hook may let the JVM go; the handlers are restored. */
    @Override
    public void close() {
        saved.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and has just been released
        }
        for (Installed i : installed) {
            try {
                Signal.handle(i.signal(), i.previous());
            } catch (IllegalArgumentException e) {
                // keep ours; it only cancels a finished run
            }
        }
    }
}
