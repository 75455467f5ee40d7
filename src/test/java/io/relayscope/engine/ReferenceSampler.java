package io.relayscope.engine;

import io.relayscope.trace.SamplingSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The sampling rules of {@link Sampler}'s Javadoc written the plain way, for tests: penalise a copy, rank the whole
 * vocabulary with a full sort of boxed ids, weigh every token, cut, walk. It shares only the arithmetic
 * primitives with the fast sampler (FastExp for a token's weight, Lanes for a sum over the whole vocabulary),
 * so that equal draws mean equal selection logic.
 */
final class ReferenceSampler {
    private final SamplingSpec spec;
    private final Random random;
    private final List<Integer> seen = new ArrayList<>();

    ReferenceSampler(SamplingSpec spec, long seed) {
        this.spec = spec;
        this.random = new Random(seed);
    }

    void observe(int... ids) {
        for (int id : ids) {
            if (id >= 0 && !seen.contains(id)) {
                seen.add(id);
            }
        }
    }

    int sample(float[] logits) {
        int n = logits.length;
        float[] row = logits.clone();
        boolean penalised = spec.hasRepetitionPenalty() && !seen.isEmpty();
        if (penalised) {
            float penalty = (float) spec.repetitionPenalty();
            for (int id : seen) {
                if (id < n) {
                    row[id] = row[id] < 0 ? row[id] * penalty : row[id] / penalty;
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(row[i])) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -row[i]).thenComparingInt(i -> i));
        int top = order.get(0);
        float max = row[top];
        if (spec.greedy() || !Float.isFinite(max)) {
            return top;
        }
        float invT = (float) (1 / spec.temperature());
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = FastExp.weight(row[i], max, invT);
        }
        boolean topK = spec.topK() > 0 && spec.topK() < n;
        boolean topP = spec.topP() < 1;
        boolean minP = spec.minP() > 0;
        if (!topK && !topP && !minP) {
            if (!penalised && invT >= 1f) {
                float[] e = Lanes.buffer(n);
                Lanes.softmax(row, n, max, e, Lanes.buffer(n));
                for (int t = 0; t < Sampler.MAX_TRIES; t++) {
                    int x = walkLanes(e, row, i -> row[i] == Float.NEGATIVE_INFINITY ? 0f : FastExp.term(row[i], max),
                            random.nextDouble() * Lanes.total(e));
                    double v = random.nextDouble();
                    if (x < 0) {
                        break;
                    }
                    float term = FastExp.term(row[x], max);
                    if (v * term < w[x]) {
                        return x;
                    }
                }
            }
            float[] lanes = Lanes.buffer(n);
            Lanes.weights(row, n, max, invT, lanes);
            int x = walkLanes(lanes, row, i -> w[i], random.nextDouble() * Lanes.total(lanes));
            return x >= 0 ? x : top;
        }
        double u = random.nextDouble();
        int limit = topK ? spec.topK() : order.size();
        if (topP) {
            double total;
            if (topK) {
                int[] ids = order.subList(0, limit).stream().mapToInt(Integer::intValue).sorted().toArray();
                total = 0;
                for (int id : ids) {
                    total += w[id];
                }
            } else {
                float[] lanes = Lanes.buffer(n);
                Lanes.weights(row, n, max, invT, lanes);
                total = Lanes.total(lanes);
            }
            double acc = 0;
            for (int r = 0; r < limit; r++) {
                acc += w[order.get(r)];
                if (acc >= spec.topP() * total) {
                    limit = r + 1;
                    break;
                }
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int r = 0; r < limit; r++) {
            int id = order.get(r);
            if (!minP || w[id] >= spec.minP() * w[top]) {
                kept.add(id);
            }
        }
        int[] ids = kept.stream().mapToInt(Integer::intValue).sorted().toArray();
        double sum = 0;
        for (int id : ids) {
            sum += w[id];
        }
        double r = u * sum;
        int last = -1;
        for (int id : ids) {
            if (w[id] > 0) {
                last = id;
                if (r < w[id]) {
                    return id;
                }
                r -= w[id];
            }
        }
        return last >= 0 ? last : top;
    }

    /** Lane order: lane j holds ids j, j + COUNT, ...; lanes by their sums, then the ids of the lane. */
    private static int walkLanes(float[] lanes, float[] row, Lanes.Term term, double r) {
        int n = row.length;
        int lane = -1;
        for (int j = 0; j < Lanes.COUNT && j < n; j++) {
            if (lanes[j] > 0) {
                lane = j;
                if (r < lanes[j]) {
                    break;
                }
                r -= lanes[j];
            }
        }
        int last = -1;
        for (int i = lane; i >= 0 && i < n; i += Lanes.COUNT) {
            float t = term.of(i);
            if (t > 0) {
                last = i;
                if (r < t) {
                    return i;
                }
                r -= t;
            }
        }
        return last;
    }

    static int[] sortedCopy(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
