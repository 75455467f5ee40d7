package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model whose logits turn NaN mid-run (the qwen3-nan fixture: Qwen3's graph plus 0 * sqrt(20 - position), NaN from
 * position 21 on) stops the run with a one-line error naming the model and the step, as SLM or as LLM; no token is
 * drawn from the broken row. Distribution tells broken rows (NaN, +infinity) from banned ones (-infinity).
 */
class BrokenLogitsTest {
    private static final String PROMPT = "Hello world, how are you?";

    @Test
    void aNanRowStopsTheRunAtThatStepNamingTheModel() {
        JsonNode spec = RealShapeFixtures.faultyEntry(RealShapeFixtures.QWEN3_NAN);
        int nanFrom = spec.path("nanFromPosition").asInt();
        Path nan = RealShapeFixtures.root().resolve(RealShapeFixtures.QWEN3_NAN);
        Path good = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM);
        for (boolean asSlm : new boolean[] {true, false}) {
            try (ModelPair pair = asSlm ? ModelPair.open(nan, good) : ModelPair.open(good, nan)) {
                String policy = asSlm ? "slm-only" : "llm-only";
                Trace t = new RelayEngine(pair).run(new RelayRequest(PROMPT, new PolicySpec(policy, Map.of()), SamplingSpec.GREEDY,
                        SamplingSpec.GREEDY, 0, new Limits(60, 8, true)).withPromptStyle(PromptStyle.RAW));
                int prompt = t.summary().promptTokens();
                assertThat(prompt).isLessThan(nanFrom);
                int step = nanFrom - prompt + 2; // forward 1 reads the prompt; forward k feeds position prompt + k - 2
                assertThat(t.summary().finishReason()).as(policy).isEqualTo(FinishReason.ERROR);
                assertThat(t.summary().error()).as(policy).doesNotContain("\n")
                        .contains("qwen3-nan: its logits at step " + step + " (after position " + nanFrom + ") are NaN in ")
                        .contains("no token was drawn").contains("re-export");
                assertThat(t.summary().responseTokens()).as("the tokens before the broken step, none after").isEqualTo(step - 1);
                assertThat(t.tokens().stream().filter(x -> x.source() != Source.PROMPT)
                        .allMatch(x -> Double.isFinite(x.logprob()))).isTrue();
            }
        }
    }

    @Test
    void distributionTellsBrokenRowsFromBannedOnes() {
        float[] row = new float[151_936];
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) Math.sin(i * 0.37) * 4;
        }
        assertThat(Distribution.of(row.clone()).broken()).isFalse();
        float[] one = row.clone();
        one[77_777] = Float.NaN;
        assertThat(Distribution.of(one).broken()).as("one NaN").isTrue();
        float[] inf = row.clone();
        inf[12] = Float.POSITIVE_INFINITY;
        assertThat(Distribution.of(inf).broken()).as("+infinity").isTrue();
        float[] allNan = new float[1000];
        Arrays.fill(allNan, Float.NaN);
        assertThat(Distribution.of(allNan).broken()).isTrue();
        float[] nanAndBanned = allNan.clone();
        Arrays.fill(nanAndBanned, 0, 5, Float.NEGATIVE_INFINITY); // NaN everywhere but the banned ids (eos, <call>)
        assertThat(Distribution.of(nanAndBanned).broken()).as("NaN beside banned ids").isTrue();
        float[] banned = new float[1000];
        Arrays.fill(banned, Float.NEGATIVE_INFINITY);
        assertThat(Distribution.of(banned).broken()).as("every token banned is no breakdown").isFalse();
        assertThat(BrokenLogits.of("m", 3, 40, one).getMessage()).contains("NaN in 1 of 151,936 entries");
        assertThat(BrokenLogits.of("m", 3, 40, inf).getMessage()).contains("+infinity in 1 of 151,936 entries");
    }
}
