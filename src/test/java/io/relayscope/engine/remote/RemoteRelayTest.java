package io.relayscope.engine.remote;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.ModelSource;
import io.relayscope.engine.UserFacingException;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayListener;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RemoteCausalLm;
import io.relayscope.engine.RunControl;
import io.relayscope.serve.CompletionServer;
import io.relayscope.serve.ServeConfig;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A relay with the LLM, and separately the SLM, behind {@code relayscope serve} on loopback: greedy decoding gives
 * the local run's trace token for token; the server prefills exactly the tokens it had not seen; a failing server
 * ends the run with a valid ERROR trace naming the endpoint; Stop ends it within a second mid-request.
 */
class RemoteRelayTest {
    private static final String QUESTION = "Eva has 10 shells, loses 5, gets 35, finds 22 and loses 2. How many?";
    private static CausalLm slm;
    private static CausalLm llm;
    private static CompletionServer llmServer;
    private static CompletionServer slmServer;

    @BeforeAll
    static void start() {
        Path slmDir = DemoModels.defaultSlm();
        Path llmDir = DemoModels.llm();
        if (!Files.isRegularFile(slmDir.resolve("model.onnx")) || !Files.isRegularFile(llmDir.resolve("model.onnx"))) {
            throw new AssertionError("demo models missing under " + slmDir.getParent().toAbsolutePath());
        }
        slm = OnnxCausalLm.open(slmDir);
        llm = OnnxCausalLm.open(llmDir);
        llmServer = CompletionServer.start(llm, ServeConfig.loopback(0, "tiny-llm"));
        slmServer = CompletionServer.start(slm, ServeConfig.loopback(0, slm.name()));
    }

    @AfterAll
    static void stop() {
        llmServer.close();
        slmServer.close();
        slm.close();
        llm.close();
    }

    private static RemoteEndpoint endpoint(URI base, String model) {
        return RemoteEndpoint.of(base.toString(), model, RemoteApi.AUTO, Optional.empty(), false)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), 2, Duration.ofMillis(20));
    }

    private static RelayRequest request(String policy, Map<String, Double> params) {
        return new RelayRequest(QUESTION, new PolicySpec(policy, params), SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0,
                new Limits(200, 64));
    }

    /** Same tokens (id, text, source), scores within rounding, same calls; only latencies differ. */
    private static void assertSameRun(Trace remote, Trace local) {
        assertThat(remote.tokens()).hasSameSizeAs(local.tokens());
        for (int i = 0; i < local.tokens().size(); i++) {
            TokenRecord r = remote.tokens().get(i);
            TokenRecord l = local.tokens().get(i);
            assertThat(r.id()).as("token %d", i).isEqualTo(l.id());
            assertThat(r.source()).as("token %d", i).isEqualTo(l.source());
            assertThat(r.text()).isEqualTo(l.text());
            if (l.source() != Source.PROMPT) {
                assertThat(r.logprob()).as("token %d", i).isCloseTo(l.logprob(), within(1e-9));
                assertThat(r.entropy()).as("token %d", i).isCloseTo(l.entropy(), within(1e-9));
                assertThat(r.alternatives()).hasSameSizeAs(l.alternatives());
                for (int a = 0; a < l.alternatives().size(); a++) {
                    assertThat(r.alternatives().get(a).id()).isEqualTo(l.alternatives().get(a).id());
                    assertThat(r.alternatives().get(a).probability())
                            .isCloseTo(l.alternatives().get(a).probability(), within(1e-9));
                }
            }
        }
        SameCalls.assertSameCalls(remote, local);
    }

    @Test
    void aRemoteLlmGivesTheLocalTraceAndIsPrefilledOnlyWithUnseenTokens(@TempDir Path tmp) throws Exception {
        RelayRequest request = request("confidence", Map.of("threshold", 0.9, "callTokens", 3.0));
        Trace local = new RelayEngine(ModelPair.of(slm, llm)).run(request);
        assertThat(local.calls()).isNotEmpty();
        RemoteCausalLm remoteLlm = RemoteCausalLm.connect(endpoint(llmServer.baseUri(), "tiny-llm"), slm, "LLM");
        assertThat(remoteLlm.tokenizerCheck().matches()).isTrue();
        long prefilledBefore = llmServer.stats().prefilledTokens();
        Trace remote = new RelayEngine(ModelPair.of(slm, remoteLlm)).run(request);
        assertSameRun(remote, local);
        long unseen = local.calls().stream().mapToLong(CallRecord::llmCatchUp).sum();
        assertThat(llmServer.stats().prefilledTokens() - prefilledBefore).isEqualTo(unseen);
        assertThat(remote.header().models().get(1).path()).isEqualTo(llmServer.baseUri() + "/v1/completions");
        assertThat(remote.summary().llmCost().forwardCalls()).isEqualTo(local.calls().size());
        Path file = tmp.resolve("remote.json");
        TraceCodec.write(remote, file);
        assertThat(TraceCodec.read(file).tokens()).isEqualTo(remote.tokens());
        // serve reports the reused prompt tokens; a local model reports none
        assertThat(remote.summary().llmCost().cachedTokens()).isPositive();
        assertThat(local.summary().llmCost().cachedTokens()).isEqualTo(-1);
        assertThat(TraceCodec.read(file).summary().llmCost().cachedTokens()).isEqualTo(remote.summary().llmCost().cachedTokens());
    }

    @Test
    void aRemoteSlmRunsTheReferenceLoopWithTheLocalTrace() {
        for (RelayRequest request : new RelayRequest[] {request("model-command", Map.of()),
                request("confidence", Map.of("threshold", 0.9, "callTokens", 3.0))}) {
            Trace local = new RelayEngine(ModelPair.of(slm, llm)).run(request);
            RemoteCausalLm remoteSlm = RemoteCausalLm.connect(endpoint(slmServer.baseUri(), slm.name()), llm, "SLM");
            Trace remote = new RelayEngine(ModelPair.of(remoteSlm, llm)).run(request);
            assertSameRun(remote, local);
        }
    }

    @Test
    void bothModelsOnServersGiveTheLocalTraceWithTheSlmsTokenizerFolderStandingForTheVocabulary() {
        for (RelayRequest request : new RelayRequest[] {request("model-command", Map.of()),
                request("confidence", Map.of("threshold", 0.9, "callTokens", 3.0))}) {
            Trace local = new RelayEngine(ModelPair.of(slm, llm)).run(request);
            long llmPrefilled = llmServer.stats().prefilledTokens();
            try (ModelPair remote = ModelPair.open(
                    new ModelSource.Remote(endpoint(slmServer.baseUri(), slm.name()), Optional.of(slm.folder())),
                    new ModelSource.Remote(endpoint(llmServer.baseUri(), "tiny-llm"), Optional.empty()))) {
                assertThat(remote.slm()).isInstanceOf(RemoteCausalLm.class);
                assertThat(remote.llm()).isInstanceOf(RemoteCausalLm.class);
                assertThat(remote.textBridge()).isFalse();
                assertThat(((RemoteCausalLm) remote.llm()).tokenizerCheck().matches()).isTrue();
                assertThat(remote.slm().promptTemplate()).isEqualTo(slm.promptTemplate());
                Trace t = new RelayEngine(remote).run(request);
                assertSameRun(t, local);
                assertThat(t.header().models().get(0).path()).isEqualTo(slmServer.baseUri() + "/v1/completions");
                assertThat(llmServer.stats().prefilledTokens() - llmPrefilled)
                        .isEqualTo(local.calls().stream().mapToLong(CallRecord::llmCatchUp).sum());
            }
        }
        assertThatThrownBy(() -> ModelPair.open(new ModelSource.Remote(endpoint(slmServer.baseUri(), slm.name())),
                new ModelSource.Remote(endpoint(llmServer.baseUri(), "tiny-llm"))))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("--slm-tokenizer DIR")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aPairWithTwoTokenizersOnTwoServersRelaysThroughTheTextBridgeAsLocally() {
        Path llamaDir = RealShapeFixtures.folder(RealShapeFixtures.LLAMA3_OPTIMUM);
        RelayRequest request = new RelayRequest("Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?",
                new PolicySpec("model-command", Map.of()), SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(60, 3, true));
        try (CausalLm llama = OnnxCausalLm.open(llamaDir);
             CompletionServer llamaServer = CompletionServer.start(llama, ServeConfig.loopback(0, "llama3-shape"))) {
            ModelPair localPair = ModelPair.matched(slm, llama);
            assertThat(localPair.textBridge()).isTrue();
            Trace local = new RelayEngine(localPair).run(request);
            assertThat(local.calls()).isNotEmpty();
            long prefilled = llamaServer.stats().prefilledTokens();
            try (ModelPair remote = ModelPair.open(
                    new ModelSource.Remote(endpoint(slmServer.baseUri(), slm.name()), Optional.of(slm.folder())),
                    new ModelSource.Remote(endpoint(llamaServer.baseUri(), "llama3-shape"), Optional.of(llamaDir)))) {
                assertThat(remote.textBridge()).isTrue();
                assertThat(remote.llm().chatTemplate()).as("the LLM's template from its tokenizer folder").isPresent();
                assertThat(remote.llm().generationDefaults().sampling())
                        .isEqualTo(llama.generationDefaults().sampling());
                Trace t = new RelayEngine(remote).run(request);
                assertSameRun(t, local);
                assertThat(t.header().textBridge()).isEqualTo(local.header().textBridge());
                assertThat(llamaServer.stats().prefilledTokens() - prefilled)
                        .as("the LLM's server prefilled only what the LLM had not seen, in its own tokens")
                        .isEqualTo(local.calls().stream().mapToLong(CallRecord::llmCatchUp).sum());
            }
        }
    }

    @Test
    void aServerThatKeepsFailingEndsTheRunWithAValidErrorTrace(@TempDir Path tmp) throws Exception {
        RelayRequest request = request("confidence", Map.of("threshold", 0.9, "callTokens", 3.0));
        try (FaultProxy proxy = new FaultProxy(llmServer.baseUri())) {
            RemoteCausalLm remoteLlm = RemoteCausalLm.connect(endpoint(proxy.uri(), "tiny-llm"), slm, "LLM");
            proxy.then(new FaultProxy.Truncate(1), new FaultProxy.Status(503, null), new FaultProxy.Status(503, null));
            Trace trace = new RelayEngine(ModelPair.of(slm, remoteLlm)).run(request);
            assertThat(trace.summary().finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(trace.summary().error()).contains(proxy.uri() + "/completions: HTTP 503")
                    .contains("(after 3 tries)").doesNotContain("\n");
            assertThat(trace.tokens().stream().filter(t -> t.source() == Source.LLM).count()).isEqualTo(1);
            assertThat(trace.calls()).hasSize(1);
            Path file = tmp.resolve("error.json");
            TraceCodec.write(trace, file);
            assertThat(TraceCodec.read(file).summary().finishReason()).isEqualTo(FinishReason.ERROR);
        }
    }

    @Test
    void stopEndsARunWithinASecondWhileTheServerIsSilent() throws Exception {
        RelayRequest request = request("confidence", Map.of("threshold", 0.9, "callTokens", 3.0));
        try (FaultProxy proxy = new FaultProxy(llmServer.baseUri())) {
            RemoteEndpoint slow = RemoteEndpoint.of(proxy.uri().toString(), "tiny-llm", RemoteApi.AUTO, Optional.empty(),
                    false).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60), 2, Duration.ofMillis(20));
            RemoteCausalLm remoteLlm = RemoteCausalLm.connect(slow, slm, "LLM");
            proxy.then(new FaultProxy.Stall(1));
            RunControl control = new RunControl();
            long[] cancelledAt = new long[1];
            RelayListener listener = new RelayListener() {
                @Override
                public void onToken(TokenRecord token) {
                    if (token.source() == Source.LLM && cancelledAt[0] == 0) {
                        Thread t = new Thread(() -> {
                            try {
                                Thread.sleep(200);
                            } catch (InterruptedException ignored) {
                                return;
                            }
                            cancelledAt[0] = System.nanoTime();
                            control.cancel();
                        });
                        cancelledAt[0] = -1;
                        t.start();
                    }
                }
            };
            Trace trace = new RelayEngine(ModelPair.of(slm, remoteLlm)).run(request, listener, control);
            long took = System.nanoTime() - cancelledAt[0];
            assertThat(trace.summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(1));
            assertThat(trace.tokens().stream().filter(t -> t.source() == Source.LLM).count()).isEqualTo(1);
        }
    }
}
