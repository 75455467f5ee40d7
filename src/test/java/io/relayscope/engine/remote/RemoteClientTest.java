package io.relayscope.engine.remote;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.Distribution;
import io.relayscope.engine.KvSequence;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.TextTokenizer;
import io.relayscope.serve.CompletionServer;
import io.relayscope.serve.ServeConfig;
import io.relayscope.trace.SamplingSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The remote model client against {@code relayscope serve} on loopback, directly and through a fault-injecting proxy. */
class RemoteClientTest {
    static final Path LLM = Path.of("assets/models/tiny-llm");
    private static final String PROMPT = "Q: Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?\nA:";
    private static CausalLm model;
    private static CompletionServer server;

    @BeforeAll
    static void start() {
        if (!Files.isRegularFile(LLM.resolve("model.onnx"))) {
            throw new AssertionError("demo model missing: " + LLM.toAbsolutePath());
        }
        model = OnnxCausalLm.open(LLM);
        server = CompletionServer.start(model, ServeConfig.loopback(0, "tiny-llm"));
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
    }

    private static RemoteEndpoint endpoint(URI uri) {
        return RemoteEndpoint.of(uri.toString(), "tiny-llm", RemoteApi.AUTO, Optional.empty(), false)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1500), 3, Duration.ofMillis(20));
    }

    private static RemoteRequest greedy(int[] prompt, int n) {
        return new RemoteRequest(prompt, null, n, SamplingSpec.GREEDY, 0, List.of(), false, new int[0], true, 5);
    }

    private static int[] localGreedy(int[] prompt, int n, List<Double> logprobs) {
        int[] out = new int[n];
        try (KvSequence seq = model.newSequence()) {
            float[] logits = seq.append(prompt);
            for (int i = 0; i < n; i++) {
                logits[model.eosIds()[0]] = Float.NEGATIVE_INFINITY;
                Distribution d = Distribution.of(logits);
                out[i] = d.argmax();
                logprobs.add(d.logprob(out[i]));
                logits = seq.append(new int[] {out[i]});
            }
        }
        return out;
    }

    private static int[] ids(List<RemoteToken> tokens) {
        return tokens.stream().mapToInt(RemoteToken::id).toArray();
    }

    @Test
    void connectFindsRelayscopeServeAndItsTokenizerMatches(@TempDir Path tmp) throws Exception {
        RemoteClient c = RemoteClient.connect(RemoteEndpoint.of(server.baseUri() + "/v1/", "", RemoteApi.AUTO,
                Optional.empty(), false), () -> false);
        assertThat(c.model()).isEqualTo("tiny-llm");
        assertThat(c.kind()).isEqualTo(ServerKind.RELAYSCOPE);
        assertThat(c.api()).isEqualTo(RemoteApi.OPENAI);
        TokenizerCheck same = c.checkTokenizer(model.tokenizer(), () -> false);
        assertThat(same.matches()).isTrue();
        assertThat(same.message()).contains("matches");
        Path qwen = tmp.resolve("tokenizer.json");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("src/test/resources/tokenizers/qwen3-tokenizer.json.gz")))) {
            Files.copy(in, qwen);
        }
        try (TextTokenizer other = TextTokenizer.load(qwen)) {
            TokenizerCheck differs = c.checkTokenizer(other, () -> false);
            assertThat(differs.status()).isEqualTo(TokenizerCheck.Status.MISMATCH);
            assertThat(differs.message()).contains("differs").contains("cannot be exchanged");
        }
        assertThatThrownBy(() -> RemoteClient.connect(endpoint(server.baseUri()).withModel("qwen3-8b"), () -> false))
                .isInstanceOf(RemoteException.class).hasMessageContaining("/v1/models")
                .hasMessageContaining("does not serve 'qwen3-8b'").hasMessageContaining("tiny-llm");
    }

    @Test
    void aGreedyRemoteCompletionIsTheLocalModelsTokensWithLogprobsAndIds() {
        int[] prompt = model.tokenizer().encode(PROMPT);
        List<Double> logprobs = new ArrayList<>();
        int[] expected = localGreedy(prompt, 15, logprobs);
        RemoteClient c = RemoteClient.connect(endpoint(server.baseUri()), () -> false);
        List<RemoteToken> streamed = new ArrayList<>();
        RemoteResult r = c.complete(greedy(prompt, 15), streamed::add, () -> false);
        assertThat(ids(r.tokens())).containsExactly(expected);
        assertThat(r.tokens()).isEqualTo(streamed);
        assertThat(r.finish()).isEqualTo(RemoteResult.Finish.LENGTH);
        for (int i = 0; i < expected.length; i++) {
            RemoteToken t = r.tokens().get(i);
            assertThat(t.logprob()).isCloseTo(logprobs.get(i), within(1e-12));
            assertThat(t.entropy()).isFinite();
            assertThat(t.top()).hasSize(5);
            assertThat(t.top().get(0).id()).isEqualTo(expected[i]);
        }
        assertThat(r.promptTokens()).isEqualTo(prompt.length);
    }

    @Test
    void fiveHundredsAndA429AreRetriedHonouringRetryAfter() throws Exception {
        int[] prompt = model.tokenizer().encode(PROMPT);
        int[] expected = localGreedy(prompt, 8, new ArrayList<>());
        try (FaultProxy proxy = new FaultProxy(server.baseUri())) {
            RemoteClient c = RemoteClient.connect(endpoint(proxy.uri()), () -> false);
            proxy.then(new FaultProxy.Status(503, null), new FaultProxy.Status(500, null), new FaultProxy.Status(429, "1"));
            long t0 = System.nanoTime();
            RemoteResult r = c.complete(greedy(prompt, 8), t -> true, () -> false);
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(950).toNanos());
            assertThat(r.attempts()).isEqualTo(4);
            assertThat(ids(r.tokens())).containsExactly(expected);
        }
    }

    @Test
    void aBrokenOffOrStalledStreamResumesAfterTheTokensThatCame() throws Exception {
        int[] prompt = model.tokenizer().encode(PROMPT);
        int[] expected = localGreedy(prompt, 10, new ArrayList<>());
        try (FaultProxy proxy = new FaultProxy(server.baseUri())) {
            RemoteClient c = RemoteClient.connect(endpoint(proxy.uri()), () -> false);
            proxy.then(new FaultProxy.Truncate(3), new FaultProxy.Stall(2));
            RemoteResult r = c.complete(greedy(prompt, 10), t -> true, () -> false);
            assertThat(ids(r.tokens())).containsExactly(expected);
            assertThat(r.attempts()).isEqualTo(3);
            // the third request asks only for what is missing, over the prompt and the five tokens that came
            String third = proxy.completionBodies.get(2);
            assertThat(third).contains("\"max_tokens\":5");
            int[] resumed = Arrays.copyOf(prompt, prompt.length + 5);
            System.arraycopy(expected, 0, resumed, prompt.length, 5);
            assertThat(third).contains("\"prompt\":" + Arrays.toString(resumed).replace(" ", ""));
        }
    }

    @Test
    void persistentFaultsEndInOneLineNamingTheEndpoint() throws Exception {
        int[] prompt = model.tokenizer().encode(PROMPT);
        try (FaultProxy proxy = new FaultProxy(server.baseUri())) {
            RemoteClient c = RemoteClient.connect(endpoint(proxy.uri()), () -> false);
            proxy.then(new FaultProxy.Malformed(), new FaultProxy.Malformed(), new FaultProxy.Malformed(),
                    new FaultProxy.Malformed());
            assertThatThrownBy(() -> c.complete(greedy(prompt, 4), t -> true, () -> false))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageStartingWith(proxy.uri() + "/completions: malformed JSON in the stream")
                    .hasMessageEndingWith("(after 4 tries)").hasMessageNotContaining("\n");
            proxy.then(new FaultProxy.Rename("another-model"));
            assertThatThrownBy(() -> c.complete(greedy(prompt, 4), t -> true, () -> false))
                    .isInstanceOf(RemoteException.class).hasMessageContaining("'another-model', not 'tiny-llm'");
            proxy.then(new FaultProxy.Status(400, null));
            assertThatThrownBy(() -> c.complete(greedy(prompt, 4), t -> true, () -> false))
                    .hasMessageContaining("HTTP 400: injected 400").hasMessageNotContaining("tries");
        }
    }

    @Test
    void refusedConnectionsAndUnknownHostsSayWhat() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/v1");
        assertThatThrownBy(() -> RemoteClient.connect(endpoint(closed), () -> false))
                .isInstanceOf(RemoteException.class)
                .hasMessage("http://127.0.0.1:" + port + "/v1/models: connection refused; is the server running there? "
                        + "(after 4 tries)");
        assertThatThrownBy(() -> RemoteClient.connect(endpoint(URI.create("http://relayscope-test.invalid:8000")), () -> false))
                .isInstanceOf(RemoteException.class).hasMessageContaining("relayscope-test.invalid")
                .hasMessageContaining("unknown host");
    }

    @Test
    void stopCancelsWithinASecondWhileTheServerIsSilent() throws Exception {
        int[] prompt = model.tokenizer().encode(PROMPT);
        try (FaultProxy proxy = new FaultProxy(server.baseUri())) {
            RemoteEndpoint slow = endpoint(proxy.uri()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), 3,
                    Duration.ofMillis(20));
            RemoteClient c = RemoteClient.connect(slow, () -> false);
            proxy.then(new FaultProxy.Stall(1));
            AtomicBoolean stop = new AtomicBoolean();
            List<RemoteToken> got = new ArrayList<>();
            long[] stoppedAt = new long[1];
            Thread stopper = new Thread(() -> {
                while (got.isEmpty()) {
                    Thread.onSpinWait();
                }
                stoppedAt[0] = System.nanoTime();
                stop.set(true);
            });
            stopper.start();
            assertThatThrownBy(() -> c.complete(greedy(prompt, 20), t -> got.add(t), stop::get))
                    .isInstanceOf(RemoteCancelled.class);
            long took = System.nanoTime() - stoppedAt[0];
            assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(1));
            assertThat(got).hasSize(1);
        }
    }

    @Test
    void theApiKeyGoesInTheHeaderAndNeverIntoMessages() throws Exception {
        String key = "sk-relayscope-test-4711";
        try (CompletionServer keyed = CompletionServer.start(model, ServeConfig.loopback(0, "tiny-llm")
                .withApiKey(ApiKey.of(key).orElseThrow()))) {
            RemoteEndpoint right = RemoteEndpoint.of(keyed.baseUri().toString(), "tiny-llm", RemoteApi.AUTO,
                    ApiKey.of(key), false);
            assertThat(RemoteClient.connect(right, () -> false).kind()).isEqualTo(ServerKind.RELAYSCOPE);
            assertThat(right.toString()).doesNotContain(key);
            assertThat(ApiKey.of(key).orElseThrow().toString()).doesNotContain(key);
            RemoteEndpoint wrong = RemoteEndpoint.of(keyed.baseUri().toString(), "tiny-llm", RemoteApi.AUTO,
                    ApiKey.of(key + "-wrong"), false);
            assertThatThrownBy(() -> RemoteClient.connect(wrong, () -> false)).isInstanceOf(RemoteException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("check the API key")
                    .hasMessageNotContaining(key);
        }
    }
}
