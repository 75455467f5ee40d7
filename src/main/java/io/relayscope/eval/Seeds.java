package io.relayscope.eval;

/** Derives independent per-problem seeds from one base seed (SplitMix64 finaliser). */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed seed for item {@code index} of a run with base seed {@code seed}. */
    public static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
