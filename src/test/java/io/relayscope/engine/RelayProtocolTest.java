package io.relayscope.engine;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Protocol edge cases with scripted stand-in models over the real demo tokenizer (the real path is tested elsewhere). */
class RelayProtocolTest {
    private static final int EOS = 256;
    private static final int CALL = 257;
    private static final int END_CALL = 258;
    private static TextTokenizer tok;

    @BeforeAll
    static void load() {
        tok = TestModels.tokenizer();
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    /** SLM: writes script, then after the LLM's tokens writes tail, then EOS. */
    private static ScriptedLm slm(int promptLength, int[] script, int llmTokens, int... tail) {
        return new ScriptedLm("slm", tok, ctx -> {
            int i = ctx.size() - promptLength;
            if (i < script.length) {
                return script[i];
            }
            int j = i - script.length - llmTokens;
            return j >= 0 && j < tail.length ? tail[j] : EOS;
        });
    }

    /** LLM: writes X, Y, Z, ... counting its own letters in context; EOS after `eosAfter` letters. */
    private static ScriptedLm llm(int eosAfter) {
        return new ScriptedLm("llm", tok, ctx -> {
            long own = ctx.stream().filter(t -> t >= 'A' && t <= 'Z' && t != 'Q' && t != 'A').count();
            return own >= eosAfter ? EOS : 'X' + (int) own % 3;
        });
    }

    private static Trace run(ScriptedLm s, ScriptedLm l, String policy, Map<String, Double> params, Limits limits) {
        RelayRequest req = new RelayRequest("Q: 2+2?\nA:", new PolicySpec(policy, params), SamplingSpec.GREEDY,
                SamplingSpec.GREEDY, 1, limits);
        return new RelayEngine(ModelPair.of(s, l)).run(req);
    }

    private static int promptLength() {
        return tok.encode("Q: 2+2?\nA:").length;
    }

    private static List<Source> sources(Trace t) {
        return t.tokens().stream().map(TokenRecord::source).filter(x -> x != Source.PROMPT).toList();
    }

    private static int[] ids(String text) {
        return tok.encode(text);
    }

    private static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    @Test
    void commandCallHandsOverWithOneForwardPerCatchUp() {
        int p = promptLength();
        ScriptedLm s = slm(p, ids("ab<call>3</call>"), 3, 'z');
        ScriptedLm l = llm(100);
        Trace t = run(s, l, "model-command", Map.of(), new Limits(100, 10));

        assertThat(sources(t)).containsExactly(Source.SLM, Source.SLM, Source.COMMAND, Source.COMMAND, Source.COMMAND,
                Source.LLM, Source.LLM, Source.LLM, Source.SLM);
        assertThat(t.summary().responseText()).isEqualTo("ab<call>3</call>XYZz");
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.SLM_EOS);
        CallRecord call = t.calls().get(0);
        assertThat(call.requested()).isEqualTo(3);
        assertThat(call.delivered()).isEqualTo(3);
        assertThat(call.reason()).isEqualTo("command");
        assertThat(t.tokens().get(call.position()).text()).isEqualTo("X");
        // the LLM sees the prompt and output with the tag replaced by one space, fed in one forward, then its own tokens
        assertThat(l.feeds.get(0)).containsExactly(concat(ids("Q: 2+2?\nA:"), ids("ab"), ids(" ")));
        assertThat(l.feeds).hasSize(3);
        assertThat(call.llmCatchUp()).isEqualTo(p + 3);
        // the SLM keeps its tags and catches up on </call> + the LLM's tokens in one forward
        assertThat(s.feeds).anySatisfy(f -> assertThat(f).containsExactly(END_CALL, 'X', 'Y', 'Z'));
        assertThat(call.slmCatchUp()).isEqualTo(4);
        assertThat(s.contextText()).isEqualTo("Q: 2+2?\nA:ab<call>3</call>XYZz");
        assertThat(t.summary().llmTokenRatio()).isEqualTo(3.0 / 9.0);
        assertThat(t.summary().commandTokens()).isEqualTo(3);
    }

    @Test
    void callOfZeroTokensIsNoCall() {
        ScriptedLm l = llm(100);
        Trace t = run(slm(promptLength(), ids("a<call>0</call>b"), 0), l, "model-command", Map.of(), new Limits(100, 10));
        assertThat(t.calls()).isEmpty();
        assertThat(l.feeds).isEmpty();
        assertThat(sources(t)).containsExactly(Source.SLM, Source.COMMAND, Source.COMMAND, Source.COMMAND, Source.SLM);
    }

    @Test
    void llmEndOfSequenceEndsTheWholeAnswer() {
        Trace t = run(slm(promptLength(), ids("a<call>5</call>"), 1, 'q', 'r'), llm(1), "model-command", Map.of(),
                new Limits(100, 10));
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.LLM_EOS);
        assertThat(t.summary().responseText()).isEqualTo("a<call>5</call>X");
        assertThat(t.calls().get(0).delivered()).isEqualTo(1);
    }

    @Test
    void llmWritesAtMostTheRemainingBudget() {
        Trace t = run(slm(promptLength(), ids("ab<call>50</call>"), 50), llm(100), "model-command", Map.of(),
                new Limits(8, 10));
        assertThat(t.summary().responseTokens()).isEqualTo(8);
        assertThat(t.calls().get(0).requested()).isEqualTo(50);
        assertThat(t.calls().get(0).delivered()).isEqualTo(2);
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
    }

    @Test
    void maxCallsLeavesFurtherCommandsAsPlainCommandTokens() {
        ScriptedLm l = llm(100);
        Trace t = run(slm(promptLength(), ids("a<call>2</call>"), 0, 'b'), l, "model-command", Map.of(), new Limits(100, 0));
        assertThat(t.calls()).isEmpty();
        assertThat(l.feeds).isEmpty();
        assertThat(t.summary().commandTokens()).isEqualTo(3);
    }

    @Test
    void commandSpelledInPlainTextTokensIsParsedAndStripped() {
        int[] spelled = concat(ids("a"), "<call>2</call>".chars().toArray());
        ScriptedLm l = llm(100);
        Trace t = run(slm(promptLength(), spelled, 2, 'z'), l, "model-command", Map.of(), new Limits(100, 10));
        assertThat(t.calls()).hasSize(1);
        assertThat(t.summary().commandTokens()).isEqualTo("<call>2</call>".length());
        assertThat(t.summary().responseText()).isEqualTo("a<call>2</call>XYz");
        assertThat(l.feeds.get(0)).containsExactly(concat(ids("Q: 2+2?\nA:"), ids("a"), ids(" ")));
    }

    @Test
    void secondCallStripsEveryTagAndFeedsOnlyUnseenTokens() {
        int p = promptLength();
        // SLM: "a<call>1</call>" X "b<call>1</call>" Y "c" EOS
        ScriptedLm s = new ScriptedLm("slm", tok, ctx -> {
            String text = tok.decode(ctx.subList(p, ctx.size()).stream().mapToInt(Integer::intValue).toArray());
            String script = "a<call>1</call>Xb<call>1</call>Yc";
            if (text.length() >= script.length()) {
                return EOS;
            }
            int[] next = tok.encode(script.substring(text.length()));
            return next[0];
        });
        ScriptedLm l = llm(100);
        Trace t = run(s, l, "model-command", Map.of(), new Limits(100, 10));
        assertThat(t.calls()).hasSize(2);
        assertThat(t.summary().responseText()).isEqualTo("a<call>1</call>Xb<call>1</call>Yc");
        // second hand-over: the LLM's own X (not yet fed), then b and a space for the tag: one forward
        assertThat(l.feeds.get(1)).containsExactly(concat(new int[] {'X'}, ids("b"), ids(" ")));
        assertThat(l.contextText()).isEqualTo("Q: 2+2?\nA:a Xb ");
    }

    @Test
    void policyCallsInsertNoTagsAndRecordTheirReason() {
        ScriptedLm s = slm(promptLength(), ids("abcdef"), 0);
        ScriptedLm l = llm(100);
        Trace t = run(s, l, "random-token", Map.of("p", 1.0, "callTokens", 2.0), new Limits(6, 100));
        assertThat(t.summary().commandTokens()).isZero();
        assertThat(t.calls()).hasSize(3).allSatisfy(c -> assertThat(c.reason()).startsWith("random-token"));
        assertThat(s.context).doesNotContain(CALL, END_CALL);
        assertThat(t.summary().llmTokens()).isEqualTo(6);
    }

    @Test
    void policiesThatDecideCallsThemselvesNeverLetTheSlmWriteACommand() {
        int p = promptLength();
        for (String policy : List.of("slm-only", "confidence", "random-token")) {
            ScriptedLm s = slm(p, ids("a<call>2</call>b"), 0).withRunnerUp('q');
            Map<String, Double> params = policy.equals("slm-only") ? Map.of() : Map.of("p", 0.0, "threshold", 0.0);
            Trace t = run(s, llm(100), policy, params, new Limits(4, 10));
            assertThat(t.summary().commandTokens()).as(policy).isZero();
            assertThat(t.calls()).as(policy).isEmpty();
            assertThat(s.context).as(policy).doesNotContain(CALL);
            assertThat(t.summary().responseText()).as(policy).startsWith("aq");
        }
        ScriptedLm relay = slm(p, ids("a<call>2</call>"), 2, 'b').withRunnerUp('q');
        Trace t = run(relay, llm(100), "model-command", Map.of(), new Limits(100, 10));
        assertThat(t.summary().responseText()).isEqualTo("a<call>2</call>XYb");
    }

    @Test
    void slmOnlyAndLlmOnlyAndQueryRouter() {
        Trace slmOnly = run(slm(promptLength(), ids("a<call>2</call>b"), 0), llm(100), "slm-only", Map.of(), new Limits(100, 10));
        assertThat(slmOnly.calls()).isEmpty();
        assertThat(slmOnly.summary().llmTokens()).isZero();
        Trace llmOnly = run(slm(promptLength(), ids("ab"), 0), llm(4), "llm-only", Map.of(), new Limits(100, 10));
        assertThat(llmOnly.summary().llmTokenRatio()).isEqualTo(1.0);
        assertThat(llmOnly.summary().finishReason()).isEqualTo(FinishReason.LLM_EOS);
        assertThat(llmOnly.summary().responseText()).isEqualTo("XYZX");
        Trace never = run(slm(promptLength(), ids("ab"), 0), llm(4), "random-query", Map.of("p", 0.0), new Limits(100, 10));
        assertThat(never.summary().responseText()).isEqualTo("ab");
        Trace always = run(slm(promptLength(), ids("ab"), 0), llm(4), "random-query", Map.of("p", 1.0), new Limits(100, 10));
        assertThat(always.summary().responseText()).isEqualTo("XYZX");
    }

    @Test
    void cancellationStopsWithinOneStepAndLeavesAValidTrace() {
        RunControl control = new RunControl();
        List<TokenRecord> seen = new ArrayList<>();
        RelayListener cancelAfterThree = new RelayListener() {
            @Override
            public void onToken(TokenRecord token) {
                seen.add(token);
                if (token.source() != Source.PROMPT && seen.stream().filter(x -> x.source() != Source.PROMPT).count() == 3) {
                    control.cancel();
                }
            }
        };
        RelayRequest req = new RelayRequest("Q: 2+2?\nA:", new PolicySpec("slm-only", Map.of()), SamplingSpec.GREEDY,
                SamplingSpec.GREEDY, 1, new Limits(100, 10));
        Trace t = new RelayEngine(ModelPair.of(slm(promptLength(), ids("abcdefghij"), 0), llm(100)))
                .run(req, cancelAfterThree, control);
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(t.summary().slmTokens()).isEqualTo(3);
        assertThat(t.tokens()).extracting(TokenRecord::index).containsExactlyElementsOf(
                IntStream.range(0, t.tokens().size()).boxed().toList());
    }

    @Test
    void steppingModeWritesOneTokenPerStep() throws Exception {
        assertOneTokenPerStep("slm-only", Map.of());
    }

    @Test
    void steppingThroughPolicyCallsStillWritesOneTokenPerStep() throws Exception {
        assertOneTokenPerStep("random-token", Map.of("p", 1.0, "callTokens", 1.0));
    }

    private void assertOneTokenPerStep(String policy, Map<String, Double> params) throws Exception {
        RunControl control = new RunControl();
        control.setStepping(true);
        List<TokenRecord> generated = java.util.Collections.synchronizedList(new ArrayList<>());
        RelayListener listener = new RelayListener() {
            @Override
            public void onToken(TokenRecord token) {
                if (token.source() != Source.PROMPT) {
                    generated.add(token);
                }
            }
        };
        RelayRequest req = new RelayRequest("Q: 2+2?\nA:", new PolicySpec(policy, params), SamplingSpec.GREEDY,
                SamplingSpec.GREEDY, 1, new Limits(100, 100));
        RelayEngine engine = new RelayEngine(ModelPair.of(slm(promptLength(), ids("abcdefghij"), 0), llm(100)));
        CompletableFuture<Trace> run = CompletableFuture.supplyAsync(() -> engine.run(req, listener, control));
        Thread.sleep(200);
        assertThat(generated).isEmpty();
        for (int i = 1; i <= 3; i++) {
            control.step();
            int expected = i;
            long deadline = System.currentTimeMillis() + 5000;
            while (generated.size() < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(generated).hasSize(expected);
        }
        control.cancel();
        Trace t = run.get(5, TimeUnit.SECONDS);
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(t.summary().responseTokens()).isEqualTo(3);
    }
}
