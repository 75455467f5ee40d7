package io.relayscope.engine;

import io.relayscope.engine.realshape.RealShapeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Benchmark, not a test (-Dtest=RealShapeStepBenchmark -Dbench=true): per-token forward time of every real-shape
 * fixture variant through the engine (151,936-entry Qwen3 / 128,256-entry Llama-3 vocabularies, 2 layers, hidden 32,
 * so the vocabulary projection and the logits copy dominate), the prompt's prefill, the time to open a folder, and
 * the weights hash (cold and from the cache). Prints one line per variant.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RealShapeStepBenchmark {
    private static final int STEPS = 200;

    @Test
    void stepTimes() {
        System.out.println("variant | open ms | prefill ms (15 tokens) | step ms (median of " + STEPS + ") | logits rows from prefill");
        for (RealShapeFixtures.Variant v : RealShapeFixtures.allVariants()) {
            long t0 = System.nanoTime();
            try (OnnxCausalLm lm = OnnxCausalLm.open(RealShapeFixtures.folder(v.model()), Optional.of(ModelLayoutsTest.engineName(v)))) {
                double openMs = (System.nanoTime() - t0) / 1e6;
                int[] prompt = RealShapeFixtures.promptIds(v.model());
                double prefill = Double.MAX_VALUE;
                double[] steps = new double[STEPS];
                for (int r = 0; r < 3; r++) {
                    try (KvSequence seq = lm.newSequence()) {
                        long p0 = System.nanoTime();
                        float[] logits = seq.append(prompt);
                        prefill = Math.min(prefill, (System.nanoTime() - p0) / 1e6);
                        int next = ModelLayoutsTest.argmax(logits);
                        for (int i = 0; i < STEPS; i++) {
                            long s0 = System.nanoTime();
                            logits = seq.append(new int[] {next});
                            steps[i] = (System.nanoTime() - s0) / 1e6;
                            next = ModelLayoutsTest.argmax(logits);
                        }
                    }
                }
                java.util.Arrays.sort(steps);
                System.out.printf(Locale.ROOT, "%s | %.0f | %.2f | %.2f | %s%n", v, openMs, prefill, steps[STEPS / 2],
                        lm.signature().logitsToKeep().isPresent() ? "1 (num_logits_to_keep)" : String.valueOf(prompt.length));
            }
        }
        ModelVariant big = ModelFolder.open(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY)).variant();
        long h0 = System.nanoTime();
        Hashing.sha256(concat(big));
        double cold = (System.nanoTime() - h0) / 1e6;
        Hashing.weights(big.graph(), big.externalData());
        long h1 = System.nanoTime();
        Hashing.weights(big.graph(), big.externalData());
        double cached = (System.nanoTime() - h1) / 1e6;
        System.out.printf(Locale.ROOT, "weights hash of %s (%.1f MB): %.1f ms (%.0f MB/s), from the cache %.2f ms%n", big.graph(),
                big.bytes() / 1e6, cold, big.bytes() / 1e3 / cold, cached);
    }

    private static List<java.nio.file.Path> concat(ModelVariant v) {
        List<java.nio.file.Path> files = new java.util.ArrayList<>(List.of(v.graph()));
        files.addAll(v.externalData());
        return files;
    }
}
