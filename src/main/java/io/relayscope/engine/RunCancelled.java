package io.relayscope.engine;

/** Thrown inside a run's loop when the user stops it; the run still returns a valid trace. */
final class RunCancelled extends RuntimeException {
    RunCancelled() {
        super(null, null, false, false);
    }
}
