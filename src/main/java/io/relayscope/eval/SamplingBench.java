package io.relayscope.eval;

import io.relayscope.engine.Distribution;
import io.relayscope.engine.Sampler;
import io.relayscope.trace.SamplingSpec;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-token work outside the forward at a real vocabulary size (issue 10, point 4): the distribution the trace
 * records plus the sampler's draw, for greedy, temperature, top-k, top-p and Qwen3's defaults, each as a ratio
 * against one plain argmax pass over the same logits, measured in the same rounds (alternating, medians).
 */
public final class SamplingBench {
    /** Qwen3-sized vocabulary. */
    public static final int VOCAB = 151_936;
    public static final double TARGET = 5.0;

    /** A measured configuration: its JSON key suffix, its label and its sampling settings. */
    public record Row(String key, String label, SamplingSpec spec) {
    }

    public static final List<Row> ROWS = List.of(
            new Row("Greedy", "greedy", SamplingSpec.GREEDY),
            new Row("Temperature", "temperature 0.7", new SamplingSpec(0.7, 0, 1.0)),
            new Row("TopK", "temperature 0.7 + top-k 20", new SamplingSpec(0.7, 20, 1.0)),
            new Row("TopP", "temperature 0.7 + top-p 0.8", new SamplingSpec(0.7, 0, 0.8)),
            new Row("Qwen3", "Qwen3 thinking defaults: temperature 0.6 + top-p 0.95 + top-k 20", new SamplingSpec(0.6, 20, 0.95)),
            new Row("Qwen3NoThink", "Qwen3 non-thinking defaults: temperature 0.7 + top-p 0.8 + top-k 20", new SamplingSpec(0.7, 20, 0.8)),
            new Row("MinP", "temperature 0.7 + min-p 0.05", new SamplingSpec(0.7, 0, 1.0, 0.05, 1.0)));

    /** Keeps the JIT from dropping the measured work. */
    private static volatile long sinkHole;

    private final int rounds;
    private final int rowsPerShape;

    public SamplingBench(int rounds, int rowsPerShape) {
        this.rounds = Math.max(4, rounds);
        this.rowsPerShape = Math.max(1, rowsPerShape);
    }

    /** samplingRatio<Key>, sampling<Key>Micros, samplingArgmaxMicros, allocation per token and resident memory. */
    public Map<String, Object> run() {
        List<float[]> logits = new ArrayList<>();
        for (int s = 0; s < ZipfLogits.SHAPES.length; s++) {
            for (int r = 0; r < rowsPerShape; r++) {
                logits.add(ZipfLogits.row(VOCAB, ZipfLogits.SHAPES[s], 1000L * s + r));
            }
        }
        List<Sampler> samplers = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) {
            samplers.add(new Sampler(ROWS.get(i).spec(), 42 + i));
        }
        int configs = ROWS.size();
        List<List<Double>> ratios = new ArrayList<>();
        List<List<Long>> all = new ArrayList<>();
        for (int c = 0; c <= configs; c++) {
            ratios.add(new ArrayList<>());
            all.add(new ArrayList<>());
        }
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            boolean keep = round >= rounds / 4;
            long[][] t = new long[configs + 1][logits.size() * configs];
            int at = 0;
            for (float[] row : logits) {
                // an argmax pass right before each configuration, so that load changes hit both sides alike
                for (int c = 0; c < configs; c++) {
                    long t0 = System.nanoTime();
                    sink += argmax(row);
                    long t1 = System.nanoTime();
                    sink += perToken(samplers.get(c), row);
                    long t2 = System.nanoTime();
                    t[0][at] = t1 - t0;
                    t[c + 1][at] = t2 - t1;
                    at++;
                }
            }
            if (keep) {
                long[] base = t[0];
                for (long v : base) {
                    all.get(0).add(v);
                }
                for (int c = 1; c <= configs; c++) {
                    long[] mine = new long[logits.size()];
                    for (int r = 0; r < logits.size(); r++) {
                        mine[r] = t[c][r * configs + c - 1];
                        all.get(c).add(mine[r]);
                    }
                    // medians per call: a time slice lost to another process does not count
                    ratios.get(c).add(Stats.median(mine) / Stats.median(base));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int c = 1; c <= configs; c++) {
            out.put("samplingRatio" + ROWS.get(c - 1).key(), Stats.medianOf(ratios.get(c)));
        }
        out.put("samplingArgmaxMicros", Stats.median(all.get(0)) / 1000);
        for (int c = 1; c <= configs; c++) {
            out.put("sampling" + ROWS.get(c - 1).key() + "Micros", Stats.median(all.get(c)) / 1000);
        }
        for (int c = 0; c < configs; c++) {
            out.put("sampling" + ROWS.get(c).key() + "AllocatedBytes", allocatedPerToken(samplers.get(c), logits));
        }
        out.put("samplingVocab", (double) VOCAB);
        out.put("samplingRows", (double) logits.size());
        out.put("samplingRounds", (double) rounds);
        out.put("residentMegabytes", residentMegabytes());
        sinkHole = sink;
        return out;
    }

    /** The work a decoding step does after the forward: the recorded distribution and the draw. */
    static int perToken(Sampler sampler, float[] logits) {
        Distribution dist = Distribution.of(logits);
        return sampler.sample(logits, dist) + dist.argmax();
    }

    /** One plain pass: the index of the largest logit (first of ties). */
    static int argmax(float[] logits) {
        int best = 0;
        float max = logits[0];
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > max) {
                max = logits[i];
                best = i;
            }
        }
        return best;
    }

    /** Heap bytes one step allocates (mean over the rows), from the JVM's per-thread allocation counter. */
    private static double allocatedPerToken(Sampler sampler, List<float[]> logits) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            return Double.NaN;
        }
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        for (float[] row : logits) {
            perToken(sampler, row);
        }
        return (bean.getThreadAllocatedBytes(id) - before) / (double) logits.size();
    }

    /** VmRSS of this process from /proc/self/status (NaN elsewhere). */
    static double residentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // not Linux
        }
        return Double.NaN;
    }
}
