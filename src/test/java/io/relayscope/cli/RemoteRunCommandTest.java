package io.relayscope.cli;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.serve.CompletionServer;
import io.relayscope.serve.ServeConfig;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --llm-url} / {@code --slm-url} against {@code serve} on loopback: the local run's tokens; faults as one line. */
class RemoteRunCommandTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        Cli.requireDemoModels();
    }

    private static String ids(Trace t) {
        StringBuilder b = new StringBuilder();
        for (TokenRecord r : t.tokens()) {
            b.append(r.id()).append(r.source().name().charAt(0)).append(' ');
        }
        return b.toString();
    }

    @Test
    void aRunWithTheLlmOrTheSlmOnAServerWritesTheLocalRunsTokens() throws Exception {
        String q = Cli.firstQuestion();
        Path local = dir.resolve("local.json");
        Cli.Result l = Cli.run("run", "--policy", "confidence", "--threshold", "0.9", "--out", local.toString(), q);
        assertThat(l.code()).as(l.err()).isZero();
        try (CausalLm llm = OnnxCausalLm.open(DemoModels.llm()); CausalLm slm = OnnxCausalLm.open(DemoModels.defaultSlm());
             CompletionServer llmServer = CompletionServer.start(llm, ServeConfig.loopback(0, "tiny-llm"));
             CompletionServer slmServer = CompletionServer.start(slm, ServeConfig.loopback(0, "relay-slm"))) {
            Path remoteLlm = dir.resolve("remote-llm.json");
            Cli.Result r = Cli.run("run", "--policy", "confidence", "--threshold", "0.9", "--llm-url",
                    llmServer.baseUri() + "/v1", "--llm-model", "tiny-llm", "--out", remoteLlm.toString(), q);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("LLM 'tiny-llm' on " + llmServer.baseUri() + "/v1/completions (relayscope serve): "
                    + "the server's tokenizer matches the local one");
            assertThat(ids(TraceCodec.read(remoteLlm))).isEqualTo(ids(TraceCodec.read(local)));
            assertThat(r.out()).as("a remote LLM's size is unknown: no made-up FLOPs of the LLM alone")
                    .contains("vs - for the LLM alone (unknown: its size is not known here)")
                    .doesNotContain("vs 0.00 FLOP");
            Path remoteSlm = dir.resolve("remote-slm.json");
            Cli.Result s = Cli.run("run", "--policy", "confidence", "--threshold", "0.9", "--slm-url",
                    slmServer.baseUri().toString(), "--out", remoteSlm.toString(), q);
            assertThat(s.code()).as(s.err()).isZero();
            assertThat(ids(TraceCodec.read(remoteSlm))).isEqualTo(ids(TraceCodec.read(local)));
            Path both = dir.resolve("both-remote.json");
            Cli.Result b = Cli.run("run", "--policy", "confidence", "--threshold", "0.9", "--slm-url",
                    slmServer.baseUri().toString(), "--slm-tokenizer", DemoModels.defaultSlm().toString(), "--llm-url",
                    llmServer.baseUri() + "/v1", "--out", both.toString(), q);
            assertThat(b.code()).as(b.err()).isZero();
            assertThat(b.err()).contains("SLM 'relay-slm' on " + slmServer.baseUri() + "/v1/completions")
                    .contains("tokenizer and chat template from its tokenizer folder " + DemoModels.defaultSlm())
                    .contains("LLM 'tiny-llm'").doesNotContain("text bridge");
            assertThat(ids(TraceCodec.read(both))).isEqualTo(ids(TraceCodec.read(local)));
            Cli.Result none = Cli.run("run", "--slm-url", slmServer.baseUri().toString(), "--llm-url",
                    llmServer.baseUri().toString(), q);
            assertThat(none.code()).isEqualTo(Main.USER_ERROR);
            assertThat(none.err().strip()).startsWith("relayscope: both models are remote and neither has a tokenizer folder")
                    .doesNotContain("\n");
        }
    }

    @Test
    void aPairWithDifferentTokenizersRunsThroughTheTextBridgeAndSaysSo() throws Exception {
        Path llama = RealShapeFixtures.folder(RealShapeFixtures.LLAMA3_OPTIMUM);
        Path out = dir.resolve("bridge.json");
        Cli.Result r = Cli.run("run", "--llm", llama.toString(), "--max-new-tokens", "40", "--out", out.toString(),
                "Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("text bridge: the SLM's tokenizer (260 tokens) and the LLM's (128256) differ")
                .contains("slm prompt plain template, llm prompt chat template (tokenizer_config.json)");
        Trace t = TraceCodec.read(out);
        assertThat(t.header().textBridge()).isPresent();
        assertThat(t.calls()).isNotEmpty();
        // each model's own prompt as fed, in the header and in the trace
        String llmPrompt = t.header().textBridge().get().llmPromptText();
        assertThat(r.err()).contains("relayscope: slm " + t.header().models().get(0).name() + " reads ("
                + t.summary().promptTokens() + " tokens of its own): " + RunHeader.escaped(t.header().promptText()));
        assertThat(r.err()).contains("relayscope: llm " + t.header().models().get(1).name() + " reads ("
                + t.header().textBridge().get().llmPromptTokens() + " tokens of its own): " + RunHeader.escaped(llmPrompt));
        assertThat(RunHeader.escaped(llmPrompt)).contains("<|start_header_id|>assistant<|end_header_id|>\\n\\n\"")
                .doesNotContain("\n");
        Cli.Result misplaced = Cli.run("run", "--llm-tokenizer", llama.toString(), "2 + 3?");
        assertThat(misplaced.code()).isEqualTo(Main.USER_ERROR);
        assertThat(misplaced.err()).contains("--llm-tokenizer goes with --llm-url");
    }

    @Test
    void anUnreachableServerOrTwoWaysOfNamingAModelAreOneLineErrors() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result refused = Cli.run("run", "--llm-url", "http://127.0.0.1:" + port + "/v1", "2 + 3?");
        assertThat(refused.code()).isEqualTo(Main.USER_ERROR);
        assertThat(refused.err().strip()).isEqualTo("relayscope: http://127.0.0.1:" + port
                + "/v1/models: connection refused; is the server running there? (after 4 tries)");
        Cli.Result both = Cli.run("run", "--llm", "assets/models/tiny-llm", "--llm-url", "http://127.0.0.1:1", "2 + 3?");
        assertThat(both.code()).isEqualTo(Main.USER_ERROR);
        assertThat(both.err()).contains("--llm and --llm-url both name the model");
        Cli.Result key = Cli.run("run", "--llm-url", "http://127.0.0.1:1", "--llm-api-key-env", "RELAYSCOPE_NO_SUCH_VAR", "2?");
        assertThat(key.err()).contains("environment variable RELAYSCOPE_NO_SUCH_VAR is not set");
    }
}
