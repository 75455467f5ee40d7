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
    void seedsDiffer() {
        assertThat(Seeds.mix(0, 0)).isNotEqualTo(Seeds.mix(0, 1)).isNotEqualTo(Seeds.mix(1, 0)).isNotNegative();
    }
}
