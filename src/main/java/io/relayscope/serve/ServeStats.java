package io.relayscope.serve;

import java.util.concurrent.atomic.AtomicLong;

/** What the server did since it started: completions, prompt tokens asked, taken from the cache, and prefilled. */
public final class ServeStats {
    private final AtomicLong completions = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong cachedTokens = new AtomicLong();
    private final AtomicLong prefilledTokens = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    void record(int prompt, int cached) {
        completions.incrementAndGet();
        promptTokens.addAndGet(prompt);
        cachedTokens.addAndGet(cached);
        prefilledTokens.addAndGet(prompt - cached);
    }

    void rejectedBusy() {
        rejected.incrementAndGet();
    }

    public long completions() {
        return completions.get();
    }

    public long promptTokens() {
        return promptTokens.get();
    }

    public long cachedTokens() {
        return cachedTokens.get();
    }

    /** Prompt tokens that went through a forward (not taken from a cached sequence). */
    public long prefilledTokens() {
        return prefilledTokens.get();
    }

    /** Completions refused with 429 because the queue was full. */
    public long rejected() {
        return rejected.get();
    }
}
