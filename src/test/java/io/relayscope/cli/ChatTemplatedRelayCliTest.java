package io.relayscope.cli;

import io.relayscope.engine.realshape.GoldenPrompt;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run} end to end on the onnx-community Qwen3-shaped pair, both models on their q4 variant, with a system
 * prompt and thinking off: the prompt ids in the trace are transformers.js' tokens of the python3-jinja2 golden
 * render of the same messages, the trace records the prompt spec, and the relay finishes.
 */
class ChatTemplatedRelayCliTest {
    @TempDir
    Path dir;

    @Test
    void q4PairRelaysTheGoldenTemplatedPrompt() throws Exception {
        GoldenPrompt golden = GoldenPrompt.of("qwen3/non-ascii/thinking-false");
        String folder = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY).toString();
        Path out = dir.resolve("q4-chat.json");
        Cli.Result r = Cli.run("run", "--slm", folder, "--slm-variant", "q4", "--llm", folder, "--llm-variant", "q4",
                "--system", golden.system(), "--no-thinking", "--policy", "confidence", "--threshold", "0.9",
                "--max-new-tokens", "12", "--no-color", "--out", out.toString(), golden.user());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("prompt chat template (tokenizer_config.json), system prompt, thinking off");
        Trace t = TraceCodec.read(out);
        int[] fed = t.tokens().stream().filter(x -> x.source() == Source.PROMPT).mapToInt(TokenRecord::id).toArray();
        assertThat(golden.ids()).as("special tokens are single ids").contains(151644, 151645);
        assertThat(fed).as("prompt ids = transformers.js' tokens of the python3-jinja2 render").containsExactly(golden.ids());
        assertThat(t.header().promptText()).isEqualTo(golden.text());
        assertThat(t.header().promptSpec().format()).isEqualTo("chat-template");
        assertThat(t.header().promptSpec().system()).isEqualTo(golden.system());
        assertThat(t.header().promptSpec().thinking()).isEqualTo("off");
        assertThat(t.header().models()).extracting(m -> m.name())
                .containsExactly("qwen3-onnx-community (q4)", "qwen3-onnx-community (q4)");
        assertThat(t.summary().error()).isNull();
        assertThat(t.summary().finishReason()).isIn(FinishReason.MAX_TOKENS, FinishReason.SLM_EOS, FinishReason.LLM_EOS);
        assertThat(t.tokens().stream().filter(x -> x.source() == Source.LLM).count()).isPositive();
        assertThat(r.out()).contains(Summaries.line(t.summary()));
    }
}
