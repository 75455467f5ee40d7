package io.relayscope.engine;

/** Mutable counters of a sequence's forwards: tokens fed, forward calls, nanoseconds inside forwards. */
public final class ForwardStats {
    private long fedTokens;
    private long forwardCalls;
    private long nanos;
    private long cachedTokens = -1;
    private long serverTokens = -1;

    public void record(int tokens, long elapsedNanos) {
        fedTokens += tokens;
        forwardCalls++;
        nanos += elapsedNanos;
    }

    /** Prompt tokens a server reported as reused from its cache (a remote model's requests add up here). */
    public void recordCached(long tokens) {
        cachedTokens = Math.max(0, cachedTokens) + tokens;
    }

    /** Tokens a text-only server said it wrote (its own tokenizer's count); they add up here. */
    public void recordServerTokens(long tokens) {
        serverTokens = Math.max(0, serverTokens) + Math.max(0, tokens);
    }

    /** The server's own count of the tokens it wrote, for a model on a text-only server; -1 otherwise. */
    public long serverTokens() {
        return serverTokens;
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
