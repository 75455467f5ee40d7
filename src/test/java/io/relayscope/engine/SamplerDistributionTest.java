package io.relayscope.engine;

import io.relayscope.eval.ZipfLogits;
import io.relayscope.trace.SamplingSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Empirical frequencies of the fast sampler against the target distribution computed independently in double
 * precision with Math.exp (a chi-square test at a fixed seed), and the recorded distribution's accuracy.
 */
class SamplerDistributionTest {

    /** Target probabilities of the rules in Sampler's Javadoc, in double with Math.exp, over a small row. */
    private static double[] target(float[] logits, SamplingSpec spec) {
        int n = logits.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        double max = logits[order[0]];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp((logits[i] - max) / spec.temperature());
        }
        int limit = spec.topK() > 0 ? Math.min(spec.topK(), n) : n;
        if (spec.topP() < 1) {
            double total = 0;
            for (int r = 0; r < limit; r++) {
                total += w[order[r]];
            }
            double acc = 0;
            for (int r = 0; r < limit; r++) {
                acc += w[order[r]];
                if (acc >= spec.topP() * total) {
                    limit = r + 1;
                    break;
                }
            }
        }
        double[] p = new double[n];
        double sum = 0;
        for (int r = 0; r < limit; r++) {
            int id = order[r];
            if (w[id] >= spec.minP() * w[order[0]]) {
                p[id] = w[id];
                sum += w[id];
            }
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Chi-square statistic of the counts against p, over cells with expected count >= 5 (the rest pooled). */
    private static double[] chiSquare(long[] counts, double[] p, long draws) {
        double chi = 0;
        int cells = 0;
        double pooledExpected = 0;
        long pooled = 0;
        for (int i = 0; i < p.length; i++) {
            double expected = p[i] * draws;
            if (p[i] == 0) {
                assertThat(counts[i]).as("token %d has probability 0", i).isZero();
            } else if (expected >= 5) {
                chi += (counts[i] - expected) * (counts[i] - expected) / expected;
                cells++;
            } else {
                pooledExpected += expected;
                pooled += counts[i];
            }
        }
        if (pooledExpected >= 5) {
            chi += (pooled - pooledExpected) * (pooled - pooledExpected) / pooledExpected;
            cells++;
        }
        return new double[] {chi, cells - 1};
    }

    private static void assertFollowsTarget(float[] logits, SamplingSpec spec, int draws) {
        Sampler s = new Sampler(spec, 20261201L);
        Distribution d = Distribution.of(logits);
        long[] counts = new long[logits.length];
        for (int i = 0; i < draws; i++) {
            counts[s.sample(logits, d)]++;
        }
        double[] stat = chiSquare(counts, target(logits, spec), draws);
        assertThat(stat[1]).as("degrees of freedom").isGreaterThanOrEqualTo(2);
        // chi-square with k degrees of freedom: mean k, sd sqrt(2k); 6 sd above the mean is a failure
        assertThat(stat[0]).as("chi-square over %s dof for %s", stat[1], spec).isLessThan(stat[1] + 6 * Math.sqrt(2 * stat[1]));
    }

    @Test
    void temperatureAloneFollowsTheTargetOverSeveralLanes() {
        // 3000 ids: lanes hold up to three ids each, and the rejection from the T = 1 terms is exercised
        assertFollowsTarget(ZipfLogits.row(3000, 1.3, 5), new SamplingSpec(0.7, 0, 1.0), 200_000);
        assertFollowsTarget(ZipfLogits.row(3000, 1.3, 5), new SamplingSpec(1.5, 0, 1.0), 100_000);
    }

    @Test
    void filtersFollowTheTarget() {
        float[] logits = ZipfLogits.row(400, 1.0, 3);
        assertFollowsTarget(logits, new SamplingSpec(0.7, 20, 1.0), 100_000);
        assertFollowsTarget(ZipfLogits.row(400, 0.5, 3), new SamplingSpec(0.7, 0, 0.8), 100_000);
        assertFollowsTarget(logits, new SamplingSpec(0.6, 20, 0.95), 100_000);
        assertFollowsTarget(ZipfLogits.row(400, 0.5, 3), new SamplingSpec(0.7, 0, 1.0, 0.05, 1.0), 100_000);
    }

    @Test
    void distributionAgreesWithADoublePrecisionSoftmax() {
        Random r = new Random(11);
        for (int n : new int[] {1, 5, 300, 4096, 151_936}) {
            for (double exponent : new double[] {0.3, 1.1, 3.0, 12.0}) {
                float[] logits = ZipfLogits.row(n, exponent, r.nextLong());
                if (n > 1) {
                    logits[r.nextInt(n)] = Float.NEGATIVE_INFINITY;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (float l : logits) {
                    max = Math.max(max, l);
                }
                double sum = 0;
                double weighted = 0;
                for (float l : logits) {
                    double e = Math.exp(l - max);
                    sum += e;
                    weighted += l == Float.NEGATIVE_INFINITY ? 0 : e * (l - max);
                }
                Distribution d = Distribution.of(logits);
                for (int id : new int[] {0, n / 2, n - 1, d.argmax()}) {
                    double exact = Math.exp(logits[id] - max) / sum;
                    assertThat(d.probability(id)).as("p(%d), n %d", id, n).isCloseTo(exact, within(2e-5 * exact + 1e-300));
                }
                assertThat(d.entropy()).as("entropy, n %d", n).isCloseTo(Math.log(sum) - weighted / sum, within(1e-4));
                assertThat(d.logprob(d.argmax())).as("a probability is never above 1").isLessThanOrEqualTo(0);
                int[] top = d.topIds();
                for (int i = 1; i < top.length; i++) {
                    assertThat(logits[top[i - 1]]).isGreaterThanOrEqualTo(logits[top[i]]);
                }
            }
        }
    }

    @Test
    void rowsOfTwoSizesAlternatingOnOneThreadKeepTheirOwnSums() {
        float[] big = ZipfLogits.row(151_936, 1.1, 1);
        float[] small = java.util.Arrays.copyOf(big, 151_669);
        double alone = Distribution.of(small).entropy();
        Distribution.of(big);
        assertThat(Distribution.of(small).entropy()).isEqualTo(alone);
    }

    @Test
    void fastExpIsWithinItsStatedError() {
        double worst = 0;
        for (float z = -40f; z <= 0f; z += 0.000917f) {
            worst = Math.max(worst, Math.abs(FastExp.exp(z) / Math.exp(z) - 1));
        }
        assertThat(worst).isLessThan(2e-5);
        assertThat(FastExp.exp(0f)).as("the top token's term is exactly 1").isEqualTo(1f);
        assertThat(FastExp.exp(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(FastExp.exp(-41f)).isZero();
    }
}
