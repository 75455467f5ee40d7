package io.relayscope.engine.realshape;

import io.relayscope.engine.KvSequence;
import io.relayscope.engine.ModelInfo;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static io.relayscope.engine.realshape.GraphRunner.argmax;
import static io.relayscope.engine.realshape.GraphRunner.maxDiff;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine as it is on the Optimum-layout fixtures (Qwen3 and Llama-3 shapes, 151,936 / 128,256 logits, real
 * tokenizers): opens them, reads the shapes, tokenises the reference prompt like the real tokenizer, computes the
 * reference logits, and its KV-cached greedy steps equal both the reference and a full recompute.
 */
class RealShapeEngineTest {

    @ParameterizedTest
    @ValueSource(strings = {RealShapeFixtures.QWEN3_OPTIMUM, RealShapeFixtures.QWEN3_MERGED,
            RealShapeFixtures.QWEN3_RELAY_SLM, RealShapeFixtures.LLAMA3_OPTIMUM})
    void opensComputesTheReferenceAndCachesExactly(String name) {
        JsonNode e = RealShapeFixtures.entry(name);
        String base = e.path("sameWeightsAs").isTextual() ? e.path("sameWeightsAs").asText() : name;
        int[] prompt = RealShapeFixtures.promptIds(base);
        int[] greedy = RealShapeFixtures.greedyIds(base);
        try (OnnxCausalLm lm = OnnxCausalLm.open(RealShapeFixtures.folder(name))) {
            ModelInfo info = lm.info();
            assertThat(info.layers()).isEqualTo(e.path("layers").asInt());
            assertThat(info.kvHeads()).isEqualTo(e.path("kvHeads").asInt()).isLessThan(e.path("heads").asInt());
            assertThat(info.headDim()).isEqualTo(e.path("headDim").asInt());
            assertThat(info.kvType()).isEqualTo(ModelInfo.KvType.FLOAT32);
            assertThat(lm.eosIds()).contains(RealShapeFixtures.ints(e.path("eosTokenIds")));
            theTokenizerIsTheRealOne(name, lm.tokenizer());
            assertThat(lm.tokenizer().encode(RealShapeFixtures.entry(base).path("reference").path("promptText").asText()))
                    .as("the real tokenizer encodes the reference prompt to the reference ids").containsExactly(prompt);

            try (KvSequence seq = lm.newSequence()) {
                float[] logits = seq.append(prompt);
                // the engine keeps the tokenizer's ids of the graph's vocab_size-wide row (the rest is padding)
                assertThat(logits).hasSize(lm.tokenizer().vocabSize());
                assertThat(e.path("vocabSize").asInt()).isGreaterThanOrEqualTo(lm.tokenizer().vocabSize());
                float[] reference = Arrays.copyOf(RealShapeFixtures.referenceLastLogits(base), logits.length);
                assertThat(maxDiff(logits, reference)).isLessThanOrEqualTo(1e-3);
                for (int step = 0; step < greedy.length; step++) {
                    assertThat(argmax(logits)).as("%s greedy step %d", name, step).isEqualTo(greedy[step]);
                    int[] upTo = Arrays.copyOf(prompt, prompt.length + step + 1);
                    System.arraycopy(greedy, 0, upTo, prompt.length, step + 1);
                    logits = seq.append(new int[] {greedy[step]});
                    try (KvSequence full = lm.newSequence()) {
                        assertThat(maxDiff(logits, full.append(upTo))).as("%s cached step %d", name, step).isLessThanOrEqualTo(1e-4);
                    }
                }
                assertThat(seq.length()).isEqualTo(prompt.length + greedy.length);
            }
        }
    }

    private static void theTokenizerIsTheRealOne(String name, TextTokenizer tok) {
        if (name.startsWith("llama3")) {
            assertThat(tok.vocabSize()).isEqualTo(128_256);
            assertThat(tok.specialId("<|eot_id|>")).hasValue(128_009);
            assertThat(tok.specialId("<|begin_of_text|>")).hasValue(128_000);
        } else {
            int added = name.equals(RealShapeFixtures.QWEN3_RELAY_SLM) ? 2 : 0;
            assertThat(tok.vocabSize()).isEqualTo(151_669 + added);
            assertThat(tok.specialId("<|im_end|>")).hasValue(151_645);
            assertThat(tok.specialId("<think>")).hasValue(151_667);
        }
        String text = "naïve café — 日本語 🙂, 12345";
        assertThat(tok.decode(tok.encode(text))).isEqualTo(text);
    }
}
