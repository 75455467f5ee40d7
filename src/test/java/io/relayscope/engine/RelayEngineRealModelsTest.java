package io.relayscope.engine;

import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay protocol on the real demo pair through the real ONNX Runtime path. */
class RelayEngineRealModelsTest {
    private static final String QUESTION = "Eva has 10 shells, loses 5, gets 35, finds 22 and loses 2. How many?";
    private static ModelPair pair;

    @BeforeAll
    static void open() {
        pair = ModelPair.open(TestModels.require(TestModels.SLM), TestModels.require(TestModels.LLM));
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    private static Trace run(ModelPair models, String policy, Map<String, Double> params, SamplingSpec sampling, long seed) {
        return new RelayEngine(models).run(new RelayRequest(QUESTION, new PolicySpec(policy, params), sampling, sampling,
                seed, new Limits(200, 64)));
    }

    @Test
    void confidencePolicyMixesBothModelsWithAConsistentSummary() {
        Trace t = run(pair, "confidence", Map.of("threshold", 0.9, "callTokens", 2.0), SamplingSpec.GREEDY, 0);
        var s = t.summary();
        assertThat(s.slmTokens()).isPositive();
        assertThat(s.llmTokens()).isPositive();
        assertThat(s.calls()).isEqualTo(t.calls().size()).isPositive();
        assertThat(t.tokens().stream().filter(x -> x.source() == Source.LLM).count()).isEqualTo(s.llmTokens());
        assertThat(t.tokens().stream().filter(x -> x.source() == Source.SLM).count()).isEqualTo(s.slmTokens());
        assertThat(s.llmTokenRatio()).isEqualTo((double) s.llmTokens() / (s.slmTokens() + s.llmTokens() + s.commandTokens()));
        assertThat(s.responseText()).contains("Answer:");
        assertThat(t.header().promptText()).isEqualTo("Q: " + QUESTION + "\nA:");
        assertThat(t.header().models()).extracting(m -> m.parameterCount()).containsExactly(35_352L, 771_968L);
        // every token is fed to each model at most once: hand-overs never re-prefill
        int all = s.promptTokens() + s.responseTokens();
        assertThat(s.slmCost().fedTokens()).isLessThanOrEqualTo(all);
        assertThat(s.llmCost().fedTokens()).isLessThanOrEqualTo(all);
        assertThat(s.llmCost().forwardCalls()).isLessThanOrEqualTo(s.llmTokens() + s.calls());
        // the LLM alone reads the prompt and every response token but the last (docs/costs.md)
        boolean eos = s.finishReason() == io.relayscope.trace.FinishReason.SLM_EOS
                || s.finishReason() == io.relayscope.trace.FinishReason.LLM_EOS;
        double llmAlone = 2.0 * 771_968 * (all - 1 + (eos ? 1 : 0));
        assertThat(s.savingVsLlmOnly()).isCloseTo(1 - (s.slmCost().flops() + s.llmCost().flops()) / llmAlone,
                org.assertj.core.data.Offset.offset(1e-9));
        for (TokenRecord tok : t.tokens()) {
            if (tok.source() != Source.PROMPT) {
                assertThat(tok.alternatives()).hasSize(5);
                assertThat(tok.logprob()).isLessThanOrEqualTo(0);
                assertThat(tok.entropy()).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void relayingBetweenTwoCopiesOfOneModelChangesNothing() {
        try (ModelPair same = ModelPair.open(TestModels.LLM, TestModels.LLM)) {
            Trace alone = run(same, "slm-only", Map.of(), SamplingSpec.GREEDY, 0);
            Trace relayed = run(same, "random-token", Map.of("p", 0.3, "callTokens", 3.0), SamplingSpec.GREEDY, 0);
            assertThat(relayed.calls()).hasSizeGreaterThan(2);
            assertThat(relayed.summary().responseText()).isEqualTo(alone.summary().responseText());
            assertThat(ids(relayed)).isEqualTo(ids(alone));
        }
    }

    @Test
    void aSeedMakesSampledRunsReproducible() {
        SamplingSpec warm = new SamplingSpec(1.0, 0, 1.0);
        Trace a = run(pair, "random-token", Map.of("p", 0.2), warm, 42);
        Trace b = run(pair, "random-token", Map.of("p", 0.2), warm, 42);
        assertThat(ids(a)).isEqualTo(ids(b));
        assertThat(a.calls()).extracting(c -> c.position()).isEqualTo(b.calls().stream().map(c -> c.position()).toList());
        Set<List<Integer>> different = new HashSet<>();
        for (long seed = 1; seed <= 4; seed++) {
            different.add(ids(run(pair, "slm-only", Map.of(), warm, seed)));
        }
        assertThat(different).hasSizeGreaterThan(1);
    }

    private static List<Integer> ids(Trace t) {
        return t.tokens().stream().filter(x -> x.source() != Source.PROMPT).map(TokenRecord::id).toList();
    }

    @Test
    void theTraceStoresTheExactPromptAndHowItWasMade() {
        Trace templated = new RelayEngine(pair).run(RelayRequest.greedy(QUESTION, new PolicySpec("slm-only", Map.of())));
        assertThat(templated.header().promptText()).isEqualTo("Q: " + QUESTION + "\nA:");
        assertThat(templated.header().promptSpec().format()).isEqualTo("plain");
        assertThat(templated.header().promptSpec().template()).isEqualTo("generation_config.json");
        Trace raw = new RelayEngine(pair).run(RelayRequest.greedy(QUESTION, new PolicySpec("slm-only", Map.of()))
                .withPromptStyle(PromptStyle.RAW));
        assertThat(raw.header().promptText()).isEqualTo(QUESTION);
        assertThat(raw.header().promptSpec().format()).isEqualTo("raw");
        long promptTokens = raw.tokens().stream().filter(t -> t.source() == Source.PROMPT).count();
        assertThat(promptTokens).isEqualTo(pair.slm().tokenizer().encode(QUESTION).length);
    }
}
