package io.relayscope.engine.realshape;

import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.relayscope.engine.realshape.GraphRunner.argmax;
import static io.relayscope.engine.realshape.GraphRunner.maxDiff;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every generated graph, run straight through ONNX Runtime (not the engine): it loads and runs, computes its own
 * function (quantised variants against a numpy forward with the same quantised weights, which pins e.g. the
 * MatMulNBits packing), agrees with the fp32 model within its manifest tolerance, keeps a KV cache that equals a full
 * recompute, and, where declared, honours num_logits_to_keep.
 */
class RealShapeGraphsTest {
    /** Open sessions, two per graph, shared by the tests (each starts with a reset). */
    private static final Map<String, GraphRunner> RUNNERS = new HashMap<>();

    private static GraphRunner runner(Path file, int slot) throws OrtException {
        GraphRunner r = RUNNERS.get(file + "#" + slot);
        if (r == null) {
            r = new GraphRunner(file);
            RUNNERS.put(file + "#" + slot, r);
        }
        r.reset();
        return r;
    }

    @AfterAll
    static void closeRunners() throws OrtException {
        for (GraphRunner r : RUNNERS.values()) {
            r.close();
        }
        RUNNERS.clear();
    }

    static List<RealShapeFixtures.Variant> variants() {
        return RealShapeFixtures.allVariants();
    }

    private static String baseModel(RealShapeFixtures.Variant v) {
        String same = RealShapeFixtures.entry(v.model()).path("sameWeightsAs").asText("");
        return same.isEmpty() || same.equals("null") ? v.model() : same;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void computesTheModelsFunctionOnTheReferencePrompt(RealShapeFixtures.Variant v) throws Exception {
        String base = baseModel(v);
        int[] prompt = RealShapeFixtures.promptIds(base);
        GraphRunner run = runner(v.file(), 0);
        float[] last = run.append(prompt);
        assertThat(last).hasSize(RealShapeFixtures.entry(v.model()).path("vocabSize").asInt());
        double fromFp32 = maxDiff(last, RealShapeFixtures.referenceLastLogits(base));
        System.out.printf("real-shape %-32s max |logits - fp32 reference| = %.6f%n", v, fromFp32);
        if (v.quantised()) {
            double own = maxDiff(last, RealShapeFixtures.floats(v.spec().path("ownLastLogitsFile").asText()));
            System.out.printf("real-shape %-32s max |logits - own quantised reference| = %.6f%n", v, own);
            assertThat(own).as("%s against numpy with the same quantised weights", v)
                    .isLessThanOrEqualTo(v.spec().path("ownReferenceTolerance").asDouble());
        }
        assertThat(fromFp32).as("%s against the fp32 reference", v).isLessThanOrEqualTo(v.logitTolerance());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void greedyTokensAgreeWithFp32WithinTheVariantsTolerance(RealShapeFixtures.Variant v) throws Exception {
        String base = baseModel(v);
        int[] prompt = RealShapeFixtures.promptIds(base);
        int[] greedy = RealShapeFixtures.greedyIds(base);
        Path fp32 = RealShapeFixtures.variants(base).get(0).file();
        GraphRunner run = runner(v.file(), 0);
        GraphRunner ref = runner(fp32, 1);
        float[] mine = run.append(prompt);
        float[] theirs = ref.append(prompt);
        int exact = 0;
        for (int step = 0; step < greedy.length; step++) {
            int pick = argmax(mine);
            float best = theirs[argmax(theirs)];
            assertThat((double) theirs[pick]).as("%s step %d: fp32 logit of the variant's choice", v, step)
                    .isGreaterThanOrEqualTo(best - v.logitTolerance());
            if (!v.quantised()) {
                assertThat(pick).as("%s step %d greedy id", v, step).isEqualTo(greedy[step]);
            }
            exact += pick == greedy[step] ? 1 : 0;
            mine = run.append(new int[] {greedy[step]});
            theirs = ref.append(new int[] {greedy[step]});
        }
        System.out.printf("real-shape %-32s greedy agreement with fp32 (teacher-forced): %d/%d%n", v, exact, greedy.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void cachedStepsAndChunksEqualAFullRecompute(RealShapeFixtures.Variant v) throws Exception {
        String base = baseModel(v);
        int[] prompt = RealShapeFixtures.promptIds(base);
        int[] greedy = RealShapeFixtures.greedyIds(base);
        int[] all = concat(prompt, greedy);
        boolean exact = v.spec().path("cacheExact").asBoolean(true);
        double tol = v.halfPrecision() ? 0.05 : exact ? 1e-3 : 2 * v.logitTolerance();
        GraphRunner cached = runner(v.file(), 0);
        GraphRunner full = runner(v.file(), 1);
        cached.append(Arrays.copyOf(prompt, 6));
        cached.append(Arrays.copyOfRange(prompt, 6, prompt.length)); // a chunk on top of a past (a hand-over)
        double worst = 0;
        for (int t = prompt.length; t <= all.length; t++) {
            float[] step = t == prompt.length ? null : cached.append(new int[] {all[t - 1]});
            if (step == null) {
                continue;
            }
            full.reset();
            worst = Math.max(worst, maxDiff(step, full.append(Arrays.copyOf(all, t))));
        }
        assertThat(cached.presentLength()).isEqualTo(all.length);
        System.out.printf("real-shape %-32s max |cached step - full recompute| = %.6f%n", v, worst);
        assertThat(worst).as("%s cached vs full", v).isLessThanOrEqualTo(tol);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void numLogitsToKeepZeroGivesEveryRowAndOneTheLast(RealShapeFixtures.Variant v) throws Exception {
        boolean declared = v.spec().path("inputs").toString().contains("num_logits_to_keep");
        int[] prompt = RealShapeFixtures.promptIds(baseModel(v));
        GraphRunner all = runner(v.file(), 0);
        GraphRunner one = runner(v.file(), 1);
        assertThat(all.inputInfo().containsKey("num_logits_to_keep")).as("%s declares num_logits_to_keep", v).isEqualTo(declared);
        float[][] rows = all.append(prompt, 0);
        float[][] last = one.append(prompt, 1);
        assertThat(rows).hasNumberOfRows(prompt.length);
        assertThat(last).hasNumberOfRows(declared ? 1 : prompt.length);
        // fp16 rounds differently with one row; int8 quantises the lm_head input over the rows it is given
        double tol = v.halfPrecision() ? 0.05 : v.spec().path("cacheExact").asBoolean(true) ? 1e-4 : v.logitTolerance();
        assertThat(maxDiff(rows[rows.length - 1], last[last.length - 1])).as("%s last row", v).isLessThanOrEqualTo(tol);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
