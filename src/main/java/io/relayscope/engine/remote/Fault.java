package io.relayscope.engine.remote;

import java.time.Duration;
import java.util.Optional;

/** A failed attempt: what went wrong (one line, no endpoint yet), whether to retry, and a server's Retry-After. */
final class Fault extends Exception {
    private final boolean transientFault;
    private final Optional<Duration> retryAfter;

    Fault(String message, boolean transientFault, Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.transientFault = transientFault;
        this.retryAfter = retryAfter;
    }

    static Fault retry(String message) {
        return new Fault(message, true, Optional.empty());
    }

    static Fault permanent(String message) {
        return new Fault(message, false, Optional.empty());
    }

    boolean isTransient() {
        return transientFault;
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
