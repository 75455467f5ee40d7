package io.relayscope.eval;

import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

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
