package io.relayscope.trace;

/**
 * What one model spent: tokens it wrote, tokens it was fed (prefill and catch-up included), forward calls,
 * time inside forwards, its parameter count and estimated FLOPs (2 x parameters per fed token), and for a model on
 * a server the prompt tokens the server reported as taken from its cache ({@code cachedTokens}, -1 when none were
 * reported: a local model, or a server that does not say). For a remote model fedTokens are the prompt tokens the
 * server prefilled, forwardCalls its requests and wallMicros their wall time. For a model on a server that takes only
 * text prompts, generatedTokens counts its text re-encoded by the local tokenizer the trace names for it, and
 * {@code serverTokens} is the server's own count of the tokens it wrote (its tokenizer; -1: not such a model).
 */
public record ModelCost(long generatedTokens, long fedTokens, long forwardCalls, long wallMicros,
                        long parameterCount, double flops, long cachedTokens, long serverTokens) {

    public static final long NOT_REPORTED = -1;

    /** A cost without a text-only server's own token count. */
    public ModelCost(long generatedTokens, long fedTokens, long forwardCalls, long wallMicros, long parameterCount,
                     double flops, long cachedTokens) {
        this(generatedTokens, fedTokens, forwardCalls, wallMicros, parameterCount, flops, cachedTokens, NOT_REPORTED);
    }

    /** A local model's cost (no cache report). */
    public ModelCost(long generatedTokens, long fedTokens, long forwardCalls, long wallMicros, long parameterCount,
                     double flops) {
        this(generatedTokens, fedTokens, forwardCalls, wallMicros, parameterCount, flops, NOT_REPORTED);
    }

    public static final ModelCost NONE = new ModelCost(0, 0, 0, 0, 0, 0);
}
