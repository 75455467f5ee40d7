package io.relayscope.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Limits;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Position limits (a run stops with CONTEXT_FULL), the weights hash (graph and external data), pairs whose
 * vocabularies differ only by added tokens, and the one-line errors for graphs the engine cannot feed or the runtime
 * cannot read. Real models through the real engine: the demo pair and the real-shape fixtures.
 */
class LimitsAndIdentityTest {
    @TempDir
    Path tmp;

    @Test
    void aRunStopsAtTheSmallerModelsPositionLimitWithAFinishReasonThatSaysSo() throws Exception {
        Path slm = copy(TestModels.require(TestModels.SLM), "slm");
        Path llm = copy(TestModels.require(TestModels.LLM), "llm");
        setConfig(slm, "max_position_embeddings", 48);
        setConfig(llm, "max_position_embeddings", 40);
        try (ModelPair pair = ModelPair.open(slm, llm)) {
            assertThat(pair.slm().info().maxPositions()).hasValue(48);
            RelayEngine engine = new RelayEngine(pair);
            for (String policy : List.of(Policies.SLM_ONLY, Policies.LLM_ONLY)) {
                Trace t = engine.run(new RelayRequest("Tom has 3 pens.", Policies.spec(policy, Map.of()),
                        SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(500, 0, true)), RelayListener.NONE, new RunControl());
                int limit = policy.equals(Policies.SLM_ONLY) ? 48 : 40;
                assertThat(t.summary().finishReason()).as(policy).isEqualTo(FinishReason.CONTEXT_FULL);
                assertThat(t.summary().error()).as(policy).startsWith("context full at " + limit + " positions");
                assertThat(t.tokens()).as("the prompt and the answer fill every position; the last token is never fed")
                        .hasSize(limit + 1);
                long fed = policy.equals(Policies.SLM_ONLY) ? t.summary().slmCost().fedTokens() : t.summary().llmCost().fedTokens();
                assertThat(fed).isEqualTo(limit);
            }
            Trace tooLong = engine.run(new RelayRequest("Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?",
                    Policies.spec(Policies.LLM_ONLY, Map.of()), SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0,
                    new Limits(500, 0, true)), RelayListener.NONE, new RunControl());
            assertThat(tooLong.summary().promptTokens()).isGreaterThan(40);
            assertThat(tooLong.summary().finishReason()).as("a prompt longer than the limit is never fed")
                    .isEqualTo(FinishReason.CONTEXT_FULL);
            assertThat(tooLong.summary().responseTokens()).isZero();
            assertThat(tooLong.summary().llmCost().fedTokens()).isZero();
        }
        setConfig(llm, "max_position_embeddings", 2048);
        try (OnnxCausalLm m = OnnxCausalLm.open(llm)) {
            assertThat(m.info().maxPositions()).hasValue(2048);
            assertThat(new ContextFull("x", 2048).getMessage()).isEqualTo("context full at 2,048 positions (x)");
        }
    }

    @Test
    void theGenaiContextLengthIsTheLimitOfAGenaiFolder() {
        try (OnnxCausalLm m = OnnxCausalLm.open(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_GENAI))) {
            assertThat(m.modelFolder().layout()).isEqualTo(ModelLayout.GENAI);
            assertThat(m.info().maxPositions()).hasValue(RealShapeFixtures.entry(RealShapeFixtures.QWEN3_GENAI)
                    .path("maxPositions").asInt());
            assertThat(m.info().hasPositionIds()).as("fused rotary: no position_ids").isFalse();
        }
    }

    @Test
    void theSha256CoversTheExternalDataAndFollowsAChangedByte() throws Exception {
        Path dir = copy(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM), "ext");
        Path data = dir.resolve("model.onnx_data");
        ModelVariant v = ModelFolder.open(dir).variant();
        assertThat(v.externalData()).containsExactly(data);
        long t0 = System.nanoTime();
        String first = Hashing.weights(v.graph(), v.externalData());
        long hashNanos = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        String cached = Hashing.weights(v.graph(), v.externalData());
        long cachedNanos = System.nanoTime() - t1;
        System.out.printf("weights hash of %d MB: %.1f ms, from the cache %.2f ms%n", v.bytes() / 1_000_000,
                hashNanos / 1e6, cachedNanos / 1e6);
        assertThat(cached).isEqualTo(first);
        assertThat(first).isEqualTo(ModelLayoutsTest.sha256(List.of(v.graph(), data)))
                .isNotEqualTo(Hashing.sha256(v.graph()));
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 1);
        }
        Files.setLastModifiedTime(data, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        try (OnnxCausalLm m = OnnxCausalLm.open(dir)) {
            assertThat(m.info().sha256()).as("one byte of model.onnx_data changed").isNotEqualTo(first)
                    .isEqualTo(ModelLayoutsTest.sha256(List.of(v.graph(), data)));
        }
    }

    @Test
    void aMissingExternalDataFileIsOneLineNamingIt() throws Exception {
        Path dir = copy(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY), "split");
        Files.delete(dir.resolve("onnx/model.onnx_data_1"));
        assertThatThrownBy(() -> OnnxCausalLm.open(dir)).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("model.onnx_data_1").hasMessageNotContaining("\n");
        // the onnx-community fixture holds every variant name (bnb4, q2 and q1 included); the genai folder only int4
        assertThatThrownBy(() -> ModelFolder.open(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_GENAI), Optional.of("fp16")))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("no fp16 variant here")
                .hasMessageContaining("holds q4 (");
        assertThatThrownBy(() -> ModelFolder.open(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM), Optional.of("q3")))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("unknown model variant 'q3'");
    }

    @Test
    void aPairWhoseSlmAddsTokensOnTopOfTheLlmsVocabularyOpensAndARealMismatchGoesThroughTheTextBridge() {
        Path slmDir = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_RELAY_SLM);
        Path llmDir = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM);
        try (ModelPair pair = ModelPair.open(slmDir, llmDir)) {
            TextTokenizer slmTok = pair.slm().tokenizer();
            int shared = pair.llm().tokenizer().vocabSize();
            assertThat(slmTok.vocabSize()).isGreaterThan(shared);
            int call = slmTok.specialId("<call>").orElseThrow();
            assertThat(call).isGreaterThanOrEqualTo(shared);
            SharedVocabularyLm llm = (SharedVocabularyLm) pair.llm();
            int[] seen = llm.translate(new int[] {9707, call, 1879});
            assertThat(seen).as("an SLM-only token reaches the LLM as its text in the LLM's tokens")
                    .startsWith(9707).endsWith(1879).hasSize(2 + pair.llm().tokenizer().encode("<call>").length);
            try (KvSequence seq = llm.newSequence()) {
                float[] logits = seq.append(new int[] {9707, call});
                assertThat(logits).hasSize(shared);
            }
            for (String policy : List.of(Policies.MODEL_COMMAND, Policies.CONFIDENCE, Policies.LLM_ONLY)) {
                Trace t = new RelayEngine(pair).run(new RelayRequest("Hello world, how are you?", Policies.spec(policy, Map.of()),
                        SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(12, 4, true)), RelayListener.NONE, new RunControl());
                assertThat(t.summary().finishReason()).as(policy).isEqualTo(FinishReason.MAX_TOKENS);
                assertThat(t.tokens().stream().filter(x -> x.source() == Source.LLM)).allMatch(x -> x.id() < shared);
            }
        }
        // tokenizers that really differ are no longer refused: they relay through the text bridge (TextBridgeTest)
        try (ModelPair bridged = ModelPair.open(TestModels.require(TestModels.SLM), llmDir)) {
            assertThat(bridged.textBridge()).isTrue();
        }
    }

    @Test
    void anInputTheEngineCannotFeedIsOneLineNamingTheInputAndTheFile() throws Exception {
        Path dir = copy(TestModels.require(TestModels.SLM), "extra-input");
        Path model = dir.resolve("model.onnx");
        // protobuf merges a repeated message field: a second ModelProto.graph holding one more input extends the graph
        byte[] dims = concat(field(1, concat(new byte[] {0x08, 0x01})), field(1, concat(new byte[] {0x08, 0x01})));
        byte[] tensorType = concat(new byte[] {0x08, 0x07}, field(2, dims));
        byte[] valueInfo = concat(field(1, "token_type_ids".getBytes(StandardCharsets.UTF_8)), field(2, field(1, tensorType)));
        Files.write(model, field(7, field(11, valueInfo)), java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> OnnxCausalLm.open(dir)).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("'token_type_ids'").hasMessageContaining(model.toString()).hasMessageNotContaining("\n");
    }

    @Test
    void aGraphTheRuntimeCannotReadIsOneLineNamingTheRuntimeVersion() throws Exception {
        Path dir = copy(TestModels.require(TestModels.SLM), "new-ir");
        Files.write(dir.resolve("model.onnx"), new byte[] {0x08, 0x63}, java.nio.file.StandardOpenOption.APPEND); // ir_version 99
        assertThatThrownBy(() -> OnnxCausalLm.open(dir)).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("IR version").hasMessageNotContaining("\n")
                // asked only now: DJL must create the ONNX Runtime environment itself, first
                .hasMessageContaining("ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion() + " ");
    }

    @Test
    void anIrVersion11GraphLoads() throws Exception {
        Path dir = copy(TestModels.require(TestModels.SLM), "ir11");
        Files.write(dir.resolve("model.onnx"), new byte[] {0x08, 0x0B}, java.nio.file.StandardOpenOption.APPEND); // ir_version 11
        assertThat(OnnxGraphFacts.read(dir.resolve("model.onnx")).irVersion()).isEqualTo(11);
        try (OnnxCausalLm m = OnnxCausalLm.open(dir); KvSequence seq = m.newSequence()) {
            assertThat(seq.append(m.tokenizer().encode("Q: 1+1?"))).hasSize(m.tokenizer().vocabSize());
        }
    }

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (number << 3) | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private Path copy(Path from, String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static void setConfig(Path dir, String key, int value) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        config.put(key, value);
        Files.writeString(dir.resolve("config.json"), json.writeValueAsString(config));
    }
}
