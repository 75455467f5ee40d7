package io.relayscope.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.relayscope.engine.realshape.RealShapeFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every layout and variant of the real-shape fixtures (random weights, Qwen3 / Llama-3 shapes and tokenizers) through
 * the engine's own loader: the layout and variants it finds, what it reads from the graph, the reference logits, the
 * KV cache against a full recompute, greedy agreement with fp32 within the variant's tolerance (from MANIFEST.json),
 * and num_logits_to_keep.
 */
class ModelLayoutsTest {

    static List<RealShapeFixtures.Variant> variants() {
        return RealShapeFixtures.allVariants();
    }

    /** The engine's name of a manifest variant (the genai model builder's "int4" is a q4 MatMulNBits graph). */
    static String engineName(RealShapeFixtures.Variant v) {
        return "int4".equals(v.name()) ? "q4" : v.name();
    }

    /** Each variant opened once for the whole class (opening a 151,936-entry tokenizer takes seconds). */
    private static final Map<String, OnnxCausalLm> OPEN = new HashMap<>();

    static synchronized OnnxCausalLm open(RealShapeFixtures.Variant v) {
        return OPEN.computeIfAbsent(v.toString(), k -> OnnxCausalLm.open(RealShapeFixtures.folder(v.model()),
                Optional.of(engineName(v))));
    }

    /** The fp32 model with the same weights as the variant (the folder itself, or the one named by sameWeightsAs). */
    static OnnxCausalLm fp32Of(RealShapeFixtures.Variant v) {
        String same = RealShapeFixtures.entry(v.model()).path("sameWeightsAs").asText("");
        String model = same.isEmpty() || "null".equals(same) ? v.model() : same;
        return open(RealShapeFixtures.variants(model).get(0));
    }

    @AfterAll
    static void closeAll() {
        OPEN.values().forEach(OnnxCausalLm::close);
        OPEN.clear();
    }

    @Test
    void eachFolderIsDetectedAsItsLayoutWithItsVariantsMostPreciseFirst() {
        Map<String, ModelLayout> expected = Map.of("optimum", ModelLayout.OPTIMUM, "optimum-merged", ModelLayout.OPTIMUM_MERGED,
                "onnx-community", ModelLayout.ONNX_COMMUNITY, "genai", ModelLayout.GENAI, "optimum-split", ModelLayout.OPTIMUM_SPLIT);
        for (String model : RealShapeFixtures.ALL) {
            Path dir = RealShapeFixtures.folder(model);
            ModelFolder folder = ModelFolder.open(dir);
            assertThat(folder.layout()).as(model).isEqualTo(expected.get(RealShapeFixtures.entry(model).path("layout").asText()));
            List<String> names = new java.util.ArrayList<>(RealShapeFixtures.variants(model).stream().map(ModelLayoutsTest::engineName).toList());
            names.addAll(RealShapeFixtures.unrunnableVariants(model)); // listed too: choosing one is refused in one line
            assertThat(folder.variants()).extracting(ModelVariant::name).as(model).containsExactlyInAnyOrderElementsOf(names);
            assertThat(folder.variant()).as("the default is the most precise").isEqualTo(folder.variants().get(0));
            for (RealShapeFixtures.Variant v : RealShapeFixtures.variants(model)) {
                ModelVariant mv = folder.variants().stream().filter(x -> x.name().equals(engineName(v))).findFirst().orElseThrow();
                List<Path> external = new java.util.ArrayList<>();
                v.spec().path("externalData").forEach(n -> external.add(dir.resolve(n.asText())));
                assertThat(mv.graph()).isEqualTo(v.file());
                assertThat(mv.externalData()).as(v.toString()).containsExactlyElementsOf(external);
                long bytes = size(v.file()) + external.stream().mapToLong(ModelLayoutsTest::size).sum();
                assertThat(mv.bytes()).isEqualTo(bytes);
                assertThat(mv.label()).startsWith(mv.name() + " (").endsWith("MB)");
            }
        }
        List<String> community = java.util.stream.Stream.concat(RealShapeFixtures.variants(RealShapeFixtures.QWEN3_ONNX_COMMUNITY)
                        .stream().map(ModelLayoutsTest::engineName), RealShapeFixtures.unrunnableVariants(RealShapeFixtures.QWEN3_ONNX_COMMUNITY).stream())
                .map(n -> Precision.parse(n).orElseThrow()).sorted().map(Precision::key).toList();
        assertThat(community).as("the fixture holds fp32, fp16, q4 and int8 at least").contains("fp32", "fp16", "q4", "int8");
        assertThat(ModelFolder.open(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY)).variants())
                .extracting(ModelVariant::name).as("most precise first").containsExactlyElementsOf(community);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void eachVariantLoadsAndComputesTheReferenceLogits(RealShapeFixtures.Variant v) throws Exception {
        var entry = RealShapeFixtures.entry(v.model());
        OnnxCausalLm lm = open(v);
        {
            ModelInfo info = lm.info();
            assertThat(info.layers()).isEqualTo(entry.path("layers").asInt());
            assertThat(info.kvHeads()).isEqualTo(entry.path("kvHeads").asInt());
            assertThat(info.headDim()).isEqualTo(entry.path("headDim").asInt());
            assertThat(info.kvType()).isEqualTo("float16".equals(v.spec().path("kvDtype").asText())
                    ? ModelInfo.KvType.FLOAT16 : ModelInfo.KvType.FLOAT32);
            assertThat(info.maxPositions()).hasValue(entry.path("maxPositions").asInt());
            List<String> inputs = new java.util.ArrayList<>();
            v.spec().path("inputs").forEach(n -> inputs.add(n.asText()));
            DecoderSignature sig = lm.signature();
            assertThat(sig.hasPositionIds()).isEqualTo(inputs.contains("position_ids"));
            assertThat(sig.useCacheBranch().isPresent()).isEqualTo(inputs.contains("use_cache_branch"));
            assertThat(sig.logitsToKeep().isPresent()).isEqualTo(inputs.contains("num_logits_to_keep"));
            long hidden = entry.path("hiddenSize").asLong();
            assertThat(info.parameterCount()).as("embedding at least; a 4-bit weight counts as K x N parameters")
                    .isGreaterThan(entry.path("vocabSize").asLong() * hidden);
            List<Path> files = new java.util.ArrayList<>(List.of(v.file()));
            v.spec().path("externalData").forEach(n -> files.add(RealShapeFixtures.folder(v.model()).resolve(n.asText())));
            assertThat(info.sha256()).as("graph and external data").isEqualTo(sha256(files));

            float[] reference = v.quantised() ? RealShapeFixtures.floats(v.spec().path("ownLastLogitsFile").asText())
                    : RealShapeFixtures.referenceLastLogits(v.model());
            double tolerance = v.quantised() ? v.spec().path("ownReferenceTolerance").asDouble() : v.logitTolerance();
            try (KvSequence seq = lm.newSequence()) {
                float[] logits = seq.append(RealShapeFixtures.promptIds(v.model()));
                assertThat(logits).hasSize(lm.tokenizer().vocabSize());
                assertThat(maxDiff(logits, reference)).as(v.toString()).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void kvCachedStepsEqualAFullRecompute(RealShapeFixtures.Variant v) {
        int[] prompt = RealShapeFixtures.promptIds(v.model());
        int[] greedy = RealShapeFixtures.greedyIds(v.model());
        int[] ids = Arrays.copyOf(prompt, prompt.length + greedy.length);
        System.arraycopy(greedy, 0, ids, prompt.length, greedy.length);
        double tolerance = !v.spec().path("cacheExact").asBoolean() ? v.logitTolerance()
                : "float16".equals(v.spec().path("kvDtype").asText()) ? 2e-2 : 1e-4;
        OnnxCausalLm lm = open(v);
        try (KvSequence cached = lm.newSequence()) {
            cached.append(prompt);
            for (int t = prompt.length; t < ids.length; t++) {
                float[] step = cached.append(new int[] {ids[t]});
                try (KvSequence full = lm.newSequence()) {
                    assertThat(maxDiff(step, full.append(Arrays.copyOf(ids, t + 1)))).as("%s at %d", v, t)
                            .isLessThanOrEqualTo(tolerance);
                }
            }
            assertThat(cached.length()).isEqualTo(ids.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void greedyTokensAgreeWithFp32WithinTheVariantsTolerance(RealShapeFixtures.Variant v) {
        int[] prompt = RealShapeFixtures.promptIds(v.model());
        int[] greedy = RealShapeFixtures.greedyIds(v.model());
        try (KvSequence mine = open(v).newSequence(); KvSequence ref = fp32Of(v).newSequence()) {
            float[] a = mine.append(prompt);
            float[] b = ref.append(prompt);
            for (int step = 0; step < greedy.length; step++) {
                int chosen = argmax(a);
                assertThat(argmax(b)).as("the fp32 engine's greedy id at step %d", step).isEqualTo(greedy[step]);
                assertThat((double) b[chosen]).as("%s step %d: fp32 logit of the variant's choice", v, step)
                        .isGreaterThanOrEqualTo(b[greedy[step]] - v.logitTolerance());
                a = mine.append(new int[] {greedy[step]});
                b = ref.append(new int[] {greedy[step]});
            }
        }
    }

    @Test
    void numLogitsToKeepIsFedSoOnlyTheLastRowIsComputed() throws Exception {
        Path dir = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY);
        int[] prompt = RealShapeFixtures.promptIds(RealShapeFixtures.QWEN3_ONNX_COMMUNITY);
        OnnxCausalLm lm = open(RealShapeFixtures.variants(RealShapeFixtures.QWEN3_ONNX_COMMUNITY).get(0));
        assertThat(lm.modelFile()).isEqualTo(dir.resolve("onnx/model.onnx"));
        {
            DecoderSignature sig = lm.signature();
            assertThat(sig.logitsToKeep()).isPresent();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            Map<String, OnnxTensor> in = new HashMap<>();
            List<OnnxTensor> empty = new java.util.ArrayList<>();
            try (StepInputs step = new StepInputs(env, sig, prompt, 0, in)) {
                for (String p : sig.pastNames()) {
                    OnnxTensor t = StepInputs.emptyPast(env, sig);
                    empty.add(t);
                    in.put(p, t);
                }
                assertThat(in.get("num_logits_to_keep").getLongBuffer().get(0)).isEqualTo(1L);
                try (OrtSession.Result r = lm.session().run(in)) {
                    long[] shape = ((OnnxTensor) r.get("logits").orElseThrow()).getInfo().getShape();
                    assertThat(shape).containsExactly(1, 1, RealShapeFixtures.entry(RealShapeFixtures.QWEN3_ONNX_COMMUNITY)
                            .path("vocabSize").asLong());
                }
            } finally {
                empty.forEach(OnnxTensor::close);
            }
            try (KvSequence seq = lm.newSequence()) {
                assertThat(maxDiff(seq.append(prompt), RealShapeFixtures.referenceLastLogits(RealShapeFixtures.QWEN3_ONNX_COMMUNITY)))
                        .isLessThanOrEqualTo(1e-3);
            }
        }
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(List<Path> files) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Path f : files) {
            md.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
