package io.relayscope.engine;

/** Mutable counters of a sequence's forwards: tokens fed, forward calls, nanoseconds inside forwards. */
public final class ForwardStats {
    private long fedTokens;
    private long forwardCalls;
    private long nanos;

    public void record(int tokens, long elapsedNanos) {
        fedTokens += tokens;
        forwardCalls++;
        nanos += elapsedNanos;
    }

    public long fedTokens() {
        return fedTokens;
    }

    public long forwardCalls() {
        return forwardCalls;
    }

    public long nanos() {
        return nanos;
    }
}
