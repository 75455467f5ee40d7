package io.relayscope.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real demo models through DJL's ONNX Runtime engine: shapes read from the graph, KV cache exactness, errors. */
class OnnxCausalLmTest {
    private static OnnxCausalLm slm;
    private static OnnxCausalLm llm;

    @BeforeAll
    static void open() {
        slm = OnnxCausalLm.open(TestModels.require(TestModels.SLM));
        llm = OnnxCausalLm.open(TestModels.require(TestModels.LLM));
    }

    @AfterAll
    static void close() {
        slm.close();
        llm.close();
    }

    @Test
    void readsDecoderShapesAndParametersFromTheGraph() {
        ModelInfo s = slm.info();
        assertThat(s.layers()).isEqualTo(3);
        assertThat(s.kvHeads()).isEqualTo(2);
        assertThat(s.headDim()).isEqualTo(12);
        assertThat(s.kvType()).isEqualTo(ModelInfo.KvType.FLOAT32);
        assertThat(s.hasPositionIds()).isTrue();
        assertThat(s.parameterCount()).isEqualTo(35_352);
        assertThat(s.sha256()).hasSize(64);
        assertThat(llm.info().layers()).isEqualTo(4);
        assertThat(llm.info().headDim()).isEqualTo(32);
        assertThat(llm.info().parameterCount()).isEqualTo(771_968);
        assertThat(slm.eosIds()).containsExactly(256);
        assertThat(slm.promptTemplate()).isEqualTo("Q: {question}\nA:");
    }

    @Test
    void cachedStepLogitsEqualAFullRecompute() {
        for (OnnxCausalLm model : new OnnxCausalLm[] {slm, llm}) {
            int[] ids = model.tokenizer().encode("Q: Ava has 40 coins, loses 12 and gets 3 boxes of 5. How many?\nA: 40-12=28.");
            int prefix = ids.length - 8;
            try (KvSequence cached = model.newSequence()) {
                cached.append(Arrays.copyOf(ids, prefix));
                for (int t = prefix; t < ids.length; t++) {
                    float[] step = cached.append(new int[] {ids[t]});
                    try (KvSequence full = model.newSequence()) {
                        float[] recomputed = full.append(Arrays.copyOf(ids, t + 1));
                        assertThat(maxDiff(step, recomputed)).as("position %d of %s", t, model.name()).isLessThanOrEqualTo(1e-4);
                    }
                }
                assertThat(cached.length()).isEqualTo(ids.length);
                assertThat(cached.stats().forwardCalls()).isEqualTo(1 + 8);
                assertThat(cached.stats().fedTokens()).isEqualTo(ids.length);
            }
        }
    }

    @Test
    void directSessionPathAndDjlBlockPathGiveTheSameLogits() {
        int[] ids = slm.tokenizer().encode("Q: Sam has 20 pens, buys 2 boxes of 3. How many?\nA: 2*3=6.");
        try (KvSequence direct = slm.newSequence(); KvSequence djl = slm.newDjlBlockSequence()) {
            assertThat(maxDiff(direct.append(Arrays.copyOf(ids, 30)), djl.append(Arrays.copyOf(ids, 30)))).isLessThanOrEqualTo(1e-6);
            for (int t = 30; t < ids.length; t++) {
                assertThat(maxDiff(direct.append(new int[] {ids[t]}), djl.append(new int[] {ids[t]}))).isLessThanOrEqualTo(1e-6);
            }
        }
    }

    @Test
    void twoChunkPrefillEqualsOnePrefill() {
        int[] ids = llm.tokenizer().encode("Q: Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?\nA:");
        try (KvSequence one = llm.newSequence(); KvSequence two = llm.newSequence()) {
            float[] whole = one.append(ids);
            two.append(Arrays.copyOf(ids, 20));
            float[] chunked = two.append(Arrays.copyOfRange(ids, 20, ids.length));
            assertThat(maxDiff(whole, chunked)).isLessThanOrEqualTo(1e-4);
            assertThat(two.stats().forwardCalls()).isEqualTo(2);
        }
    }

    @Test
    void opensAGpt2StyleGraphWithoutPositionIdsAndKeepsItsCacheExact() {
        try (OnnxCausalLm toy = OnnxCausalLm.open(Path.of("src/test/resources/models/toy-gpt2-layout"))) {
            assertThat(toy.info().hasPositionIds()).isFalse();
            assertThat(toy.info().layers()).isEqualTo(2);
            // 26,944 in torch; the exporter stores identical all-ones norm weights of the untrained toy once
            assertThat(toy.info().parameterCount()).isEqualTo(26_792);
            int[] ids = toy.tokenizer().encode("Q: Leo has 82 pens, loses 13. How many?\nA: 82-13=69.");
            try (KvSequence cached = toy.newSequence(); KvSequence full = toy.newSequence()) {
                cached.append(Arrays.copyOf(ids, 10));
                float[] last = null;
                for (int t = 10; t < ids.length; t++) {
                    last = cached.append(new int[] {ids[t]});
                }
                assertThat(maxDiff(last, full.append(ids))).isLessThanOrEqualTo(1e-4);
            }
        }
    }

    @Test
    void missingOrWrongPathsGiveOneLineErrors(@TempDir Path tmp) throws Exception {
        assertOneLine(() -> OnnxCausalLm.open(tmp.resolve("nope")), "no such folder");
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        assertOneLine(() -> OnnxCausalLm.open(file), "not a model folder");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertOneLine(() -> OnnxCausalLm.open(empty), "no model.onnx");
        Path noTok = Files.createDirectory(tmp.resolve("notok"));
        Files.copy(TestModels.SLM.resolve("model.onnx"), noTok.resolve("model.onnx"));
        assertOneLine(() -> OnnxCausalLm.open(noTok), "no tokenizer.json");
        Path notDecoder = Files.createDirectory(tmp.resolve("relu"));
        Files.copy(Path.of("src/test/resources/not-a-decoder.onnx"), notDecoder.resolve("model.onnx"));
        Files.copy(TestModels.SLM.resolve("tokenizer.json"), notDecoder.resolve("tokenizer.json"));
        assertOneLine(() -> OnnxCausalLm.open(notDecoder), "not a decoder graph");
        Path garbage = Files.createDirectory(tmp.resolve("garbage"));
        Files.writeString(garbage.resolve("model.onnx"), "this is not onnx");
        Files.copy(TestModels.SLM.resolve("tokenizer.json"), garbage.resolve("tokenizer.json"));
        assertOneLine(() -> OnnxCausalLm.open(garbage), "model.onnx");
    }

    @Test
    void tokenizersThatDisagreeRelayThroughTheTextBridge(@TempDir Path tmp) throws Exception {
        Path other = Files.createDirectory(tmp.resolve("other"));
        for (String f : new String[] {"model.onnx", "config.json", "generation_config.json"}) {
            Files.copy(TestModels.LLM.resolve(f), other.resolve(f));
        }
        String tok = Files.readString(TestModels.LLM.resolve("tokenizer.json")).replace("\"<pad>\"", "\"<mask>\"");
        Files.writeString(other.resolve("tokenizer.json"), tok);
        try (ModelPair pair = ModelPair.open(TestModels.SLM, other)) {
            assertThat(pair.textBridge()).as("one token differs: the ids cannot be exchanged").isTrue();
            Trace t = new RelayEngine(pair).run(new RelayRequest("2 + 3?", new PolicySpec("random-token",
                    Map.of("p", 0.5, "callTokens", 2.0)), SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(12, 3, true)));
            assertThat(t.summary().error()).isNull();
            assertThat(t.header().textBridge()).isPresent();
        }
    }

    private static void assertOneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String fragment) {
        assertThatThrownBy(call).isInstanceOf(UserFacingException.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
