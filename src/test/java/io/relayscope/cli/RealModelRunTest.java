package io.relayscope.cli;

import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run} on the Qwen3-shaped fixture: its chat template and generation_config.json defaults apply, flags override. */
class RealModelRunTest {
    @TempDir
    Path dir;

    @Test
    void qwen3PairRunsThroughItsChatTemplateWithItsOwnSamplingDefaults() throws Exception {
        String qwen = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM).toString();
        Path out = dir.resolve("q.json");
        Cli.Result r = Cli.run("run", "--slm", qwen, "--llm", qwen, "--policy", "slm-only", "--max-new-tokens", "3",
                "--system", "Be brief.", "--no-thinking", "--out", out.toString(), "What is 2 + 2?");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("prompt chat template (tokenizer_config.json), system prompt, thinking off")
                .contains("slm qwen3-optimum: temperature 0.6, top-k 20, top-p 0.95 (model default)");
        Trace t = TraceCodec.read(out);
        assertThat(t.header().promptText()).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n"
                + "What is 2 + 2?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
        assertThat(t.header().slmSampling()).isEqualTo(new SamplingSpec(0.6, 20, 0.95));
        assertThat(t.summary().promptTokens()).as("special tokens are single ids").isLessThan(30);

        Cli.Result greedy = Cli.run("run", "--slm", qwen, "--llm", qwen, "--policy", "slm-only", "--max-new-tokens", "2",
                "--temperature", "0", "--raw", "--out", out.toString(), "What is 2 + 2?");
        assertThat(greedy.code()).as(greedy.err()).isZero();
        assertThat(greedy.err()).contains("prompt raw (no template)")
                .contains("greedy (flags; model default temperature 0.6, top-k 20, top-p 0.95)");
        assertThat(TraceCodec.read(out).header().promptText()).isEqualTo("What is 2 + 2?");
    }
}
