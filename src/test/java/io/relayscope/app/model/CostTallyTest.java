package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.cost.CostMeasure;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
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

    private static TraceHeader header() {
        return new TraceHeader("1.0", "t", "now", "q", "q",
                List.of(new ModelRef("slm", "s", "s", "x", 10), new ModelRef("llm", "l", "l", "y", 100)),
                "z", null, null, null, 0, null);
    }

    @Test
    void anLlmOnlyRunSavesNothingOnAnyMeasure() {
        // 3 prompt tokens, then the LLM writes 5 tokens in one call (as llm-only does) and ends with its EOS
        CostTally t = new CostTally();
        t.reset(header());
        for (int i = 0; i < 3; i++) {
            t.add(token(i, Source.PROMPT));
        }
        for (int i = 3; i < 8; i++) {
            t.add(token(i, Source.LLM));
        }
        t.add(new CallRecord(1, 3, 256, 5, 3, 5, 0, "llm-only"));
        CostSheet sheet = CostSheet.of(t.counts(FinishReason.LLM_EOS), Prices.flat(0.1, 2.0));
        for (CostSheet.Row r : sheet.rows()) {
            if (r.measure().hasSaving()) {
                assertThat(r.saving()).as(r.measure().label()).contains(0.0);
            } else {
                assertThat(r.run()).as("the SLM never ran").isZero();
            }
        }
    }

    @Test
    void aRelayIsChargedForWhatEachModelRead() {
        CostTally t = new CostTally();
        t.reset(header());
        for (int i = 0; i < 10; i++) {
            t.add(token(i, i < 2 ? Source.PROMPT : Source.SLM));
        }
        t.add(token(10, Source.LLM));
        t.add(new CallRecord(1, 10, 1, 1, 10, 1, 0, "confidence"));
        // SLM read 2 + 8 + 1 = 11 tokens (2 x 10 x 11 = 220); the LLM its catch-up of 10 (2 x 100 x 10 = 2000);
        // the LLM alone reads 2 + 9 - 1 = 10 tokens (2000) and writes 9 in 9 passes
        CostSheet sheet = CostSheet.of(t.counts(FinishReason.MAX_TOKENS), Prices.NONE);
        assertThat(sheet.row(CostMeasure.FLOPS).orElseThrow().run()).isEqualTo(2220);
        assertThat(sheet.row(CostMeasure.FLOPS).orElseThrow().llmAlone()).isEqualTo(2000);
        assertThat(sheet.row(CostMeasure.LLM_FORWARDS).orElseThrow().run()).isEqualTo(1);
        assertThat(sheet.row(CostMeasure.LLM_FORWARDS).orElseThrow().llmAlone()).isEqualTo(9);
        assertThat(sheet.row(CostMeasure.LLM_TOKENS).orElseThrow().saving()).contains(1 - 1.0 / 9);
        assertThat(sheet.row(CostMeasure.MONEY)).isEmpty();
        assertThat(t.saving()).isCloseTo(1 - 2220.0 / 2000, within(1e-12));
    }
}
