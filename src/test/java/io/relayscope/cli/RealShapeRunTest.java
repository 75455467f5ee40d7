package io.relayscope.cli;

import io.relayscope.engine.ModelPair;
import io.relayscope.engine.Policies;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayListener;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Limits;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Qwen3-shaped pair (151,936-entry vocabulary, the real Qwen3 tokenizer, random weights) in the onnx-community
 * layout: the q4 SLM variant against the fp32 LLM, from the command line (trace written and read back) and under
 * every policy through the engine.
 */
class RealShapeRunTest {
    @TempDir
    Path dir;

    @Test
    void theCliRunsAnOnnxCommunityPairWithItsQ4VariantAndWritesAValidTrace() throws Exception {
        Path folder = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY);
        Path out = dir.resolve("q4.json");
        Cli.Result r = Cli.run("run", "--slm", folder.toString(), "--slm-variant", "q4", "--llm", folder.toString(),
                "--policy", "confidence", "--threshold", "0.9", "--max-new-tokens", "16", "--ignore-eos", "--no-color",
                "--out", out.toString(), "Hello world, how are you?");
        assertThat(r.code()).as(r.err()).isZero();
        Trace t = TraceCodec.read(out);
        assertThat(t.header().models()).extracting(m -> m.name())
                .containsExactly("qwen3-onnx-community (q4)", "qwen3-onnx-community (fp32)");
        assertThat(t.header().models().get(0).sha256()).isNotEqualTo(t.header().models().get(1).sha256());
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(t.summary().responseTokens()).isEqualTo(16);
        assertThat(t.summary().llmTokens()).as("random weights are never confident: the LLM writes").isPositive();
        assertThat(r.out()).contains(Summaries.line(t.summary()));

        Cli.Result bad = Cli.run("run", "--slm", RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM).toString(), "--slm-variant", "q4", "--llm", folder.toString(), "x");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).contains("no q4 variant here").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void everyPolicyRunsFromTheCliOnTheQ4PairWithItsChatTemplate() throws Exception {
        Path folder = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY);
        for (String policy : Policies.NAMES) {
            Path out = dir.resolve(policy + ".json");
            List<String> args = new java.util.ArrayList<>(List.of("run", "--slm", folder.toString(), "--slm-variant", "q4",
                    "--llm", folder.toString(), "--llm-variant", "q4", "--policy", policy, "--max-new-tokens", "6",
                    "--ignore-eos", "--no-color", "--out", out.toString()));
            if (policy.startsWith("random")) {
                args.addAll(List.of("--p", "0.5"));
            }
            args.add("Hello world, how are you?");
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(policy + ": " + r.err()).isZero();
            Trace t = TraceCodec.read(out);
            assertThat(t.header().policy().name()).isEqualTo(policy);
            assertThat(t.header().promptSpec().format()).as(policy).isEqualTo("chat-template");
            assertThat(t.header().promptText()).as(policy).startsWith("<|im_start|>user\nHello world, how are you?<|im_end|>");
            assertThat(t.summary().error()).as(policy).isNull();
            assertThat(t.summary().responseTokens()).as(policy).isEqualTo(6);
        }
    }

    @Test
    void everyPolicyRunsOnTheQ4AndFp32Variants() {
        Path folder = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY);
        try (ModelPair pair = ModelPair.open(folder, Optional.of("q4"), folder, Optional.empty())) {
            RelayEngine engine = new RelayEngine(pair);
            for (String policy : Policies.NAMES) {
                Trace t = engine.run(new RelayRequest("Hello world, how are you?", Policies.spec(policy, Map.of()),
                        new SamplingSpec(0.7, 20, 0.8), SamplingSpec.GREEDY, 7, new Limits(10, 3, true)),
                        RelayListener.NONE, new RunControl());
                assertThat(t.summary().finishReason()).as(policy).isEqualTo(FinishReason.MAX_TOKENS);
                assertThat(t.summary().error()).as(policy).isNull();
                assertThat(t.summary().responseTokens()).as(policy).isEqualTo(10);
                assertThat(TraceCodec.readString(TraceCodec.writeString(t)).summary()).isEqualTo(t.summary());
                long llm = t.tokens().stream().filter(x -> x.source() == Source.LLM).count();
                if (policy.equals(Policies.SLM_ONLY)) {
                    assertThat(llm).isZero();
                } else if (policy.equals(Policies.LLM_ONLY)) {
                    assertThat(llm).isEqualTo(10);
                }
            }
        }
    }
}
