package io.relayscope.engine.realshape;

import io.relayscope.engine.ModelPair;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay run on a Qwen3-shaped pair at full vocabulary size (151,669 tokenizer ids) through the engine as it is:
 * the merged-layout copy as SLM and the Optimum one as LLM compute one function, so relaying changes nothing,
 * and the saved trace reads back.
 */
class RealShapeRelayTest {
    @TempDir
    Path tmp;

    @Test
    void relayBetweenTwoLayoutsOfOneQwen3FunctionMatchesTheModelAloneAndSavesAValidTrace() throws Exception {
        try (ModelPair pair = ModelPair.open(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_MERGED),
                RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM))) {
            RelayEngine engine = new RelayEngine(pair);
            String question = "Hello world, how are you?";
            Limits limits = new Limits(24, 8, true);
            Trace alone = engine.run(new RelayRequest(question, new PolicySpec("slm-only", Map.of()), SamplingSpec.GREEDY,
                    SamplingSpec.GREEDY, 0, limits));
            Trace relayed = engine.run(new RelayRequest(question, new PolicySpec("random-token", Map.of("p", 0.3, "callTokens", 3.0)),
                    SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, limits));
            assertThat(relayed.calls()).hasSizeGreaterThan(1);
            assertThat(relayed.tokens().stream().filter(t -> t.source() == Source.LLM).count()).isPositive();
            assertThat(relayed.tokens().stream().filter(t -> t.source() != Source.PROMPT).map(TokenRecord::id))
                    .containsExactlyElementsOf(alone.tokens().stream().filter(t -> t.source() != Source.PROMPT)
                            .map(TokenRecord::id).toList());
            assertThat(relayed.summary().responseTokens()).isEqualTo(24);
            Path file = tmp.resolve("qwen3-shape.trace.json");
            TraceCodec.write(relayed, file);
            Trace back = TraceCodec.read(file);
            assertThat(back.tokens()).hasSameSizeAs(relayed.tokens());
            assertThat(back.header().promptText()).isEqualTo(relayed.header().promptText());
            assertThat(back.summary().responseText()).isEqualTo(relayed.summary().responseText());
        }
    }
}
