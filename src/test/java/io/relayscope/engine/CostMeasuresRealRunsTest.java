package io.relayscope.engine;

import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Trace;
import io.relayscope.trace.cost.CostMeasure;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The cost measures on real runs of the demo pair: the estimate from tokens and calls (what the app shows while a
 * run streams, and for imported traces) equals what the engine measured, and the LLM alone saves nothing.
 */
class CostMeasuresRealRunsTest {
    private static final String QUESTION = "Eva has 10 shells, loses 5, gets 35, finds 22 and loses 2. How many?";
    private static final Prices PRICES = new Prices(0.02, 0.01, 0.08, 0.6, 0.15, 2.4);
    private static ModelPair pair;

    @BeforeAll
    static void open() {
        pair = ModelPair.open(TestModels.require(TestModels.SLM), TestModels.require(TestModels.LLM));
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    private static Trace run(String policy, Map<String, Double> params, int maxTokens) {
        return new RelayEngine(pair).run(new RelayRequest(QUESTION, new PolicySpec(policy, params), SamplingSpec.GREEDY,
                SamplingSpec.GREEDY, 0, new Limits(maxTokens, 64)));
    }

    private static Map<String, Double> params(String policy) {
        return switch (policy) {
            case "confidence" -> Map.of("threshold", 0.9, "callTokens", 2.0);
            case "random-token" -> Map.of("p", 0.2, "callTokens", 2.0);
            case "random-query" -> Map.of("p", 1.0);
            default -> Map.of();
        };
    }

    @ParameterizedTest
    @CsvSource({"slm-only,200", "llm-only,200", "llm-only,12", "confidence,200", "confidence,40", "random-token,200",
            "random-query,200"})
    void theEstimateFromTokensAndCallsEqualsWhatTheEngineMeasured(String policy, int maxTokens) {
        Trace t = run(policy, params(policy), maxTokens);
        RunCounts measured = RunCounts.of(t);
        var s = t.summary();
        RunCounts estimated = RunCounts.estimate(s.promptTokens(), s.slmTokens() + s.commandTokens(), s.llmTokens(),
                s.finishReason(), t.calls(), s.slmTokens() + s.commandTokens() > 0,
                measured.slmParameters(), measured.llmParameters());
        assertThat(measured.measured()).isTrue();
        assertThat(estimated.llmReads()).as("LLM tokens read").isEqualTo(measured.llmReads());
        assertThat(estimated.llmForwards()).as("LLM forward passes").isEqualTo(measured.llmForwards());
        // the SLM estimate counts every token as read; the engine leaves out at most the ones after its last step
        assertThat(estimated.slmReads()).isBetween(measured.slmReads(), measured.slmReads() + 4);
    }

    @ParameterizedTest
    @CsvSource({"200", "12"})
    void theLlmAloneSavesZeroOnEveryMeasure(int maxTokens) {
        Trace t = run("llm-only", Map.of(), maxTokens);
        CostSheet sheet = CostSheet.of(RunCounts.of(t), PRICES);
        assertThat(sheet.rows()).extracting(CostSheet.Row::measure).containsExactly(CostMeasure.values());
        for (CostSheet.Row r : sheet.rows()) {
            if (r.measure().hasSaving()) {
                assertThat(r.saving()).as(r.measure().label()).isPresent();
                assertThat(r.saving().orElseThrow()).as(r.measure().label()).isCloseTo(0.0, within(1e-12));
            } else {
                assertThat(r.run()).as("the SLM never ran").isZero();
            }
        }
        assertThat(t.summary().savingVsLlmOnly()).isCloseTo(0.0, within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"confidence", "random-token"})
    void aRelaySavesLlmDecodeStepsAndMoneyNotCompute(String policy) {
        Trace t = run(policy, params(policy), 200);
        CostSheet sheet = CostSheet.of(RunCounts.of(t), PRICES);
        for (CostMeasure m : new CostMeasure[] {CostMeasure.LLM_TOKENS, CostMeasure.LLM_FORWARDS}) {
            assertThat(sheet.row(m).orElseThrow().saving().orElseThrow()).as(m.label()).isGreaterThan(0.5);
        }
        // money saves on output tokens, while the LLM still reads (almost) every token as input
        assertThat(sheet.row(CostMeasure.MONEY).orElseThrow().saving().orElseThrow()).isGreaterThan(0.1);
        // the paper's LLM token ratio and the LLM-tokens saving are two views of one number
        assertThat(sheet.row(CostMeasure.LLM_TOKENS).orElseThrow().saving().orElseThrow())
                .isCloseTo(1 - t.summary().llmTokenRatio(), within(1e-12));
        // each catch-up still feeds the LLM every token it has not seen: it reads (almost) what it would alone, so the
        // compute saving is about minus the SLM's share, never a gain: the honest reading of a token-level relay
        double reads = sheet.row(CostMeasure.LLM_TOKENS_READ).orElseThrow().saving().orElseThrow();
        assertThat(reads).isBetween(0.0, 0.2);
        double smlShare = (double) RunCounts.of(t).slmParameters() / RunCounts.of(t).llmParameters();
        assertThat(sheet.row(CostMeasure.FLOPS).orElseThrow().saving().orElseThrow())
                .isBetween(-smlShare - 1e-9, reads);
    }
}
