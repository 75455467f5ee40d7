package io.relayscope.engine;

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

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Branch runs over scripted models: what the prefix hands each model, and commands re-read after the branch. */
class BranchProtocolTest {
    private static final String PROMPT = "Q: 2+2?\nA:";
    private static TextTokenizer tok;
    private static int p;

    @BeforeAll
    static void load() {
        tok = TestModels.tokenizer();
        p = tok.encode(PROMPT).length;
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    /** SLM writes "ab<call>3</call>", then (after 3 LLM tokens) "z"; the LLM writes X, Y, Z, ... */
    private static ScriptedLm slm() {
        int[] script = tok.encode("ab<call>3</call>");
        return new ScriptedLm("slm", tok, ctx -> {
            int i = ctx.size() - p;
            return i < script.length ? script[i] : i == script.length + 3 ? 'z' : 256;
        });
    }

    private static ScriptedLm llm() {
        return new ScriptedLm("llm", tok, ctx -> 'X' + (int) (ctx.stream().filter(t -> t >= 'X' && t <= 'Z').count() % 3));
    }

    private static Trace run(ScriptedLm s, ScriptedLm l, ForcedPrefix start) {
        RelayRequest req = new RelayRequest(PROMPT, new PolicySpec("model-command", Map.of()), SamplingSpec.GREEDY,
                SamplingSpec.GREEDY, 1, new Limits(100, 10));
        RelayEngine engine = new RelayEngine(ModelPair.of(s, l));
        return start == null ? engine.run(req) : engine.run(req, start, RelayListener.NONE, new RunControl());
    }

    private static String sources(Trace t) {
        StringBuilder sb = new StringBuilder();
        for (TokenRecord x : t.tokens()) {
            if (x.source() != Source.PROMPT) {
                sb.append(x.source().name().charAt(0));
            }
        }
        return sb.toString();
    }

    @Test
    void aCommandTheBranchChangesIsReadAgainFromItsHeldTokens() {
        Trace parent = run(slm(), llm(), null);
        assertThat(parent.summary().responseText()).isEqualTo("ab<call>3</call>XYZz");
        ScriptedLm s = slm();
        ScriptedLm l = llm();
        Trace b = run(s, l, ForcedPrefix.of(parent, p + 3, '0'));
        // "<call>" was a COMMAND token of the parent; held again, it ends up in the command "<call>0</call>": no call
        assertThat(b.summary().responseText()).isEqualTo("ab<call>0</call>");
        assertThat(sources(b)).isEqualTo("SSCCC");
        assertThat(b.calls()).isEmpty();
        assertThat(b.summary().finishReason()).isEqualTo(FinishReason.SLM_EOS);
        // the SLM caught up on prompt + "ab<call>" in one forward before the forced token
        assertThat(tok.decode(s.feeds.get(0))).isEqualTo(PROMPT + "ab<call>");
        assertThat(l.feeds).isEmpty();
    }

    @Test
    void aTokenForcedInsideACallKeepsTheCallAndItsBudget() {
        Trace parent = run(slm(), llm(), null);
        ScriptedLm s = slm();
        ScriptedLm l = llm();
        Trace b = run(s, l, ForcedPrefix.of(parent, p + 6, 'Q'));
        assertThat(b.summary().responseText()).isEqualTo("ab<call>3</call>XQYz");
        assertThat(sources(b)).isEqualTo("SSCCCLLLS");
        assertThat(b.calls()).hasSize(1);
        assertThat(b.calls().get(0).position()).isEqualTo(p + 5);
        assertThat(b.calls().get(0).delivered()).isEqualTo(3);
        // the LLM had never run: prompt, "ab", one space for the tag and its own X, in one forward
        assertThat(tok.decode(l.feeds.get(0))).isEqualTo(PROMPT + "ab X");
        assertThat(s.contextText()).isEqualTo(PROMPT + "ab<call>3</call>XQYz");
    }
}
