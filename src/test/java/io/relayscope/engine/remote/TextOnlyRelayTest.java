package io.relayscope.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.engine.CausalLm;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.ModelSource;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RemoteCausalLm;
import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.serve.CompletionServer;
import io.relayscope.serve.ServeConfig;
import io.relayscope.trace.CallRecord;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Servers that take only text prompts (Ollama's /v1, LM Studio; {@link TextOnlyServer} in front of a real
 * {@code relayscope serve}): the relay runs at text level, as the reference does, and greedy decoding gives the local
 * run token for token in text, with the shared vocabulary and through the text bridge, with the LLM or the SLM on the
 * server; logprobs and alternatives come from the server's text logprobs; the server's own token count is kept apart.
 */
class TextOnlyRelayTest {
    private static final String QUESTION = "Eva has 10 shells, loses 5, gets 35, finds 22 and loses 2. How many?";
    private static final String CALLING = "Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?";
    private static CausalLm slm;
    private static CausalLm llm;
    private static CompletionServer llmServe;
    private static CompletionServer slmServe;

    @BeforeAll
    static void start() {
        slm = OnnxCausalLm.open(DemoModels.defaultSlm());
        llm = OnnxCausalLm.open(DemoModels.llm());
        llmServe = CompletionServer.start(llm, ServeConfig.loopback(0, "tiny-llm"));
        slmServe = CompletionServer.start(slm, ServeConfig.loopback(0, "tiny-slm"));
    }

    @AfterAll
    static void stop() {
        llmServe.close();
        slmServe.close();
        slm.close();
        llm.close();
    }

    static RemoteEndpoint endpoint(URI base, String model, RemoteApi api) {
        return RemoteEndpoint.of(base.toString(), model, api, Optional.empty(), false)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(20), 1, Duration.ofMillis(20));
    }

    /** Up to maxNew tokens, 6 calls; end-of-sequence ends the answer (Ollama's /v1 cannot be told to ignore it). */
    private static RelayRequest request(String question, String policy, Map<String, Double> params, int maxNew) {
        return new RelayRequest(question, new PolicySpec(policy, params), SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0,
                new Limits(maxNew, 6, false));
    }

    /**
     * Same tokens in text (and, through one tokenizer, id) and source; the remote model's logprobs as the server's
     * text logprobs gave them (within rounding of JSON) and its alternatives the local top ones whose text is one
     * token (within float noise: the server's forwards split the context otherwise); same calls; same answer.
     */
    private static void assertSameInText(Trace remote, Trace local, Source remoteSide, boolean withLogprobs) {
        assertSameInText(remote, local, remoteSide, withLogprobs, false);
    }

    /**
     * unbanned: the local run banned an id (a router bans the SLM's {@code <call>}) that a text-only server cannot be
     * told about, so the server's probabilities are the local ones before that ban: never higher.
     */
    private static void assertSameInText(Trace remote, Trace local, Source remoteSide, boolean withLogprobs,
                                         boolean unbanned) {
        assertThat(remote.summary().error()).isNull();
        assertThat(written(remote)).isEqualTo(written(local));
        assertThat(remote.tokens()).hasSameSizeAs(local.tokens());
        for (int i = 0; i < local.tokens().size(); i++) {
            TokenRecord r = remote.tokens().get(i);
            TokenRecord l = local.tokens().get(i);
            assertThat(r.text()).as("token %d", i).isEqualTo(l.text());
            assertThat(r.bytes()).as("token %d", i).isEqualTo(l.bytes());
            assertThat(r.id()).as("token %d", i).isEqualTo(l.id());
            assertThat(r.source()).as("token %d", i).isEqualTo(l.source());
            boolean fromServer = l.source() == remoteSide || remoteSide == Source.SLM && l.source() == Source.COMMAND;
            if (l.source() == Source.PROMPT || !fromServer) {
                if (l.source() != Source.PROMPT) {
                    assertThat(r.logprob()).as("token %d", i).isCloseTo(l.logprob(), within(1e-4));
                }
                continue;
            }
            if (withLogprobs && unbanned && !Double.isNaN(r.logprob())) {
                // the server's p is the local one times (1 - p(<call>)): lower, by the banned mass, which the demo
                // relay SLM keeps well under a half where it does not call
                assertThat(r.logprob()).as("token %d", i).isLessThanOrEqualTo(l.logprob() + 1e-6)
                        .isGreaterThan(l.logprob() + Math.log(0.5));
            } else if (withLogprobs && !Double.isNaN(r.logprob())) {
                assertThat(r.logprob()).as("token %d's logprob from the server's text logprobs", i)
                        .isCloseTo(l.logprob(), within(1e-4)); // the server's forwards split the context otherwise
                assertThat(r.alternatives()).as("token %d", i).isNotEmpty()
                        .hasSizeLessThanOrEqualTo(l.alternatives().size()); // a banned id the server listed is left out
                for (int a = 0; a < r.alternatives().size(); a++) {
                    assertThat(r.alternatives().get(a).id()).isEqualTo(l.alternatives().get(a).id());
                    assertThat(r.alternatives().get(a).probability())
                            .isCloseTo(l.alternatives().get(a).probability(), within(1e-4));
                }
            } else if (!withLogprobs) {
                assertThat(r.logprob()).as("no logprobs offered").isNaN();
                assertThat(r.alternatives()).isEmpty();
            }
        }
        SameCalls.assertSameCalls(remote, local);
        assertThat(remote.summary().responseText()).isEqualTo(local.summary().responseText());
    }

    /** Each response token as source and text, one line each (a readable difference). */
    private static String written(Trace t) {
        StringBuilder b = new StringBuilder();
        t.tokens().stream().filter(x -> x.source() != Source.PROMPT)
                .forEach(x -> b.append(x.source()).append(' ').append(x.text().replace("\n", "\\n")).append('\n'));
        return b.toString();
    }

    private static long logprobTokens(Trace t, Source side) {
        return t.tokens().stream().filter(x -> x.source() == side && !Double.isNaN(x.logprob())).count();
    }

    @Test
    void anLlmOnAnOllamaLikeServerIsDetectedAsTextOnlyAndGivesTheLocalRun(@TempDir Path tmp) throws Exception {
        try (TextOnlyServer ollama = new TextOnlyServer(llmServe.baseUri(), "tiny-llm", true)) {
            RemoteCausalLm remote = RemoteCausalLm.connect(endpoint(ollama.uri(), "", RemoteApi.AUTO), slm, "LLM");
            assertThat(remote.client().kind()).isEqualTo(ServerKind.OLLAMA);
            assertThat(remote.textOnly()).isTrue();
            assertThat(remote.tokenizerCheck().message()).contains("prompts go as text")
                    .contains("re-encoding its text with the local tokenizer of " + slm.name());
            for (RelayRequest request : List.of(request(QUESTION, "confidence", Map.of("threshold", 0.9, "callTokens", 3.0), 120),
                    request(CALLING, "model-command", Map.of(), 120))) {
                Trace local = new RelayEngine(ModelPair.of(slm, llm)).run(request);
                assertThat(local.calls()).isNotEmpty();
                int before = ollama.requests.size();
                Trace t = new RelayEngine(ModelPair.of(slm, remote)).run(request);
                assertThat(t.summary().error()).isNull();
                assertSameInText(t, local, Source.LLM, true);
                assertThat(logprobTokens(t, Source.LLM)).isEqualTo(t.summary().llmTokens());
                // one text request per call, each the whole context as text (the prompt and the response so far,
                // every command as one space), max_tokens = min(n, budget)
                List<JsonNode> sent = ollama.requests.subList(before, ollama.requests.size());
                assertThat(sent).hasSize(local.calls().size());
                for (int c = 0; c < sent.size(); c++) {
                    JsonNode body = sent.get(c);
                    CallRecord call = local.calls().get(c);
                    assertThat(body.path("prompt").isTextual()).isTrue();
                    assertThat(body.path("prompt").asText()).isEqualTo(llmContextText(local, call.position()));
                    assertThat(body.path("max_tokens").asInt()).isEqualTo(call.requested());
                    assertThat(body.has("return_tokens_as_token_ids")).isFalse();
                    assertThat(body.has("top_k")).as("Ollama's /v1 takes no top_k").isFalse();
                }
                // counts: the server's own count of what it wrote, apart from the local tokenizer's
                assertThat(t.summary().llmCost().serverTokens()).isEqualTo(t.summary().llmTokens());
                assertThat(t.summary().slmCost().serverTokens()).isEqualTo(-1);
                Path file = tmp.resolve("text-llm.json");
                TraceCodec.write(t, file);
                Trace back = TraceCodec.read(file);
                assertThat(back.summary().llmCost().serverTokens()).isEqualTo(t.summary().llmTokens());
                assertThat(back.tokens()).isEqualTo(t.tokens());
            }
        }
    }

    /** The text the LLM reads before the call at {@code position}: prompt and response, each command one space. */
    private static String llmContextText(Trace t, int position) {
        StringBuilder prompt = new StringBuilder();
        StringBuilder response = new StringBuilder();
        Source previous = Source.PROMPT;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (TokenRecord r : t.tokens()) {
            if (r.index() >= position) {
                break;
            }
            if (r.source() == Source.COMMAND) {
                if (previous != Source.COMMAND) {
                    bytes.write(' ');
                }
            } else {
                bytes.writeBytes(r.bytes());
            }
            previous = r.source();
        }
        prompt.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        return prompt.append(response).toString();
    }

    @Test
    void anSlmOnATextOnlyServerRunsTheReferenceLoopAndGetsBackTheStopStringTheServerCutOff() throws Exception {
        try (TextOnlyServer ollama = new TextOnlyServer(slmServe.baseUri(), "tiny-slm", true)) {
            RemoteCausalLm remote = RemoteCausalLm.connect(endpoint(ollama.uri(), "", RemoteApi.AUTO), llm, "SLM");
            for (RelayRequest request : List.of(request(CALLING, "model-command", Map.of(), 120),
                    request(QUESTION, "confidence", Map.of("threshold", 0.9, "callTokens", 3.0), 60))) {
                Trace local = new RelayEngine(ModelPair.of(slm, llm)).run(request);
                assertThat(local.calls()).isNotEmpty();
                int before = ollama.requests.size();
                Trace t = new RelayEngine(ModelPair.of(remote, llm)).run(request);
                assertThat(t.summary().error()).isNull();
                assertSameInText(t, local, Source.SLM, true, !request.policy().name().equals("model-command"));
                List<JsonNode> sent = ollama.requests.subList(before, ollama.requests.size());
                if (request.policy().name().equals("model-command")) {
                    assertThat(sent).allSatisfy(b -> assertThat(b.path("stop").toString()).isEqualTo("[\"</call>\"]"));
                    assertThat(t.tokens().stream().filter(x -> x.source() == Source.COMMAND).map(TokenRecord::text)
                            .reduce("", String::concat)).contains("</call>");
                } else {
                    assertThat(sent).allSatisfy(b -> assertThat(b.path("max_tokens").asInt()).isEqualTo(1));
                }
            }
        }
    }

    @Test
    void withoutLogprobsAsLmStudioTheTokensAreTheSameAndCarryNoScores() throws Exception {
        try (TextOnlyServer lmStudio = new TextOnlyServer(llmServe.baseUri(), "tiny-llm", false)) {
            RemoteCausalLm remote = RemoteCausalLm.connect(endpoint(lmStudio.uri(), "", RemoteApi.AUTO), slm, "LLM");
            RelayRequest request = request(QUESTION, "confidence", Map.of("threshold", 0.9, "callTokens", 3.0), 120);
            Trace local = new RelayEngine(ModelPair.of(slm, llm)).run(request);
            Trace t = new RelayEngine(ModelPair.of(slm, remote)).run(request);
            assertSameInText(t, local, Source.LLM, false);
        }
    }

    @Test
    void textApiChosenByNameSendsTextToATokenIdServerToo() throws Exception {
        try (FaultProxy proxy = new FaultProxy(llmServe.baseUri())) {
            RemoteCausalLm remote = RemoteCausalLm.connect(endpoint(proxy.uri(), "tiny-llm", RemoteApi.TEXT), slm, "LLM");
            assertThat(remote.client().kind()).isEqualTo(ServerKind.RELAYSCOPE);
            assertThat(remote.textOnly()).isTrue();
            assertThat(remote.tokenizerCheck().message()).contains("matches the local one");
            RelayRequest request = request(QUESTION, "confidence", Map.of("threshold", 0.9, "callTokens", 3.0), 120);
            Trace local = new RelayEngine(ModelPair.of(slm, llm)).run(request);
            Trace t = new RelayEngine(ModelPair.of(slm, remote)).run(request);
            assertSameInText(t, local, Source.LLM, true);
            assertThat(proxy.completionBodies).isNotEmpty().allSatisfy(b -> assertThat(b).contains("\"prompt\":\"")
                    .doesNotContain("return_tokens_as_token_ids"));
        }
    }

    @Test
    void theTextOnlyServerRefusesTokenIdsWithOllamasError() throws Exception {
        try (TextOnlyServer ollama = new TextOnlyServer(llmServe.baseUri(), "tiny-llm", true)) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(ollama.uri() + "/completions"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"model\":\"tiny-llm\",\"prompt\":[81,58],\"max_tokens\":2}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains(TextOnlyServer.OLLAMA_ARRAY_ERROR);
            assertThat(ollama.requests).hasSize(1);
        }
    }

    @Test
    void bridgedPairsWithTheTextOnlyModelOnEitherSideGiveTheLocalTextBridgeRun() throws Exception {
        Path llamaDir = RealShapeFixtures.folder(RealShapeFixtures.LLAMA3_OPTIMUM);
        Path qwenDir = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM);
        try (CausalLm llama = OnnxCausalLm.open(llamaDir); CausalLm qwen = OnnxCausalLm.open(qwenDir);
             TextOnlyServer slmOllama = new TextOnlyServer(slmServe.baseUri(), "tiny-slm", true);
             TextOnlyServer llmOllama = new TextOnlyServer(llmServe.baseUri(), "tiny-llm", true)) {
            // the demo relay SLM on the text server, a Llama-3-shaped LLM here: the reference's own loop, bridged
            RelayRequest calling = request(CALLING, "model-command", Map.of(), 60);
            Trace local = new RelayEngine(ModelPair.matched(slm, llama)).run(calling);
            assertThat(local.header().textBridge()).isPresent();
            assertThat(local.calls()).isNotEmpty();
            try (ModelPair pair = ModelPair.open(new ModelSource.Remote(endpoint(slmOllama.uri(), "", RemoteApi.AUTO),
                    Optional.of(slm.folder())), new ModelSource.Folder(llamaDir))) {
                assertThat(pair.textBridge()).isTrue();
                Trace t = new RelayEngine(pair).run(calling);
                assertThat(t.summary().error()).isNull();
                assertSameInText(t, local, Source.SLM, true);
                assertThat(t.header().textBridge()).isEqualTo(local.header().textBridge());
            }
            // a Qwen3-shaped SLM here, the demo LLM on the text server with its tokenizer folder
            RelayRequest routed = request(QUESTION, "random-token", Map.of("p", 0.3, "callTokens", 3.0), 40);
            Trace localQ = new RelayEngine(ModelPair.matched(qwen, llm)).run(routed);
            assertThat(localQ.calls()).hasSizeGreaterThan(1);
            try (ModelPair pair = ModelPair.open(new ModelSource.Folder(qwenDir),
                    new ModelSource.Remote(endpoint(llmOllama.uri(), "", RemoteApi.AUTO), Optional.of(llm.folder())))) {
                assertThat(pair.textBridge()).isTrue();
                Trace t = new RelayEngine(pair).run(routed);
                assertThat(t.summary().error()).isNull();
                assertSameInText(t, localQ, Source.LLM, true);
                assertThat(t.header().textBridge().orElseThrow().llmTokenizerSha256()).isEqualTo(llm.tokenizer().sha256());
                assertThat(t.summary().llmCost().serverTokens()).isEqualTo(t.summary().llmTokens());
            }
        }
    }
}
