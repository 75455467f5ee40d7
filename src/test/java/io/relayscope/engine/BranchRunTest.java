package io.relayscope.engine;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Branch runs (a forced prefix) on the real demo pair, from the committed greedy sample sessions. */
class BranchRunTest {
    private static ModelPair pair;
    private static Trace confidence;
    private static Trace slmOnly;

    @BeforeAll
    static void open() throws Exception {
        pair = ModelPair.open(TestModels.require(TestModels.SLM), TestModels.require(TestModels.LLM));
        confidence = TraceCodec.read(Path.of("sample-sessions/confidence.json"));
        slmOnly = TraceCodec.read(Path.of("sample-sessions/slm-only.json"));
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    private static Trace branch(Trace parent, int index, int token) {
        return new RelayEngine(pair).run(RelayRequest.of(parent.header()), ForcedPrefix.of(parent, index, token),
                RelayListener.NONE, new RunControl());
    }

    /** 66: an SLM token; 70: the LLM's first token of call 1; 71: its second; 81: the SLM's first after it. */
    @ParameterizedTest
    @ValueSource(ints = {62, 66, 69, 70, 71, 81, 90})
    void forcingTheTokenTheParentWroteReproducesTheParent(int index) {
        Trace again = branch(confidence, index, confidence.tokens().get(index).id());
        assertThat(SampleSessionsRerunTest.shape(again)).isEqualTo(SampleSessionsRerunTest.shape(confidence));
        assertThat(again.calls()).extracting(CallRecord::position, CallRecord::requested, CallRecord::delivered,
                CallRecord::reason).isEqualTo(confidence.calls().stream().map(c -> org.assertj.core.groups.Tuple.tuple(
                c.position(), c.requested(), c.delivered(), c.reason())).toList());
        assertThat(again.summary().finishReason()).isEqualTo(confidence.summary().finishReason());
        // the prefix keeps the parent's records as they were
        assertThat(again.tokens().subList(0, index)).isEqualTo(confidence.tokens().subList(0, index));
    }

    @Test
    void aForcedTokenTakesItsPlaceWithTheModelsOwnScoreAndTheRunGoesOn() {
        TokenRecord original = confidence.tokens().get(69);
        Alternative other = original.alternatives().stream().filter(a -> a.id() != original.id()).findFirst().orElseThrow();
        Trace b = branch(confidence, 69, other.id());
        TokenRecord forced = b.tokens().get(69);
        assertThat(forced.id()).isEqualTo(other.id());
        assertThat(forced.source()).isEqualTo(Source.SLM);
        // one batched forward over the prefix gives the probability the parent's step gave the alternative
        assertThat(forced.probability()).isCloseTo(other.probability(), within(1e-4));
        assertThat(b.tokens().subList(0, 69)).isEqualTo(confidence.tokens().subList(0, 69));
        assertThat(b.summary().responseText()).startsWith(" 32-17=" + other.text());
        assertThat(b.summary().responseText()).isNotEqualTo(confidence.summary().responseText());
        assertThat(b.calls()).allSatisfy(c -> assertThat(c.position()).isGreaterThan(69));
    }

    @Test
    void aForcedLlmTokenInsideACallFinishesTheCallsBudget() {
        int dot = confidence.tokens().get(71).id();
        Trace b = branch(confidence, 70, dot);
        assertThat(b.tokens().get(70).id()).isEqualTo(dot);
        assertThat(b.tokens().get(70).source()).isEqualTo(Source.LLM);
        assertThat(b.tokens().get(71).source()).isEqualTo(Source.LLM);
        assertThat(b.tokens().get(72).source()).isNotEqualTo(Source.LLM);
        CallRecord call = b.calls().get(0);
        assertThat(call.position()).isEqualTo(70);
        assertThat(call.delivered()).isEqualTo(2);
        // the LLM had seen nothing: it catches up on prompt + prefix in one forward
        assertThat(call.llmCatchUp()).isEqualTo(70);
    }

    @Test
    void eachModelCatchesUpOnThePrefixInOneForward() {
        int n = slmOnly.summary().responseTokens();
        int prompt = slmOnly.summary().promptTokens();
        int k = 20;
        Trace b = branch(slmOnly, prompt + k, slmOnly.tokens().get(prompt + k).id());
        assertThat(SampleSessionsRerunTest.shape(b)).isEqualTo(SampleSessionsRerunTest.shape(slmOnly));
        // the parent: one forward per token plus the end-of-sequence step; the branch: one for prompt + prefix
        assertThat(slmOnly.summary().slmCost().forwardCalls()).isEqualTo(n + 1);
        assertThat(b.summary().slmCost().forwardCalls()).isEqualTo(n - k + 1);
        assertThat(b.summary().slmCost().fedTokens()).isEqualTo(slmOnly.summary().slmCost().fedTokens());
        assertThat(b.summary().llmCost().forwardCalls()).isZero();
    }

    @Test
    void aPositionOutsideTheResponseIsAOneLineError() {
        assertThatThrownBy(() -> ForcedPrefix.of(confidence, 3, 65)).isInstanceOf(UserFacingException.class)
                .hasMessage("branch position 3 is not a response token of the trace; choose one from 62 to 90");
    }
}
