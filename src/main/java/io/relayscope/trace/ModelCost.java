package io.relayscope.trace;

/**
 * What one model spent: tokens it wrote, tokens it was fed (prefill and catch-up included), forward calls,
 * time inside forwards, its parameter count and estimated FLOPs (2 x parameters per fed token), and for a model on
 * a server the prompt tokens the server reported as taken from its cache ({@code cachedTokens}, -1 when none were
 * reported: a local model, or a server that does not say). For a remote model fedTokens are the prompt tokens the
 * server prefilled, forwardCalls its requests and wallMicros their wall time.
 */
public record ModelCost(long generatedTokens, long fedTokens, long forwardCalls, long wallMicros,
                        long parameterCount, double flops, long cachedTokens) {

    public static final long NOT_REPORTED = -1;

    /** A local model's cost (no cache report). */
    public ModelCost(long generatedTokens, long fedTokens, long forwardCalls, long wallMicros, long parameterCount,
                     double flops) {
        this(generatedTokens, fedTokens, forwardCalls, wallMicros, parameterCount, flops, NOT_REPORTED);
    }

    public static final ModelCost NONE = new ModelCost(0, 0, 0, 0, 0, 0);
}
