package io.relayscope.engine;

import io.relayscope.trace.FinishReason;
import io.relayscope.trace.ModelCost;
import io.relayscope.trace.TraceSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Money per 1M processed tokens, against the LLM answering alone. */
class PricingTest {

    @Test
    void costAndSavingAgainstTheLlmAlone() {
        // prompt 100, response 80 + 10 LLM + 10 command; the SLM was fed 200 tokens, the LLM 150
        TraceSummary s = new TraceSummary(100, 80, 10, 10, 2, 0.1, FinishReason.SLM_EOS, null, 1000,
                new ModelCost(90, 200, 90, 10, 1000, 0), new ModelCost(10, 150, 11, 10, 10000, 0), 0, "");
        Pricing p = new Pricing(0.1, 2.0);
        assertThat(p.cost(s)).isCloseTo((200 * 0.1 + 150 * 2.0) / 1e6, offset(1e-15));
        assertThat(p.llmOnlyCost(s)).isCloseTo(200 * 2.0 / 1e6, offset(1e-15));
        assertThat(p.saving(s)).isCloseTo(1 - 320.0 / 400.0, offset(1e-12));
        assertThat(Pricing.NONE.isSet()).isFalse();
        assertThat(Pricing.NONE.saving(s)).isZero();
        assertThatThrownBy(() -> new Pricing(-1, 0)).isInstanceOf(UserFacingException.class).hasMessageContaining("0 or more");
    }
}
