package io.relayscope.eval;

import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PaperTableTest {
    private static final List<PaperTable.Point> CURVE = List.of(
            new PaperTable.Point("random query", 0.0, 0.40, "p 0"),
            new PaperTable.Point("random query", 0.26, 0.45, "p 0.25"),
            new PaperTable.Point("random query", 0.51, 0.50, "p 0.5"),
            new PaperTable.Point("random query", 1.0, 0.60, "p 1"));

    @Test
    void matchesAccuracyByInterpolatingTheMeasuredQueryRouter() {
        double[] m = PaperTable.matchAccuracy(CURVE, 0.475);
        assertThat(m[0]).isCloseTo(0.375, within(1e-9));
        assertThat(m[1]).isCloseTo(0.385, within(1e-9));
        assertThat(PaperTable.matchAccuracy(CURVE, 0.30)).containsExactly(0.0, 0.0);
        assertThat(PaperTable.matchAccuracy(CURVE, 0.70)).containsExactly(1.0, 1.0);
    }

    @Test
    void paperHeadlineArithmeticMatchesTheNotes() {
        // gap closed (49.52 - 42.50) / (54.12 - 42.50) = 60.4%; cost reduction 1 - 1.07 / 60.4 = 98.2%
        double gap = (49.52 - 42.50) / (54.12 - 42.50);
        assertThat(gap).isCloseTo(0.604, within(0.001));
        assertThat(1 - 0.0107 / gap).isCloseTo(0.982, within(0.001));
    }

    @Test
    void theNoCallBaselineAddsItsRowsAndHeadlinesOnTheRealModels() throws Exception {
        EvalSettings settings = new EvalSettings(new PolicySpec("slm-only", null), SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0,
                new Limits(96, 16));
        List<Problem> problems = Datasets.read(DemoModels.dataset("arith-test-v1.jsonl"), 3);
        try (ModelPair base = ModelPair.open(DemoModels.slmBase(), DemoModels.llm());
             ModelPair relay = ModelPair.open(DemoModels.defaultSlm(), DemoModels.llm());
             // the base SLM stands in for a no-call model: its row alone must then equal "SLM alone"
             ModelPair nocall = ModelPair.open(DemoModels.slmBase(), DemoModels.llm())) {
            PaperTable.Result r = new PaperTable(base, relay, Optional.of(nocall), "arith-test-v1.jsonl", problems, settings, 1,
                    EvalProgress.NONE).run();
            PaperTable.Row alone = row(r, PaperTable.NOCALL_ALONE);
            assertThat(alone.accuracy()).isEqualTo(row(r, "SLM alone").accuracy());
            assertThat(alone.ratio()).isZero();
            assertThat(row(r, PaperTable.NOCALL_CONFIDENCE).setting()).startsWith("confidence, threshold ");
            assertThat(row(r, PaperTable.NOCALL_RANDOM_TOKEN).setting()).startsWith("random-token, p ");
            assertThat(r.points()).extracting(PaperTable.Point::series)
                    .contains(PaperTable.NOCALL_SERIES, PaperTable.NOCALL_CONFIDENCE_SERIES, PaperTable.NOCALL_RANDOM_TOKEN_SERIES);
            String md = PaperTableReport.markdown(r, MachineInfo.current(), "paper-table");
            assertThat(md).contains("| " + PaperTable.NOCALL_ALONE + " | tiny-slm-base | slm-only |")
                    .contains("- Against the SLM trained for the same steps on the same data without calls (ratio 0.0%)")
                    .contains("- Against the confidence router over that no-call SLM");
            assertThat(ImageIO.read(new ByteArrayInputStream(FrontierPlot.png(r))).getWidth()).isEqualTo(FrontierPlot.WIDTH);
        }
    }

    private static PaperTable.Row row(PaperTable.Result r, String method) {
        return r.rows().stream().filter(x -> x.method().equals(method)).findFirst().orElseThrow(() -> new AssertionError(method));
    }

    @Test
    void plotAndMarkdownRenderHeadless() throws Exception {
        EvalSettings settings = new EvalSettings(new PolicySpec("slm-only", null), SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0,
                new Limits(256, 64));
        List<PaperTable.Point> points = new java.util.ArrayList<>(CURVE);
        points.add(new PaperTable.Point("relay", 0.02, 0.47, ""));
        points.add(new PaperTable.Point("random token", 0.02, 0.41, "p 0.01"));
        points.add(new PaperTable.Point("confidence", 0.03, 0.43, "threshold 0.2"));
        PaperTable.Result r = new PaperTable.Result("arith-test.jsonl", 10, "base", "relay", "llm", settings, 4,
                List.of(new PaperTable.Row("SLM alone", "base", "slm-only", 0.4, 0, 0, 10)), points, 0.35, 0.35, 0.36,
                1 - 0.02 / 0.36, 0.41, 0.02, 0.43, 0.03, 0.47, 0.02, 0.40, 0.60, "");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(FrontierPlot.png(r)));
        assertThat(img.getWidth()).isEqualTo(FrontierPlot.WIDTH);
        assertThat(img.getHeight()).isEqualTo(FrontierPlot.HEIGHT);
        String md = PaperTableReport.markdown(r, MachineInfo.current(), "paper-table");
        assertThat(md).contains("| SLM alone | base | slm-only | 40.0% |").contains("**35.0%**").contains("**94.4%**");
    }
}
