package io.relayscope.engine;

import io.relayscope.trace.SamplingSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Greedy, temperature, top-k and top-p sampling, and the distribution statistics recorded per token. */
class SamplerTest {
    private static final float[] LOGITS = {1f, 3f, 2f, 0.5f, 2.9f};

    @Test
    void greedyAndTopKOfOneTakeTheArgmax() {
        Distribution d = Distribution.of(LOGITS);
        assertThat(new Sampler(SamplingSpec.GREEDY, 1).sample(LOGITS, d)).isEqualTo(1);
        Sampler topOne = new Sampler(new SamplingSpec(5.0, 1, 1.0), 7);
        for (int i = 0; i < 50; i++) {
            assertThat(topOne.sample(LOGITS, d)).isEqualTo(1);
        }
    }

    @Test
    void topPKeepsOnlyTheNucleus() {
        Distribution d = Distribution.of(LOGITS);
        Sampler nucleus = new Sampler(new SamplingSpec(1.0, 0, 0.5), 3);
        for (int i = 0; i < 200; i++) {
            assertThat(nucleus.sample(LOGITS, d)).isIn(1, 4);
        }
    }

    @Test
    void sameSeedSameChoices() {
        Distribution d = Distribution.of(LOGITS);
        SamplingSpec spec = new SamplingSpec(1.5, 0, 1.0);
        Sampler a = new Sampler(spec, 11);
        Sampler b = new Sampler(spec, 11);
        for (int i = 0; i < 100; i++) {
            assertThat(a.sample(LOGITS, d)).isEqualTo(b.sample(LOGITS, d));
        }
    }

    @Test
    void distributionStatistics() {
        Distribution d = Distribution.of(new float[] {0f, 0f, 0f, 0f});
        assertThat(d.entropy()).isCloseTo(Math.log(4), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(d.topProbability()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(Distribution.of(LOGITS).topIds()).containsExactly(1, 4, 2, 0, 3);
    }

    @Property(tries = 200)
    void probabilitiesSumToOneAndTopIdsAreSorted(@ForAll @Size(min = 5, max = 40) List<@FloatRange(min = -20, max = 20) Float> values) {
        float[] logits = new float[values.size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = values.get(i);
        }
        Distribution d = Distribution.of(logits);
        double sum = 0;
        for (int i = 0; i < d.size(); i++) {
            sum += d.probability(i);
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        int[] top = d.topIds();
        for (int i = 1; i < top.length; i++) {
            assertThat(d.probability(top[i - 1])).isGreaterThanOrEqualTo(d.probability(top[i]));
        }
    }
}
