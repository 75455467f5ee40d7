package io.relayscope.engine;

/**
 * A model's next-token distribution at one step (softmax of the raw logits, temperature 1): the probability of
 * any token, the entropy in nats and the top candidates, best first (ties: lower id first).
 *
 * <p>Made in two passes over the logits and no per-token allocation of vocabulary size: one pass keeps the
 * {@link #CANDIDATES} best logits (the top-5 the trace records, and what top-k / top-p sampling start from), one
 * vectorized pass sums e^z and e^z * z (z = logit - max) for the normaliser and the entropy. It keeps a
 * reference to the logits row (not a copy): the caller must not change the row afterwards (the engine gets a
 * fresh row from every forward). Probabilities and entropy agree with a double-precision softmax to ~1e-5
 * relative ({@link FastExp}).
 */
public final class Distribution implements StepScores {
    public static final int TOP = 5;
    /** How many of the best tokens each distribution keeps in order (top-k sampling up to this k needs no pass). */
    static final int CANDIDATES = 64;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final float[] logits;
    private final float max;
    private final double logSum;
    private final double entropy;
    private final int[] candidateIds;
    private final float[] candidateLogits;
    /** Lane sums of e^z (see {@link Lanes}); null for a row without a finite maximum. */
    private final float[] lanes;
    private final double sum;

    /** Reused per thread: the terms of the sums and their lanes. */
    private static final class Scratch {
        float[] e = new float[0];
        float[] ez = new float[0];
        int size = -1;
        final Candidates candidates = new Candidates();
    }

    private Distribution(float[] logits, float max, double logSum, double entropy, Candidates c, float[] lanes) {
        this.logits = logits;
        this.lanes = lanes;
        this.sum = lanes == null ? Double.NaN : Lanes.total(lanes);
        this.max = max;
        this.logSum = logSum;
        this.entropy = entropy;
        this.candidateIds = new int[c.count()];
        this.candidateLogits = new float[c.count()];
        for (int r = 0; r < c.count(); r++) {
            candidateIds[r] = c.id(r);
            candidateLogits[r] = c.logit(r);
        }
    }

    /**
     * The distribution of a logits row. With z = l - max, e = exp(z), S = sum e, the entropy is
     * log S - sum(e z) / S. A row whose largest logit is not finite (all banned, or +infinity) is uniform over the
     * tokens at that largest value.
     */
    public static Distribution of(float[] logits) {
        int n = logits.length;
        if (n == 0) {
            throw new IllegalArgumentException("empty logits row");
        }
        Scratch s = SCRATCH.get();
        Candidates c = s.candidates;
        c.select(logits, n, CANDIDATES);
        float max = c.count() > 0 ? c.logit(0) : Float.NaN;
        if (!Float.isFinite(max)) {
            int ties = 0;
            boolean nan = false;
            for (float l : logits) {
                ties += l == max ? 1 : 0;
                nan |= l != l;
            }
            ties = Math.max(ties, 1);
            return new Distribution(logits, nan ? Float.NaN : max, Math.log(ties), Math.log(ties), c, null);
        }
        if (s.e.length != Lanes.capacity(n)) {
            s.e = Lanes.buffer(n);
            s.ez = Lanes.buffer(n);
        } else if (s.size > n) {
            // a pair whose vocabularies differ by added tokens alternates sizes: clear the larger row's tail
            java.util.Arrays.fill(s.e, n, s.size, 0f);
            java.util.Arrays.fill(s.ez, n, s.size, 0f);
        }
        s.size = n;
        Lanes.softmax(logits, n, max, s.e, s.ez);
        double sum = Lanes.total(s.e);
        double weighted = Lanes.total(s.ez);
        double entropy = Math.max(0, Math.log(sum) - weighted / sum);
        return new Distribution(logits, max, Math.log(sum), entropy, c, Lanes.copy(s.e));
    }

    /**
     * Whether the row is no distribution at all: a NaN anywhere (the sums turn NaN; a row with no finite logit records
     * a NaN maximum), or a largest logit of +infinity. A row whose every token is banned (-infinity) is not broken.
     * Costs nothing: the sums are made anyway.
     */
    public boolean broken() {
        return Float.isNaN(max) || max == Float.POSITIVE_INFINITY || (lanes != null && Double.isNaN(sum));
    }

    public double probability(int id) {
        return Math.exp(logprob(id));
    }

    public double logprob(int id) {
        float l = logits[id];
        if (!Float.isFinite(max)) {
            return l == max ? -logSum : Double.NEGATIVE_INFINITY;
        }
        return ((double) l - max) - logSum;
    }

    public double entropy() {
        return entropy;
    }

    public double topProbability() {
        return probability(argmax());
    }

    public int argmax() {
        return candidateIds.length > 0 ? candidateIds[0] : 0;
    }

    /** The best min(TOP, size) ids, best first. */
    public int[] topIds() {
        return java.util.Arrays.copyOf(candidateIds, Math.min(TOP, candidateIds.length));
    }

    public int size() {
        return logits.length;
    }

    /** The row this distribution was made of (not a copy). */
    float[] logits() {
        return logits;
    }

    float max() {
        return max;
    }

    /** How many of the best tokens are kept in order (min(CANDIDATES, size), fewer when logits are NaN). */
    int candidates() {
        return candidateIds.length;
    }

    int candidate(int rank) {
        return candidateIds[rank];
    }

    /** The softmax term of a token as the sums have it; 0 for a banned (-infinity) token, never drawn. */
    float term(int id) {
        float l = logits[id];
        return l == Float.NEGATIVE_INFINITY ? 0f : FastExp.term(l, max);
    }

    /** Lane sums of {@link #term} (not a copy); null when the row has no finite maximum. */
    float[] lanes() {
        return lanes;
    }

    /** Sum of {@link #term} over the row, the lanes' total. */
    double sum() {
        return sum;
    }

    /** Inverse-CDF draw of the terms for a point r in [0, sum()), in lane order (-1 when none is positive). */
    int drawTerm(double r) {
        return Lanes.draw(lanes, logits.length, r, this::term);
    }
}
