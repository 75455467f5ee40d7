package io.relayscope.engine.realshape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The random-weight decoders of real shapes (Qwen3, Llama-3) with real tokenizers that the test build generates into
 * target/real-models (src/test/python/make_real_shape_models.py, run by Maven at generate-test-resources). Their
 * MANIFEST.json lists each folder's layout, variants, tolerances and reference outputs. Missing fixtures fail the
 * test with a message saying how to build them; nothing here skips.
 */
public final class RealShapeFixtures {
    public static final String PROPERTY = "relayscope.realModels";
    public static final String QWEN3_OPTIMUM = "qwen3-optimum";
    public static final String QWEN3_MERGED = "qwen3-merged";
    public static final String QWEN3_ONNX_COMMUNITY = "qwen3-onnx-community";
    public static final String QWEN3_GENAI = "qwen3-genai";
    public static final String QWEN3_RELAY_SLM = "qwen3-relay-slm";
    public static final String LLAMA3_OPTIMUM = "llama3-optimum";
    /** Legacy Optimum split export: decoder_with_past_model.onnx only. */
    public static final String QWEN3_SPLIT = "qwen3-split";
    /** A Qwen3-shaped model whose logits turn NaN from a position on (MANIFEST.json "faultyModels"). */
    public static final String QWEN3_NAN = "qwen3-nan";
    public static final List<String> ALL = List.of(QWEN3_OPTIMUM, QWEN3_MERGED, QWEN3_ONNX_COMMUNITY, QWEN3_GENAI,
            QWEN3_RELAY_SLM, LLAMA3_OPTIMUM, QWEN3_SPLIT);

    private static JsonNode manifest;

    private RealShapeFixtures() {
    }

    /** target/real-models (the folder the pom passes as -Drelayscope.realModels). */
    public static Path root() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            throw new AssertionError("system property " + PROPERTY + " is not set; run the tests through Maven "
                    + "(mvn test), which builds target/real-models and passes its path");
        }
        Path root = Path.of(p);
        if (!Files.isRegularFile(root.resolve("MANIFEST.json"))) {
            throw new AssertionError("real-shape test models missing: no " + root.resolve("MANIFEST.json")
                    + "; build them with `mvn generate-test-resources` (src/test/scripts/real-models.sh needs npm and "
                    + "Debian's python3-onnx)");
        }
        return root;
    }

    public static synchronized JsonNode manifest() {
        if (manifest == null) {
            try {
                manifest = new ObjectMapper().readTree(root().resolve("MANIFEST.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return manifest;
    }

    /** The manifest entry of one model folder. */
    public static JsonNode entry(String name) {
        JsonNode e = manifest().path("models").path(name);
        if (e.isMissingNode()) {
            throw new AssertionError("MANIFEST.json in " + root() + " has no model '" + name + "'");
        }
        return e;
    }

    /** A model folder, failing when it is missing. */
    public static Path folder(String name) {
        entry(name);
        Path dir = root().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("real-shape model folder missing: " + dir + "; rebuild with `mvn generate-test-resources`");
        }
        return dir;
    }

    /** A faulty model's folder and its manifest entry ("faultyModels"), failing when either is missing. */
    public static JsonNode faultyEntry(String name) {
        JsonNode e = manifest().path("faultyModels").path(name);
        if (e.isMissingNode() || !Files.isDirectory(root().resolve(name))) {
            throw new AssertionError("faulty test model " + name + " missing in " + root() + "; rebuild with `mvn generate-test-resources`");
        }
        return e;
    }

    /** Every variant of a model: name, graph file and manifest entry. */
    public static List<Variant> variants(String model) {
        List<Variant> out = new ArrayList<>();
        entry(model).path("variants").fields().forEachRemaining(v ->
                out.add(new Variant(model, v.getKey(), folder(model).resolve(v.getValue().path("file").asText()), v.getValue())));
        return out;
    }

    /** The graphs of a model folder that ONNX Runtime cannot run on the CPU (manifest "unrunnableVariants"). */
    public static List<String> unrunnableVariants(String model) {
        List<String> out = new ArrayList<>();
        entry(model).path("unrunnableVariants").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Every variant of every model. */
    public static List<Variant> allVariants() {
        List<Variant> out = new ArrayList<>();
        manifest().path("models").fieldNames().forEachRemaining(m -> out.addAll(variants(m)));
        return out;
    }

    /** The prompt ids of a model's reference. */
    public static int[] promptIds(String model) {
        return ints(entry(model).path("reference").path("promptIds"));
    }

    /** The fp32 reference's greedy continuation of the prompt. */
    public static int[] greedyIds(String model) {
        return ints(entry(model).path("reference").path("greedyIds"));
    }

    /** The fp32 reference logits of the prompt's last position. */
    public static float[] referenceLastLogits(String model) {
        return floats(entry(model).path("reference").path("lastLogitsFile").asText());
    }

    /** A little-endian float32 file named relative to the root. */
    public static float[] floats(String relative) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(root().resolve(relative))).order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            b.asFloatBuffer().get(f);
            return f;
        } catch (IOException e) {
            throw new AssertionError("reference file missing: " + root().resolve(relative), e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** One graph of a model folder as the manifest describes it. */
    public record Variant(String model, String name, Path file, JsonNode spec) {
        public double logitTolerance() {
            return spec.path("logitTolerance").asDouble();
        }

        /** fp16 activations (fp16 KV cache): fp16 and q4f16. */
        public boolean halfPrecision() {
            return spec.path("kvDtype").asText().equals("float16");
        }

        public boolean quantised() {
            return spec.has("ownLastLogitsFile");
        }

        @Override
        public String toString() {
            return model + "/" + name;
        }
    }
}
