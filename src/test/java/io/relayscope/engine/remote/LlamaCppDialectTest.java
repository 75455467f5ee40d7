package io.relayscope.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.relayscope.trace.SamplingSpec;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llama.cpp's native /completion as its server writes it (a scripted stand-in on loopback: the stream shape of
 * llama.cpp's server with n_probs and return_tokens): chosen automatically from owned_by "llamacpp", every sampler
 * sent explicitly, ids and alternatives read back, EOS and the reused prompt tokens (timings.cache_n) understood.
 */
class LlamaCppDialectTest {

    @Test
    void theNativeCompletionApiIsChosenAndRead() throws Exception {
        AtomicReference<String> sent = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/v1/models", ex -> {
            byte[] b = "{\"object\":\"list\",\"data\":[{\"id\":\"qwen3-8b-q4\",\"object\":\"model\",\"owned_by\":\"llamacpp\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/completion", ex -> {
            sent.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            String[] events = {
                "{\"index\":0,\"content\":\" 4\",\"tokens\":[220],\"stop\":false,\"completion_probabilities\":[{\"id\":220,"
                        + "\"token\":\" 4\",\"bytes\":[32,52],\"logprob\":-0.05,\"top_logprobs\":[{\"id\":220,\"token\":\" 4\","
                        + "\"logprob\":-0.05},{\"id\":221,\"token\":\" 5\",\"logprob\":-3.1}]}]}",
                "{\"index\":0,\"content\":\"2\",\"tokens\":[17],\"stop\":false,\"completion_probabilities\":[{\"id\":17,"
                        + "\"token\":\"2\",\"logprob\":-0.2,\"top_logprobs\":[{\"id\":17,\"token\":\"2\",\"logprob\":-0.2}]}]}",
                "{\"index\":0,\"content\":\"\",\"tokens\":[],\"stop\":true,\"stopped_eos\":true,\"stopped_word\":false,"
                        + "\"stopped_limit\":false,\"stopping_word\":\"\",\"tokens_evaluated\":12,"
                        + "\"timings\":{\"cache_n\":9,\"prompt_n\":3}}"};
            for (String e : events) {
                ex.getResponseBody().write(("data: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
            }
            ex.close();
        });
        server.start();
        try {
            RemoteClient c = RemoteClient.connect(RemoteEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort(),
                    "", RemoteApi.AUTO, Optional.empty(), false), () -> false);
            assertThat(c.kind()).isEqualTo(ServerKind.LLAMACPP);
            assertThat(c.api()).isEqualTo(RemoteApi.LLAMACPP);
            assertThat(c.completionUri().getPath()).isEqualTo("/completion");
            RemoteResult r = c.complete(new RemoteRequest(new int[] {1, 2, 3}, null, 8, new SamplingSpec(0.7, 0, 1.0), 5,
                    List.of("</call>"), true, new int[] {99}, false, 5), t -> true, () -> false);
            assertThat(r.tokens()).extracting(RemoteToken::id).containsExactly(220, 17);
            assertThat(r.tokens().get(0).logprob()).isEqualTo(-0.05);
            assertThat(r.tokens().get(0).top()).extracting(RemoteToken.Alternative::id).containsExactly(220, 221);
            assertThat(r.finish()).isEqualTo(RemoteResult.Finish.END_OF_SEQUENCE);
            assertThat(r.cachedTokens()).hasValue(9);
            assertThat(r.promptTokens()).isEqualTo(12);
            JsonNode body = new ObjectMapper().readTree(sent.get());
            assertThat(body.path("prompt").toString()).isEqualTo("[1,2,3]");
            assertThat(body.path("n_predict").asInt()).isEqualTo(8);
            assertThat(body.path("n_probs").asInt()).isEqualTo(5);
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
            assertThat(body.path("top_k").asInt()).isZero();
            assertThat(body.path("min_p").asDouble()).isZero();
            assertThat(body.path("cache_prompt").asBoolean()).isTrue();
            assertThat(body.path("logit_bias").toString()).isEqualTo("[[99,false]]");
            assertThat(body.path("stop").toString()).isEqualTo("[\"</call>\"]");
        } finally {
            server.stop(0);
        }
    }
}
