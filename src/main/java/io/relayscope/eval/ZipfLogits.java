package io.relayscope.eval;

import java.util.Random;

/**
 * Next-token logits shaped like a language model's, for timing sampling at a real vocabulary size: the token of
 * rank r (ranks spread over the ids by a random permutation) gets logit {@code -a ln r} plus Gaussian noise
 * (sd 0.5), so its probability falls off as a Zipf law r^-a. A small a spreads the mass (an unsure step), a large
 * one concentrates it (a confident step); {@link #SHAPES} mixes both.
 */
public final class ZipfLogits {
    /** Zipf exponents of the benchmark rows: unsure (top p ~0.2, wide nucleus) to confident (top p ~0.8). */
    public static final double[] SHAPES = {1.1, 1.4, 2.0, 3.0};
    /** What the benchmark's rows are, for its report. */
    public static final String DESCRIPTION = "Zipf-like (the token of rank r, ranks scattered over the ids, gets logit "
            + "-a ln r plus Gaussian noise of sd 0.5), a = 1.1, 1.4, 2.0 and 3.0 in equal numbers (top probability "
            + "about 0.1 to 0.8)";

    private ZipfLogits() {
    }

    public static float[] row(int vocab, double exponent, long seed) {
        Random random = new Random(seed);
        int[] ids = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            ids[i] = i;
        }
        for (int i = vocab - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        float[] logits = new float[vocab];
        for (int rank = 1; rank <= vocab; rank++) {
            logits[ids[rank - 1]] = (float) (8 - exponent * Math.log(rank) + 0.5 * random.nextGaussian());
        }
        return logits;
    }
}
