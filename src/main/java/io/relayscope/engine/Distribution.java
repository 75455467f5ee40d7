package io.relayscope.engine;

/**
 * A model's next-token distribution at one step (softmax of the raw logits, temperature 1): probabilities,
 * entropy in nats, and the top candidates, best first.
 */
public final class Distribution implements StepScores {
    public static final int TOP = 5;
    private final double[] probs;
    private final double entropy;
    private final int[] topIds;

    private Distribution(double[] probs, double entropy, int[] topIds) {
        this.probs = probs;
        this.entropy = entropy;
        this.topIds = topIds;
    }

    /**
     * One pass of exp over the logits: with z = l - max, e = exp(z), S = sum e, the entropy is
     * log S - sum(e z) / S, so no per-token logarithm is needed.
     */
    public static Distribution of(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < logits.length; i++) {
            double z = logits[i] - max;
            double e = Math.exp(z);
            p[i] = e;
            sum += e;
            if (e > 0) {
                weighted += e * z;
            }
        }
        double inv = 1 / sum;
        for (int i = 0; i < p.length; i++) {
            p[i] *= inv;
        }
        double entropy = Math.max(0, Math.log(sum) - weighted * inv);
        return new Distribution(p, entropy, topK(p, Math.min(TOP, p.length)));
    }

    static int[] topK(double[] p, int k) {
        int[] top = new int[k];
        java.util.Arrays.fill(top, -1);
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < k; j++) {
                if (top[j] < 0 || p[i] > p[top[j]]) {
                    System.arraycopy(top, j, top, j + 1, k - j - 1);
                    top[j] = i;
                    break;
                }
            }
        }
        return top;
    }

    public double probability(int id) {
        return probs[id];
    }

    public double logprob(int id) {
        return Math.log(probs[id]);
    }

    public double entropy() {
        return entropy;
    }

    public double topProbability() {
        return probs[topIds[0]];
    }

    public int argmax() {
        return topIds[0];
    }

    public int[] topIds() {
        return topIds.clone();
    }

    public int size() {
        return probs.length;
    }

    double[] probabilities() {
        return probs;
    }
}
