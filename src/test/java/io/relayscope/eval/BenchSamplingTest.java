package io.relayscope.eval;

import io.relayscope.engine.ModelPair;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.SamplingSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** bench's relay runs sample as run does: the pair's generation_config.json defaults unless the command passes others. */
class BenchSamplingTest {
    @Test
    void relayRunsUseThePairsGenerationDefaults() {
        Path qwen = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM);
        try (ModelPair pair = ModelPair.open(qwen, qwen)) {
            SamplingSpec defaults = pair.slm().generationDefaults().sampling();
            assertThat(defaults.temperature()).isEqualTo(0.6);
            assertThat(defaults.topK()).isEqualTo(20);
            var request = new Bench(pair, List.of("x"), 4, s -> { }).request("x", 0);
            assertThat(request.slmSampling()).isEqualTo(defaults);
            assertThat(request.llmSampling()).isEqualTo(pair.llm().generationDefaults().sampling());
            var flagged = new Bench(pair, List.of("x"), 4, SamplingSpec.GREEDY, new SamplingSpec(0.7, 0, 0.8), s -> { })
                    .request("x", 0);
            assertThat(flagged.slmSampling()).isEqualTo(SamplingSpec.GREEDY);
            assertThat(flagged.llmSampling()).isEqualTo(new SamplingSpec(0.7, 0, 0.8));
        }
    }
}
