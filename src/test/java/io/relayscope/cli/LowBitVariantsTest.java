package io.relayscope.cli;

import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.UserFacingException;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The low-bit variants of an onnx-community folder (random weights, Qwen3 shape): bnb4 (MatMulBnb4, NF4) runs as the
 * SLM of a relay (its logits against numpy are checked with every variant in ModelLayoutsTest); q2 and q1 (2- and
 * 1-bit MatMulNBits, which ONNX Runtime 1.23's CPU kernel refuses) are a one-line error at load naming the variant,
 * the runtime and the variants to pick instead.
 */
class LowBitVariantsTest {
    @TempDir
    Path dir;

    @Test
    void bnb4RunsAsTheSlmOfARelay() throws Exception {
        String folder = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY).toString();
        Path out = dir.resolve("bnb4.json");
        Cli.Result r = Cli.run("run", "--slm", folder, "--slm-variant", "bnb4", "--llm", folder, "--policy", "random-token",
                "--p", "0.5", "--max-new-tokens", "6", "--ignore-eos", "--no-color", "--out", out.toString(), "Hello");
        assertThat(r.code()).as(r.err()).isZero();
        Trace t = TraceCodec.read(out);
        assertThat(t.header().models().get(0).name()).isEqualTo("qwen3-onnx-community (bnb4)");
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(t.summary().responseTokens()).isEqualTo(6);
    }

    @Test
    void q2AndQ1AreRefusedAtLoadInOneLineNamingTheVariantAndTheFix() {
        String folder = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY).toString();
        for (String variant : new String[] {"q2", "q1"}) {
            String bits = variant.equals("q2") ? "2-bit" : "1-bit";
            Cli.Result r = Cli.run("run", "--slm", folder, "--llm", folder, "--llm-variant", variant, "--max-new-tokens", "2", "Hi");
            assertThat(r.code()).as(variant).isEqualTo(1);
            String err = r.err().strip();
            assertThat(err).as(variant).doesNotContain("\n").doesNotContain("Exception").doesNotContain("onnxruntime_src")
                    .contains("model_" + variant + ".onnx: the " + variant + " variant uses " + bits + " MatMulNBits weights")
                    .contains("ONNX Runtime 1.23.0").contains("runs 4- and 8-bit")
                    .contains("choose another variant").contains("this folder also holds fp32, fp16, ").contains("q4");
            assertThatThrownBy(() -> OnnxCausalLm.open(Path.of(folder), Optional.of(variant)).close())
                    .isInstanceOf(UserFacingException.class).hasMessageContaining("the " + variant + " variant uses " + bits);
        }
    }
}
