package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.TraceHeader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Token counts, the paper's ratio and the FLOP estimate. */
class CostTallyTest {

    private static TokenRecord token(int i, Source s) {
        return new TokenRecord(i, 65, "A", new byte[]{65}, s, -0.1, 0.2, List.of(), 100);
    }

    @Test
    void ratioFollowsThePaperDefinition() {
        CostTally t = new CostTally();
        t.reset(null);
        t.add(token(0, Source.PROMPT));
        t.add(token(1, Source.SLM));
        t.add(token(2, Source.COMMAND));
        t.add(token(3, Source.LLM));
        t.add(token(4, Source.LLM));
        assertThat(t.ratio()).isCloseTo(2.0 / 4.0, within(1e-12));
        assertThat(t.responseTokens()).isEqualTo(4);
        assertThat(t.knowsParameters()).isFalse();
        assertThat(t.saving()).isZero();
    }

    @Test
    void savingComparesAgainstTheLlmAlone() {
        TraceHeader header = new TraceHeader("1.0", "t", "now", "q", "q",
                List.of(new ModelRef("slm", "s", "s", "x", 10), new ModelRef("llm", "l", "l", "y", 100)),
                "z", null, null, null, 0, null);
        CostTally t = new CostTally();
        t.reset(header);
        for (int i = 0; i < 10; i++) {
            t.add(token(i, i < 2 ? Source.PROMPT : Source.SLM));
        }
        t.add(new CallRecord(1, 10, 1, 0, 10, 0, 0, "command"));
        // SLM reads 10 tokens (2 x 10 x 10 = 200), LLM catches up 10 (2 x 100 x 10 = 2000); LLM alone 2000
        assertThat(t.relayFlops()).isEqualTo(2200);
        assertThat(t.llmOnlyFlops()).isEqualTo(2000);
        assertThat(t.saving()).isCloseTo(-0.1, within(1e-12));
    }
}
