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

    /**
     * Indices in sample-sessions/confidence.json (prompt 0-133, response 134-182, calls of 2 tokens at 150, 156 and
     * 168): 134 the first response token; 142 an SLM token; 155 the SLM's last before call 2; 156 the LLM's first
     * token of call 2; 157 its second; 158 the SLM's first after it; 182 the last. record.sh re-records the sample,
     * and theSampleHasTheShapeTheseIndicesName fails first when its shape moves.
     */
    @ParameterizedTest
    @ValueSource(ints = {134, 142, 155, 156, 157, 158, 182})
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
    void theSampleHasTheShapeTheseIndicesName() {
        assertThat(confidence.summary().promptTokens()).isEqualTo(134);
        assertThat(confidence.tokens()).hasSize(183);
        assertThat(confidence.calls()).extracting(CallRecord::position).containsExactly(150, 156, 168);
        assertThat(confidence.tokens().subList(155, 159)).extracting(TokenRecord::source)
                .containsExactly(Source.SLM, Source.LLM, Source.LLM, Source.SLM);
    }

    @Test
    void aForcedTokenTakesItsPlaceWithTheModelsOwnScoreAndTheRunGoesOn() {
        TokenRecord original = confidence.tokens().get(155);
        Alternative other = original.alternatives().stream().filter(a -> a.id() != original.id()).findFirst().orElseThrow();
        Trace b = branch(confidence, 155, other.id());
        TokenRecord forced = b.tokens().get(155);
        assertThat(forced.id()).isEqualTo(other.id());
        assertThat(forced.source()).isEqualTo(Source.SLM);
        // one batched forward over the prefix gives the probability the parent's step gave the alternative
        assertThat(forced.probability()).isCloseTo(other.probability(), within(1e-4));
        assertThat(b.tokens().subList(0, 155)).isEqualTo(confidence.tokens().subList(0, 155));
        String before = confidence.tokens().subList(134, 155).stream().map(TokenRecord::text)
                .collect(java.util.stream.Collectors.joining());
        assertThat(b.summary().responseText()).startsWith(before + other.text());
        assertThat(b.summary().responseText()).isNotEqualTo(confidence.summary().responseText());
        // the prefix's call is kept as it was; every later call comes after the forced token
        assertThat(b.calls().get(0)).isEqualTo(confidence.calls().get(0));
        assertThat(b.calls().subList(1, b.calls().size())).allSatisfy(c -> assertThat(c.position()).isGreaterThan(155));
    }

    @Test
    void aForcedLlmTokenInsideACallFinishesTheCallsBudget() {
        int zero = confidence.tokens().get(157).id();
        Trace b = branch(confidence, 156, zero);
        assertThat(b.tokens().get(156).id()).isEqualTo(zero);
        assertThat(b.tokens().get(156).source()).isEqualTo(Source.LLM);
        assertThat(b.tokens().get(157).source()).isEqualTo(Source.LLM);
        CallRecord call = b.calls().get(1);
        // after its two tokens the call is over: token 158 is the SLM's, or the first of a new call the policy makes
        if (b.tokens().get(158).source() == Source.LLM) {
            assertThat(b.calls().get(2).position()).isEqualTo(158);
        }
        assertThat(call.position()).isEqualTo(156);
        assertThat(call.delivered()).isEqualTo(2);
        // the branch's LLM has seen nothing yet (call 1 is the parent's record): it catches up on prompt + prefix
        // in one forward
        assertThat(call.llmCatchUp()).isEqualTo(156);
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
                .hasMessage("branch position 3 is not a response token of the trace; choose one from 134 to 182");
    }
}
