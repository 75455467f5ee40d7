package io.relayscope.engine;

import io.relayscope.trace.SamplingSpec;

import java.util.Arrays;
import java.util.Random;

/** Picks the next token: greedy, or temperature with optional top-k and top-p, from a seeded random stream. */
public final class Sampler {
    private final SamplingSpec spec;
    private final Random random;

    public Sampler(SamplingSpec spec, long seed) {
        this.spec = spec;
        this.random = new Random(seed);
    }

    public int sample(float[] logits, Distribution dist) {
        if (spec.greedy()) {
            return dist.argmax();
        }
        int n = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp((logits[i] - max) / spec.temperature());
        }
        if (spec.topK() > 0 && spec.topK() < n) {
            double[] sorted = w.clone();
            Arrays.sort(sorted);
            double cut = sorted[n - spec.topK()];
            for (int i = 0; i < n; i++) {
                if (w[i] < cut) {
                    w[i] = 0;
                }
            }
        }
        if (spec.topP() > 0 && spec.topP() < 1) {
            applyTopP(w, spec.topP());
        }
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        double r = random.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            r -= w[i];
            if (r <= 0 && w[i] > 0) {
                return i;
            }
        }
        return dist.argmax();
    }

    private static void applyTopP(double[] w, double topP) {
        Integer[] order = new Integer[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            order[i] = i;
            sum += w[i];
        }
        Arrays.sort(order, (a, b) -> Double.compare(w[b], w[a]));
        double acc = 0;
        boolean cut = false;
        for (Integer i : order) {
            if (cut) {
                w[i] = 0;
            } else {
                acc += w[i] / sum;
                cut = acc >= topP;
            }
        }
    }
}
