package io.relayscope.engine;

import io.relayscope.trace.SamplingSpec;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from a seeded random stream: greedy, or at a temperature with optional top-k, top-p and
 * min-p, after an optional repetition penalty, in the order of transformers' logits processors (penalty,
 * temperature, top-k, top-p, min-p). What it draws from, exactly:
 * <ul>
 *   <li>penalty: every token the model has {@link #observe seen} gets logit / penalty (logit * penalty if negative);
 *   <li>greedy: the highest logit, the lower id on ties;
 *   <li>weights w = {@link FastExp#weight} (e^((l - max) / T), 1 for the top token); tokens ranked by logit, ties
 *       by lower id;
 *   <li>top-k keeps ranks below k; top-p keeps the shortest prefix of the ranks (within top-k) whose weight reaches
 *       top_p times the weight of what it ranks (top_p 0 keeps the top token); min-p keeps weights of at least
 *       min_p times the top token's;
 *   <li>the draw: one {@code nextDouble} per token, walked over the kept tokens in id order, or, with no filter,
 *       over the whole vocabulary in {@link Lanes} order. A sum over the whole vocabulary is a lane sum; over a
 *       smaller set, a double sum in id order.
 * </ul>
 * At a 151,936-token vocabulary this costs a few argmax passes (the bench's sampling rows): the weights are
 * computed for the vocabulary only when a full sum is needed, ranks come from the {@link Distribution}'s kept
 * candidates (more are selected in one pass when a wide top-p or min-p needs them), buffers are reused per sampler.
 */
public final class Sampler {
    /** Safety margin for FastExp's error (below 1.1e-5) where a bound decides a cut. */
    private static final double MARGIN = 1e-4;
    /** Rejection tries before the draw over all weights. */
    static final int MAX_TRIES = 64;

    private final SamplingSpec spec;
    private final Random random;
    private final float invT;
    private final float penalty;
    private final Candidates own = new Candidates();
    private float[] weights = new float[0];
    private int weightsSize = -1;
    private float[] penalized = new float[0];
    private boolean[] seen = new boolean[0];
    private int[] seenIds = new int[16];
    private int seenCount;
    private int[] kept = new int[64];

    /** Where the ranked tokens of this step come from: the distribution's candidates or this sampler's own. */
    private Distribution rankedDist;
    private int rankedCount;
    /** The distribution of this very row (no penalty), whose sums bound the unranked weights; else null. */
    private Distribution boundDist;

    public Sampler(SamplingSpec spec, long seed) {
        this.spec = spec;
        this.random = new Random(seed);
        this.invT = spec.greedy() ? 1f : (float) (1 / spec.temperature());
        this.penalty = (float) spec.repetitionPenalty();
    }

    /** Tokens the model was fed (prompt, its own and others' tokens): the repetition penalty applies to them. */
    public void observe(int... ids) {
        if (!spec.hasRepetitionPenalty()) {
            return;
        }
        for (int id : ids) {
            if (id < 0) {
                continue;
            }
            if (id >= seen.length) {
                seen = Arrays.copyOf(seen, Math.max(id + 1, seen.length * 2));
            }
            if (!seen[id]) {
                seen[id] = true;
                if (seenCount == seenIds.length) {
                    seenIds = Arrays.copyOf(seenIds, seenCount * 2);
                }
                seenIds[seenCount++] = id;
            }
        }
    }

    /** Draws the next token from the logits row that {@code dist} was made of. */
    public int sample(float[] logits, Distribution dist) {
        int n = logits.length;
        float[] row = penalize(logits);
        boundDist = row == logits && dist != null && dist.logits() == logits && dist.lanes() != null ? dist : null;
        if (boundDist != null) {
            rankedDist = dist;
            rankedCount = dist.candidates();
        } else {
            rankedDist = null;
            rankedCount = own.select(row, n, Math.min(Distribution.CANDIDATES, n));
        }
        int top = rankId(0);
        float max = row[top];
        if (spec.greedy() || !Float.isFinite(max)) {
            return top;
        }
        boolean topK = spec.topK() > 0 && spec.topK() < n;
        boolean topP = spec.topP() < 1;
        boolean minP = spec.hasMinP();
        if (!topK && !topP && !minP) {
            return drawAll(row, max, top);
        }
        double u = random.nextDouble();
        int limit = topK ? spec.topK() : n;
        if (topP) {
            limit = nucleus(row, max, limit, topK);
        }
        int count = 0;
        if (minP) {
            double cut = spec.minP() * FastExp.weight(max, max, invT);
            for (int r = 0; r < limit; r++) {
                ensureRanks(row, r + 1);
                float w = FastExp.weight(row[rankId(r)], max, invT);
                if (w >= cut) {
                    count = keep(count, rankId(r));
                } else if (!topK && !topP && w < cut * (1 - MARGIN)) {
                    break;
                }
            }
        } else {
            ensureRanks(row, limit);
            for (int r = 0; r < limit; r++) {
                count = keep(count, rankId(r));
            }
        }
        int id = drawKept(row, max, count, u);
        return id >= 0 ? id : top;
    }

    /**
     * No filter: at temperature <= 1, rejection from the distribution's own terms (a lane-order draw of e^z, kept
     * with probability w / e^z; about sum(e^z) / sum(w) tries, a few); otherwise, or after MAX_TRIES, one draw over
     * all weights in lane order.
     */
    private int drawAll(float[] row, float max, int top) {
        if (boundDist != null && invT >= 1f) {
            Distribution d = boundDist;
            for (int tries = 0; tries < MAX_TRIES; tries++) {
                int x = d.drawTerm(random.nextDouble() * d.sum());
                double v = random.nextDouble();
                if (x < 0) {
                    break;
                }
                if (v * d.term(x) < FastExp.weight(row[x], max, invT)) {
                    return x;
                }
            }
        }
        float[] w = fullWeights(row, max);
        int id = Lanes.draw(w, row.length, random.nextDouble() * Lanes.total(w), i -> FastExp.weight(row[i], max, invT));
        return id >= 0 ? id : top;
    }

    /** The nucleus within the first {@code limit} ranks: how many ranks top-p keeps. */
    private int nucleus(float[] row, float max, int limit, boolean withinTopK) {
        double total;
        if (withinTopK) {
            ensureRanks(row, limit);
            int count = 0;
            for (int r = 0; r < limit; r++) {
                count = keep(count, rankId(r));
            }
            total = keptSum(row, max, count);
        } else {
            for (int widen = 0; widen < 3 && boundDist != null; widen++) {
                int c = boundedNucleus(row, max);
                if (c > 0) {
                    return c;
                }
                if (c == 0 || rankedCount >= row.length) {
                    break;
                }
                ensureRanks(row, rankedCount + 1);
            }
            total = Lanes.total(fullWeights(row, max));
        }
        double target = spec.topP() * total;
        double acc = 0;
        for (int r = 0; r < limit; r++) {
            ensureRanks(row, r + 1);
            acc += FastExp.weight(row[rankId(r)], max, invT);
            if (acc >= target) {
                return r + 1;
            }
        }
        return limit;
    }

    /**
     * Top-p over the whole vocabulary without summing it: the weights of the unranked tokens add up to between 0
     * and (their e^z sum, from the distribution) * (w / e^z of the last rank), since w / e^z = e^(z (1/T - 1))
     * falls with z at T <= 1. When both ends give the same cut, that is the cut. Returns it, -1 when more ranks
     * would decide it, 0 when only the full sum can.
     */
    private int boundedNucleus(float[] row, float max) {
        Distribution d = boundDist;
        if (invT < 1f) {
            return 0;
        }
        int avail = Math.min(rankedCount, row.length);
        double ranked = 0;
        double rankedTerms = 0;
        for (int r = 0; r < avail; r++) {
            int id = rankId(r);
            ranked += FastExp.weight(row[id], max, invT);
            rankedTerms += d.term(id);
        }
        int lastId = rankId(avail - 1);
        float lastTerm = d.term(lastId);
        double ratio = lastTerm > 0 ? FastExp.weight(row[lastId], max, invT) / (double) lastTerm : 0;
        double rest = avail >= row.length ? 0
                : Math.max(0, d.sum() - rankedTerms + MARGIN * 0.1 * d.sum()) * ratio * (1 + MARGIN);
        double low = spec.topP() * ranked * (1 - MARGIN * 0.1);
        double high = spec.topP() * (ranked + rest) * (1 + MARGIN * 0.1);
        double acc = 0;
        int cutLow = -1;
        for (int r = 0; r < avail; r++) {
            acc += FastExp.weight(row[rankId(r)], max, invT);
            if (cutLow < 0 && acc >= low) {
                cutLow = r + 1;
            }
            if (acc >= high) {
                return cutLow == r + 1 ? r + 1 : 0;
            }
        }
        return avail < row.length ? -1 : 0;
    }

    /** Lane sums of the whole row's weights, in a reused buffer. */
    private float[] fullWeights(float[] row, float max) {
        int n = row.length;
        if (weightsSize != n) {
            weights = Lanes.buffer(n);
            weightsSize = n;
        }
        Lanes.weights(row, n, max, invT, weights);
        return weights;
    }

    /** The kept ids in id order, their weights summed in that order, walked for the draw u. */
    private int drawKept(float[] row, float max, int count, double u) {
        Arrays.sort(kept, 0, count);
        double r = u * keptSum(row, max, count);
        int last = -1;
        for (int i = 0; i < count; i++) {
            float w = FastExp.weight(row[kept[i]], max, invT);
            if (w > 0) {
                last = kept[i];
                if (r < w) {
                    return last;
                }
                r -= w;
            }
        }
        return last;
    }

    /** Sum of the first count kept ids' weights, sorted into id order first. */
    private double keptSum(float[] row, float max, int count) {
        Arrays.sort(kept, 0, count);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += FastExp.weight(row[kept[i]], max, invT);
        }
        return sum;
    }

    private int keep(int count, int id) {
        if (count == kept.length) {
            kept = Arrays.copyOf(kept, count * 2);
        }
        kept[count] = id;
        return count + 1;
    }

    private int rankId(int rank) {
        return rankedDist != null ? rankedDist.candidate(rank) : own.id(rank);
    }

    /** Makes at least min(m, n) ranks available, selecting several times more in one pass when short. */
    private void ensureRanks(float[] row, int m) {
        int n = row.length;
        if (rankedCount >= Math.min(m, n)) {
            return;
        }
        int want = (int) Math.min(n, Math.max((long) m, 8L * Math.max(rankedCount, Distribution.CANDIDATES)));
        rankedCount = own.select(row, n, want);
        rankedDist = null;
    }

    /** The row with the repetition penalty applied to the seen tokens (a reused copy), or the row itself. */
    private float[] penalize(float[] logits) {
        if (seenCount == 0) {
            return logits;
        }
        int n = logits.length;
        if (penalized.length != n) {
            penalized = new float[n];
        }
        System.arraycopy(logits, 0, penalized, 0, n);
        for (int i = 0; i < seenCount; i++) {
            int id = seenIds[i];
            if (id < n) {
                float l = penalized[id];
                penalized[id] = l < 0 ? l * penalty : l / penalty;
            }
        }
        return penalized;
    }
}
