package io.relayscope.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTest {

    @Test
    void handoversAreEachModelsFirstForwardAfterTheOtherRan() {
        List<RecordingLm.Forward> log = List.of(
                new RecordingLm.Forward("slm", 0, 0, new int[10]),   // prompt prefill
                new RecordingLm.Forward("slm", 0, 10, new int[1]),
                new RecordingLm.Forward("llm", 0, 0, new int[11]),   // first call: catch-up = whole context
                new RecordingLm.Forward("llm", 0, 11, new int[1]),
                new RecordingLm.Forward("slm", 0, 11, new int[2]),   // SLM catches up on the LLM's tokens
                new RecordingLm.Forward("slm", 0, 13, new int[1]),
                new RecordingLm.Forward("llm", 0, 12, new int[3]));  // second call
        assertThat(Bench.handovers(log)).containsExactly(2, 4, 6);
    }

    @Test
    void samplingRowsReportEveryConfigurationAndWriteTheirTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.util.Map<String, Object> r = new SamplingBench(4, 1).run();
        for (SamplingBench.Row row : SamplingBench.ROWS) {
            assertThat((Double) r.get("samplingRatio" + row.key())).as(row.key()).isPositive().isFinite();
            assertThat((Double) r.get("sampling" + row.key() + "Micros")).as(row.key()).isPositive();
            assertThat((Double) r.get("sampling" + row.key() + "AllocatedBytes")).as("no vocabulary-sized allocation per token")
                    .isLessThan(SamplingBench.VOCAB);
        }
        assertThat(r).containsKeys("samplingRatioGreedy", "samplingRatioTemperature", "samplingRatioTopK", "samplingRatioTopP",
                "samplingArgmaxMicros");
        String md = java.nio.file.Files.readString(SamplingBenchResults.write(dir, r, MachineInfo.current()));
        for (SamplingBench.Row row : SamplingBench.ROWS) {
            assertThat(md).contains("| " + row.label() + " |");
        }
        assertThat(SamplingBenchResults.lines(r)).hasSize(SamplingBench.ROWS.size());
    }

    @Test
    void seedsDiffer() {
        assertThat(Seeds.mix(0, 0)).isNotEqualTo(Seeds.mix(0, 1)).isNotEqualTo(Seeds.mix(1, 0)).isNotNegative();
    }
}
