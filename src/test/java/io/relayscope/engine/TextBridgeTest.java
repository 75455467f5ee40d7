package io.relayscope.engine;

import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TextBridge;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The text bridge on real models with different real tokenizers: the demo relay SLM (a 256-byte byte-level
 * vocabulary) with a Llama-3-shaped LLM (the real 128,256-entry Llama-3 tokenizer), and a Qwen3-shaped SLM with the
 * Llama-3-shaped LLM (two real BPE tokenizers). The trace is checked against the two models' contexts rebuilt from it
 * independently: each hand-over is the other model's new text encoded by the receiver's tokenizer, fed in one
 * forward (forward and fed-token counts), nothing is ever fed twice, and each model's first token after a hand-over
 * has the log-probability a fresh prefill over the rebuilt context gives (the KV caches stayed valid).
 */
class TextBridgeTest {
    private static final String QUESTION = "Eva has 10 shells, loses 5, gets 35, finds 22 and loses 2. How many?";
    /** The model-command sample session's question, on which the demo relay SLM calls. */
    private static final String CALLING = "Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?";

    private static CausalLm demoSlm;
    private static CausalLm qwen;
    private static CausalLm llama;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        demoSlm = OnnxCausalLm.open(DemoModels.defaultSlm());
        qwen = OnnxCausalLm.open(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM));
        llama = OnnxCausalLm.open(RealShapeFixtures.folder(RealShapeFixtures.LLAMA3_OPTIMUM));
    }

    @AfterAll
    static void close() {
        demoSlm.close();
        qwen.close();
        llama.close();
    }

    @Test
    void aByteLevelDemoSlmRelaysWithALlama3LlmThroughText() throws Exception {
        {
            ModelPair pair = ModelPair.matched(demoSlm, llama);
            assertThat(pair.textBridge()).as("a 260-token byte vocabulary and Llama-3's differ").isTrue();
            Trace t = new RelayEngine(pair).run(new RelayRequest(CALLING, new PolicySpec("model-command", Map.of()),
                    SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(80, 4, true)));
            assertThat(t.summary().error()).isNull();
            assertThat(t.calls()).as("the relay SLM calls on this question").isNotEmpty();
            assertThat(t.tokens().stream().filter(x -> x.source() == Source.COMMAND)).isNotEmpty();
            assertBridged(pair, t);
            // the LLM read the demo's plain prompt through its own chat template, the SLM the plain one
            TextBridge bridge = t.header().textBridge().orElseThrow();
            assertThat(t.header().promptText()).isEqualTo("Q: " + CALLING + "\nA:");
            assertThat(bridge.llmPromptText()).startsWith("<|begin_of_text|>").contains(CALLING)
                    .endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n");
            Path file = tmp.resolve("bridge.json");
            TraceCodec.write(t, file);
            Trace back = TraceCodec.read(file);
            assertThat(back.header().textBridge()).contains(bridge);
            assertThat(back.tokens()).isEqualTo(t.tokens());
        }
    }

    @Test
    void twoRealBpeTokenizersQwen3AndLlama3RelayThroughText() {
        {
            ModelPair pair = ModelPair.matched(qwen, llama);
            assertThat(pair.textBridge()).isTrue();
            Trace t = new RelayEngine(pair).run(new RelayRequest(QUESTION,
                    new PolicySpec("random-token", Map.of("p", 0.3, "callTokens", 3.0)),
                    SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(40, 6, true)));
            assertThat(t.summary().error()).isNull();
            assertThat(t.summary().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
            assertThat(t.calls()).hasSizeGreaterThan(1);
            assertBridged(pair, t);
            assertThat(t.header().promptText()).startsWith("<|im_start|>user\n" + QUESTION);
            assertThat(t.header().textBridge().orElseThrow().llmPromptText()).startsWith("<|begin_of_text|>");
        }
    }

    @Test
    void bytesThatAreNoWholeCharacterReachAByteLevelTokenizerAsTheSameBytes() {
        {
            TextTokenizer qwen = TextBridgeTest.qwen.tokenizer();
            byte[] euro = "5 €".getBytes(StandardCharsets.UTF_8);
            byte[] split = Arrays.copyOf(euro, euro.length - 1);
            int[] ids = qwen.encodeBytes(split);
            assertThat(bytesOf(qwen, ids)).as("the first two bytes of € as byte tokens").isEqualTo(split);
            assertThat(qwen.encodeBytes(euro)).containsExactly(qwen.encode("5 €"));
            byte[] tailOnly = Arrays.copyOfRange(euro, euro.length - 1, euro.length);
            assertThat(bytesOf(qwen, qwen.encodeBytes(tailOnly))).isEqualTo(tailOnly);
        }
    }

    private static byte[] bytesOf(TextTokenizer tok, int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tok.tokenBytes(id));
        }
        return out.toByteArray();
    }

    /** Rebuilds both contexts from the trace and checks the bridge's promises. */
    private static void assertBridged(ModelPair pair, Trace t) {
        TextTokenizer st = pair.slm().tokenizer();
        TextTokenizer lt = pair.llm().tokenizer();
        TextBridge bridge = t.header().textBridge().orElseThrow();
        assertThat(t.header().tokenizerSha256()).isEqualTo(st.sha256());
        assertThat(bridge.llmTokenizerSha256()).isEqualTo(lt.sha256()).isNotEqualTo(st.sha256());
        int[] llmPrompt = lt.encode(bridge.llmPromptText());
        assertThat(bridge.llmPromptTokens()).isEqualTo(llmPrompt.length);
        boolean commands = Policies.create(t.header().policy(), 0).followsCommands();
        int[] slmBanned = RelayRun.banned(pair.slm(), t.header().limits(), commands ? OptionalInt.empty() : st.specialId("<call>"));
        int[] llmBanned = RelayRun.banned(pair.llm(), t.header().limits(), OptionalInt.empty());

        // each token in its writer's tokenizer; counts and the paper's ratio over each model's own tokens
        Map<Source, Integer> count = new HashMap<>();
        for (TokenRecord r : t.tokens()) {
            TextTokenizer own = r.source() == Source.LLM ? lt : st;
            assertThat(r.bytes()).as("token %d", r.index()).isEqualTo(own.tokenBytes(r.id()));
            count.merge(r.source(), 1, Integer::sum);
        }
        int slmN = count.getOrDefault(Source.SLM, 0);
        int llmN = count.getOrDefault(Source.LLM, 0);
        int cmdN = count.getOrDefault(Source.COMMAND, 0);
        assertThat(llmN).isPositive();
        assertThat(slmN).isPositive();
        assertThat(t.summary().promptTokens()).isEqualTo(count.get(Source.PROMPT)).isEqualTo(st.encode(t.header().promptText()).length);
        assertThat(new int[] {t.summary().slmTokens(), t.summary().llmTokens(), t.summary().commandTokens()})
                .containsExactly(slmN, llmN, cmdN);
        assertThat(t.summary().llmTokenRatio()).isCloseTo((double) llmN / (slmN + llmN + cmdN), within(1e-12));

        // rebuild: the LLM reads the SLM's text with each command as one space; the SLM reads the LLM's text
        Rebuild b = new Rebuild(pair, t);
        b.llmCtx.addAll(Arrays.stream(llmPrompt).boxed().toList());
        long resent = 0;
        int checkedSlm = 0;
        Source previous = Source.PROMPT;
        for (TokenRecord r : t.tokens()) {
            if (r.source() == Source.PROMPT) {
                b.slmCtx.add(r.id());
                continue;
            }
            CallRecord starting = b.callAt.get(r.index());
            if (r.source() == Source.LLM) {
                if (starting != null) {
                    b.endCall();
                    appendAll(b.llmCtx, lt.encodeBytes(b.forLlm.toByteArray()));
                    b.forLlm.reset();
                    int catchUp = b.llmCtx.size() - b.llmFed;
                    assertThat(starting.llmCatchUp()).as("call %d reads exactly its unseen tokens", starting.number())
                            .isEqualTo(catchUp);
                    resent += b.llmCtx.size();
                    double fresh = logprob(prefill(pair.llm(), b.llmCtx), r.id(), llmBanned);
                    assertThat(r.logprob()).as("LLM's first token of call %d", starting.number()).isCloseTo(fresh, within(2e-4));
                    b.open = starting;
                }
                b.llmCtx.add(r.id());
                b.llmFed = b.llmCtx.size() - 1;
                b.forSlm.writeBytes(r.bytes());
                b.delivered++;
            } else {
                boolean handedOver = b.endCall();
                if (handedOver && b.checkNextSlm) {
                    double fresh = logprob(prefill(pair.slm(), b.slmCtx), r.id(), slmBanned);
                    assertThat(r.logprob()).as("SLM's first token after a hand-over at %d", r.index()).isCloseTo(fresh, within(2e-4));
                    checkedSlm++;
                }
                b.slmCtx.add(r.id());
                if (r.source() == Source.SLM) {
                    b.forLlm.writeBytes(r.bytes());
                } else if (previous != Source.COMMAND) {
                    b.forLlm.write(' ');
                }
            }
            previous = r.source();
        }
        b.endCall();
        assertThat(checkedSlm).as("hand-overs back to the SLM checked").isPositive();
        boolean eos = t.summary().finishReason() == FinishReason.LLM_EOS;
        // one forward per LLM token (the hand-over's catch-up rides on the call's first one), each token fed once
        assertThat(t.summary().llmCost().forwardCalls()).isEqualTo(b.delivered + (eos ? 1 : 0));
        assertThat(t.summary().llmCost().fedTokens()).as("every token of the LLM's context fed exactly once")
                .isEqualTo(b.llmFed + (eos ? 1 : 0));
        if (t.calls().size() > 1) {
            assertThat(t.summary().llmCost().fedTokens()).as("far fewer than re-sending the context at each call")
                    .isLessThan(resent);
        }
    }

    /** Both models' contexts as rebuilt from a trace, with what is still to be handed over. */
    private static final class Rebuild {
        final TextTokenizer st;
        final Map<Integer, CallRecord> callAt = new HashMap<>();
        final List<Integer> llmCtx = new ArrayList<>();
        final List<Integer> slmCtx = new ArrayList<>();
        final ByteArrayOutputStream forLlm = new ByteArrayOutputStream();
        final ByteArrayOutputStream forSlm = new ByteArrayOutputStream();
        int llmFed;
        long delivered;
        CallRecord open;
        boolean checkNextSlm;

        Rebuild(ModelPair pair, Trace t) {
            this.st = pair.slm().tokenizer();
            t.calls().forEach(c -> callAt.put(c.position(), c));
        }

        /**
         * Ends the open call: its text reaches the SLM as one encoding, and the SLM's catch-up is that plus its own
         * unread token (a command's last one; none when a router decided after the SLM's forward). True when one ended.
         */
        boolean endCall() {
            if (open == null) {
                return false;
            }
            int[] handed = st.encodeBytes(forSlm.toByteArray());
            forSlm.reset();
            int ownPending = "command".equals(open.reason()) ? 1 : 0;
            assertThat(open.slmCatchUp()).as("call %d hands the SLM its text in the SLM's tokens", open.number())
                    .isEqualTo(handed.length + ownPending);
            appendAll(slmCtx, handed);
            checkNextSlm = handed.length > 0;
            open = null;
            return true;
        }
    }

    private static void appendAll(List<Integer> to, int[] ids) {
        for (int id : ids) {
            to.add(id);
        }
    }

    private static float[] prefill(CausalLm model, List<Integer> ids) {
        try (KvSequence seq = model.newSequence()) {
            return seq.append(ids.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** log softmax at id over the ids the model could draw. */
    private static double logprob(float[] logits, int id, int[] banned) {
        boolean[] out = new boolean[logits.length];
        for (int b : banned) {
            if (b < out.length) {
                out[b] = true;
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            max = out[i] ? max : Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum += out[i] ? 0 : Math.exp(logits[i] - max);
        }
        return logits[id] - max - Math.log(sum);
    }
}
