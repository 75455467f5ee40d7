package io.relayscope.engine;

/** Mutable counters of a sequence's forwards: tokens fed, forward calls, nanoseconds inside forwards. */
public final class ForwardStats {
    private long fedTokens;
    private long forwardCalls;
    private long nanos;
    private long cachedTokens = -1;

    public void record(int tokens, long elapsedNanos) {
        fedTokens += tokens;
        forwardCalls++;
        nanos += elapsedNanos;
    }

    /** Prompt tokens a server reported as reused from its cache (a remote model's requests add up here). */
    public void recordCached(long tokens) {
        cachedTokens = Math.max(0, cachedTokens) + tokens;
    }

    /** Reported cached prompt tokens; -1 when none were reported. */
    public long cachedTokens() {
        return cachedTokens;
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
