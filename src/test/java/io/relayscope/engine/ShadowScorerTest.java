package io.relayscope.engine;

import io.relayscope.trace.CriticalTokens;
import io.relayscope.trace.ShadowScore;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Both models' opinion of every token, scored in batched forwards on the real demo models. */
class ShadowScorerTest {

    private static Trace sample(String name) throws Exception {
        return TraceCodec.read(Path.of("sample-sessions", name + ".json"));
    }

    private static ModelPair pairOf(Trace t) {
        return ModelPair.open(TestModels.require(Path.of(t.header().models().get(0).path())),
                TestModels.require(Path.of(t.header().models().get(1).path())));
    }

    /**
     * Each model's score of the tokens it wrote itself equals what it said while decoding: the batched forward saw
     * the same context (for the LLM: the command replaced by a space), so the alignment of both views is right.
     */
    @ParameterizedTest
    @ValueSource(strings = {"confidence", "random-token", "model-command"})
    void aModelsScoreOfItsOwnTokensIsWhatItSaidWhileDecoding(String name) throws Exception {
        Trace t = sample(name);
        try (ModelPair pair = pairOf(t)) {
            Trace scored = new ShadowScorer(pair).score(t);
            assertThat(SampleSessionsRerunTest.shape(scored)).isEqualTo(SampleSessionsRerunTest.shape(t));
            int slm = 0;
            int llm = 0;
            for (TokenRecord x : scored.tokens()) {
                switch (x.source()) {
                    case PROMPT, COMMAND -> assertThat(x.shadow()).as(x.toString()).isEmpty();
                    case SLM -> {
                        ShadowScore s = x.shadow().orElseThrow();
                        assertThat(s.slmLogprob()).as(x.toString()).isCloseTo(x.logprob(), within(1e-4));
                        assertThat(s.slmTop()).isEqualTo(x.alternatives().get(0).id());
                        slm++;
                    }
                    case LLM -> {
                        ShadowScore s = x.shadow().orElseThrow();
                        assertThat(s.llmLogprob()).as(x.toString()).isCloseTo(x.logprob(), within(1e-4));
                        assertThat(s.llmTop()).isEqualTo(x.alternatives().get(0).id());
                        llm++;
                    }
                    default -> throw new AssertionError(x.source());
                }
            }
            assertThat(slm).isEqualTo(t.summary().slmTokens());
            assertThat(llm).isEqualTo(t.summary().llmTokens()).isPositive();
            assertThat(CriticalTokens.of(scored).scored()).isEqualTo(slm + llm);
        }
    }

    @Test
    void theSmallBaseModelDisagreesWithTheLargeOneOnSomeDigitsAndCallsCoverSome() throws Exception {
        Trace t = sample("confidence");
        try (ModelPair pair = pairOf(t)) {
            Trace scored = new ShadowScorer(pair).score(t);
            CriticalTokens c = CriticalTokens.of(scored);
            assertThat(c.critical()).isPositive().isLessThan(c.scored());
            for (TokenRecord x : scored.tokens()) {
                if (x.critical()) {
                    assertThat(x.text()).as("critical tokens of an arithmetic answer are digits").matches("[0-9]");
                }
            }
            assertThat(c.calls()).isEqualTo(t.calls().size());
            assertThat(c.atCritical()).isBetween(0, c.calls());
            assertThat(c.recall()).isEqualTo((double) c.covered() / c.critical());
        }
    }

    @Test
    void oneForwardOverManyTokensGivesEachRowAsSingleForwardsDo() {
        try (OnnxCausalLm m = OnnxCausalLm.open(TestModels.require(TestModels.LLM))) {
            int[] ids = m.tokenizer().encode("Q: Tom has 32 stamps and sells 17. How many?\nA: 32-17=15.");
            List<float[]> rows = new ArrayList<>();
            try (KvSequence seq = m.newSequence()) {
                seq.appendRows(ids, (offset, logits) -> {
                    assertThat(offset).isEqualTo(rows.size());
                    rows.add(logits);
                });
                assertThat(seq.stats().forwardCalls()).isEqualTo(1);
                assertThat(seq.length()).isEqualTo(ids.length);
            }
            try (KvSequence seq = m.newSequence()) {
                for (int i = 0; i < ids.length; i++) {
                    float[] one = seq.append(new int[] {ids[i]});
                    for (int v = 0; v < one.length; v++) {
                        assertThat(rows.get(i)[v]).isCloseTo(one[v], within(1e-3f));
                    }
                }
            }
        }
    }
}
