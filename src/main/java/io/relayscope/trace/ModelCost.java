package io.relayscope.trace;

/**
 * What one model spent: tokens it wrote, tokens it was fed (prefill and catch-up included), forward calls,
 * time inside forwards, its parameter count and estimated FLOPs (2 x parameters per fed token).
 */
public record ModelCost(long generatedTokens, long fedTokens, long forwardCalls, long wallMicros,
                        long parameterCount, double flops) {

    public static final ModelCost NONE = new ModelCost(0, 0, 0, 0, 0, 0);
}
