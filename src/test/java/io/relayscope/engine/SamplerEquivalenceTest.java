package io.relayscope.engine;

import io.relayscope.eval.ZipfLogits;
import io.relayscope.trace.SamplingSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast sampler draws exactly what the plain {@link ReferenceSampler} draws (same seed, same token, every
 * step), over random logits with ties, banned (-infinity) entries, tiny and large vocabularies, k beyond the
 * vocabulary, top_p 0 and 1, min_p and the repetition penalty; and the draws follow the target distribution.
 */
class SamplerEquivalenceTest {

    /** A case: logits, settings, seed, and ids the model has seen. */
    record Case(float[] logits, SamplingSpec spec, long seed, int[] seen) {
        @Override
        public String toString() {
            return spec + " seed " + seed + " vocab " + logits.length + " seen " + seen.length;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> vocab = Arbitraries.oneOf(Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(13, 300), Arbitraries.integers().between(1000, 5000));
        Arbitrary<SamplingSpec> spec = Combinators.combine(
                Arbitraries.of(0.0, 0.3, 0.6, 0.7, 1.0, 1.5),
                Arbitraries.of(0, 1, 3, 20, 64, 65, 500, 100_000),
                Arbitraries.of(0.0, 0.3, 0.8, 0.95, 0.999, 1.0),
                Arbitraries.of(0.0, 0.0, 0.01, 0.05, 0.5),
                Arbitraries.of(1.0, 1.0, 1.3, 0.8)).as(SamplingSpec::new);
        return Combinators.combine(vocab, Arbitraries.of(0, 1, 2, 3), spec, Arbitraries.longs(), Arbitraries.longs())
                .as((n, shape, s, seed, dataSeed) -> {
                    Random r = new Random(dataSeed);
                    float[] logits = logits(r, n, shape);
                    int[] seen = r.ints(r.nextInt(Math.min(n, 40) + 1), 0, n).toArray();
                    return new Case(logits, s, seed, seen);
                });
    }

    /** Shapes: coarse values with many ties; Gaussian; Zipf-like and spread; each with some banned entries. */
    private static float[] logits(Random r, int n, int shape) {
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = switch (shape) {
                case 0 -> r.nextInt(4) - 2;
                case 1 -> (float) (3 * r.nextGaussian());
                case 2 -> (float) (-1.2 * Math.log(1 + r.nextInt(n)) + 0.2 * r.nextGaussian());
                default -> (float) (-0.3 * Math.log(1 + r.nextInt(n)));
            };
            if (r.nextInt(10) == 0) {
                l[i] = Float.NEGATIVE_INFINITY;
            }
        }
        return l;
    }

    @Property(tries = 400)
    void fastSamplerDrawsTheReferenceTokens(@ForAll("cases") Case c) {
        assertSameDraws(c, 8);
    }

    @Test
    void atQwenSizeWideNucleiAndMinPTakeTheSlowPathsAndStillAgree() {
        for (double exponent : new double[] {0.6, 1.1}) {
            float[] logits = ZipfLogits.row(151_936, exponent, 7);
            for (SamplingSpec spec : new SamplingSpec[] {new SamplingSpec(0.7, 0, 0.8), new SamplingSpec(1.0, 0, 0.999),
                    new SamplingSpec(0.6, 20, 0.95), new SamplingSpec(0.7, 0, 1.0, 0.001, 1.0),
                    new SamplingSpec(0.7, 0, 1.0), new SamplingSpec(1.3, 0, 1.0), new SamplingSpec(0.7, 0, 0.9, 0, 1.2)}) {
                assertSameDraws(new Case(logits, spec, 99, new int[] {1, 2, 3, 500, 151_935}), 2);
            }
        }
    }

    @Test
    void allBannedOrOneTokenRowsDoNotFail() {
        float[] banned = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        Sampler s = new Sampler(new SamplingSpec(0.7, 0, 0.8), 1);
        assertThat(s.sample(banned, Distribution.of(banned))).isZero();
        float[] one = {2f};
        assertThat(new Sampler(new SamplingSpec(1.0, 5, 0.5, 0.1, 1.0), 1).sample(one, Distribution.of(one))).isZero();
    }

    private static void assertSameDraws(Case c, int steps) {
        Sampler fast = new Sampler(c.spec(), c.seed());
        ReferenceSampler plain = new ReferenceSampler(c.spec(), c.seed());
        fast.observe(c.seen());
        plain.observe(c.seen());
        for (int step = 0; step < steps; step++) {
            int expected = plain.sample(c.logits());
            int actual = fast.sample(c.logits(), Distribution.of(c.logits()));
            assertThat(actual).as("step %d of %s", step, c).isEqualTo(expected);
            if (hasAllowed(c.logits())) {
                assertThat(c.logits()[actual]).as("never a banned token").isNotEqualTo(Float.NEGATIVE_INFINITY);
            }
            fast.observe(actual);
            plain.observe(actual);
        }
    }

    private static boolean hasAllowed(float[] logits) {
        for (float l : logits) {
            if (l != Float.NEGATIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }
}
