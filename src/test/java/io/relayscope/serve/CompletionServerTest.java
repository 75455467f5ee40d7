package io.relayscope.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.engine.CausalLm;
import io.relayscope.engine.Distribution;
import io.relayscope.engine.KvSequence;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.UserFacingException;
import io.relayscope.engine.remote.ApiKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code serve} on the real tiny-llm over loopback HTTP: endpoints, greedy identity with local forwards, the prefix cache, limits. */
class CompletionServerTest {
    static final Path LLM = Path.of("assets/models/tiny-llm");
    private static final String PROMPT = "Q: Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?\nA:";
    private static CausalLm model;
    private static CompletionServer server;
    private static URI base;

    static CausalLm open() {
        if (!Files.isRegularFile(LLM.resolve("model.onnx"))) {
            throw new AssertionError("demo model missing: " + LLM.toAbsolutePath());
        }
        return OnnxCausalLm.open(LLM);
    }

    @BeforeAll
    static void start() {
        model = open();
        server = CompletionServer.start(model, ServeConfig.loopback(0, "tiny-llm"));
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
    }

    /** Greedy tokens and logprobs by feeding the model directly: the prompt at once, then one token per forward. */
    static List<double[]> localGreedy(CausalLm m, int[] prompt, int n) {
        List<double[]> out = new ArrayList<>();
        try (KvSequence seq = m.newSequence()) {
            float[] logits = seq.append(prompt);
            for (int i = 0; i < n; i++) {
                Distribution d = Distribution.of(logits);
                int id = d.argmax();
                if (Arrays.stream(m.eosIds()).anyMatch(e -> e == id)) {
                    break;
                }
                out.add(new double[] {id, d.logprob(id), d.entropy()});
                logits = seq.append(new int[] {id});
            }
        }
        return out;
    }

    private static String ids(int[] ids) {
        return Arrays.toString(ids);
    }

    @Test
    void healthModelsTokenizeAndDetokenize() throws Exception {
        assertThat(Http.get(base, "/health").status()).isEqualTo(200);
        JsonNode models = Http.get(base, "/v1/models").json();
        assertThat(models.path("data").get(0).path("id").asText()).isEqualTo("tiny-llm");
        assertThat(models.path("data").get(0).path("owned_by").asText()).isEqualTo("relayscope");
        JsonNode tok = Http.post(base, "/tokenize", "{\"prompt\": \"12 + 30 = 42\"}").json();
        int[] local = model.tokenizer().encode("12 + 30 = 42");
        assertThat(Http.JSON.convertValue(tok.path("tokens"), int[].class)).containsExactly(local);
        JsonNode llama = Http.post(base, "/tokenize", "{\"content\": \"12 + 30 = 42\"}").json();
        assertThat(llama.path("tokens")).isEqualTo(tok.path("tokens"));
        JsonNode detok = Http.post(base, "/detokenize", "{\"tokens\": " + ids(local) + "}").json();
        assertThat(detok.path("prompt").asText()).isEqualTo("12 + 30 = 42");
    }

    @Test
    void greedyTokenIdCompletionIsTheLocalModelsTokenForToken() throws Exception {
        int[] prompt = model.tokenizer().encode(PROMPT);
        List<double[]> expected = localGreedy(model, prompt, 20);
        JsonNode r = Http.post(base, "/v1/completions", "{\"model\":\"tiny-llm\",\"prompt\":" + ids(prompt)
                + ",\"max_tokens\":20,\"temperature\":0,\"logprobs\":5,\"return_tokens_as_token_ids\":true,"
                + "\"return_token_ids\":true}").json();
        JsonNode choice = r.path("choices").get(0);
        int[] got = Http.JSON.convertValue(choice.path("token_ids"), int[].class);
        assertThat(got).containsExactly(expected.stream().mapToInt(e -> (int) e[0]).toArray());
        JsonNode lp = choice.path("logprobs");
        for (int i = 0; i < got.length; i++) {
            assertThat(lp.path("tokens").get(i).asText()).isEqualTo("token_id:" + got[i]);
            assertThat(lp.path("token_logprobs").get(i).asDouble()).isCloseTo(expected.get(i)[1], within(1e-12));
            assertThat(lp.path("entropies").get(i).asDouble()).isCloseTo(expected.get(i)[2], within(1e-12));
            assertThat(lp.path("top_logprobs").get(i).size()).isEqualTo(5);
            assertThat(lp.path("top_logprobs").get(i).has("token_id:" + got[i])).isTrue();
        }
        assertThat(choice.path("text").asText()).isEqualTo(model.tokenizer().decode(got));
        assertThat(r.path("usage").path("prompt_tokens").asInt()).isEqualTo(prompt.length);
        assertThat(r.path("usage").path("completion_tokens").asInt()).isEqualTo(got.length);
    }

    @Test
    void aRequestExtendingThePreviousOnePrefillsOnlyTheNewTokens() throws Exception {
        int[] prompt = model.tokenizer().encode("Q: Ann has 41 pens and buys 8. How many?\nA:");
        JsonNode first = Http.post(base, "/v1/completions", "{\"prompt\":" + ids(prompt)
                + ",\"max_tokens\":6,\"temperature\":0,\"ignore_eos\":true,\"return_token_ids\":true}").json();
        int[] written = Http.JSON.convertValue(first.path("choices").get(0).path("token_ids"), int[].class);
        assertThat(written).hasSize(6);
        int[] more = model.tokenizer().encode(" 7");
        int[] next = new int[prompt.length + written.length + more.length];
        System.arraycopy(prompt, 0, next, 0, prompt.length);
        System.arraycopy(written, 0, next, prompt.length, written.length);
        System.arraycopy(more, 0, next, prompt.length + written.length, more.length);
        long prefilledBefore = server.stats().prefilledTokens();
        JsonNode second = Http.post(base, "/v1/completions", "{\"prompt\":" + ids(next)
                + ",\"max_tokens\":4,\"temperature\":0,\"return_token_ids\":true}").json();
        // the server fed the prompt and its first five tokens; the sixth and the new text are all it needs now
        assertThat(second.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt())
                .isEqualTo(prompt.length + written.length - 1);
        assertThat(server.stats().prefilledTokens() - prefilledBefore).isEqualTo(1 + more.length);
        int[] again = Http.JSON.convertValue(second.path("choices").get(0).path("token_ids"), int[].class);
        List<double[]> expected = localGreedy(model, next, 4);
        assertThat(again).containsExactly(expected.stream().mapToInt(e -> (int) e[0]).toArray());
    }

    @Test
    void streamingSendsTheSameTokensAndTextAsOneAnswer() throws Exception {
        String body = "{\"prompt\":\"" + PROMPT.replace("\n", "\\n") + "\",\"max_tokens\":12,\"temperature\":0,"
                + "\"logprobs\":2,\"return_tokens_as_token_ids\":true";
        JsonNode whole = Http.post(base, "/v1/completions", body + "}").json();
        Http.Answer streamed = Http.post(base, "/v1/completions", body + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(streamed.response().headers().firstValue("Content-Type")).contains("text/event-stream");
        List<JsonNode> events = streamed.events();
        assertThat(events.get(events.size() - 1).asText()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        List<String> tokens = new ArrayList<>();
        String finish = null;
        JsonNode usage = null;
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            if (e.has("usage")) {
                usage = e.get("usage");
            }
            for (JsonNode c : e.path("choices")) {
                text.append(c.path("text").asText());
                c.path("logprobs").path("tokens").forEach(t -> tokens.add(t.asText()));
                if (c.path("finish_reason").isTextual()) {
                    finish = c.path("finish_reason").asText();
                }
            }
        }
        JsonNode choice = whole.path("choices").get(0);
        assertThat(text.toString()).isEqualTo(choice.path("text").asText());
        List<String> wholeTokens = new ArrayList<>();
        choice.path("logprobs").path("tokens").forEach(t -> wholeTokens.add(t.asText()));
        assertThat(tokens).isEqualTo(wholeTokens);
        assertThat(finish).isEqualTo(choice.path("finish_reason").asText());
        assertThat(usage).isNotNull();
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(wholeTokens.size());
    }

    @Test
    void aStopStringEndsTheTextCutOrKept() throws Exception {
        int[] prompt = model.tokenizer().encode(PROMPT);
        String greedy = model.tokenizer().decode(localGreedy(model, prompt, 30).stream().mapToInt(e -> (int) e[0]).toArray());
        String stop = greedy.substring(3, 5);
        int at = greedy.indexOf(stop);
        String body = "{\"prompt\":" + ids(prompt) + ",\"max_tokens\":30,\"temperature\":0,\"stop\":[\""
                + stop.replace("\n", "\\n") + "\"]";
        JsonNode cut = Http.post(base, "/v1/completions", body + "}").json().path("choices").get(0);
        assertThat(cut.path("text").asText()).isEqualTo(greedy.substring(0, at));
        assertThat(cut.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(cut.path("stop_reason").asText()).isEqualTo(stop);
        JsonNode kept = Http.post(base, "/v1/completions", body + ",\"include_stop_str_in_output\":true}").json()
                .path("choices").get(0);
        assertThat(kept.path("text").asText()).isEqualTo(greedy.substring(0, at + stop.length()));
        Http.Answer streamed = Http.post(base, "/v1/completions", body + ",\"stream\":true}");
        StringBuilder text = new StringBuilder();
        for (JsonNode e : streamed.events()) {
            e.path("choices").forEach(c -> text.append(c.path("text").asText()));
        }
        assertThat(text.toString()).isEqualTo(greedy.substring(0, at));
    }

    @Test
    void badRequestsGetJsonErrorsWithTheRightStatus() throws Exception {
        Http.Answer bad = Http.post(base, "/v1/completions", "{\"prompt\": ");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("message").asText()).contains("not valid JSON");
        Http.Answer model = Http.post(base, "/v1/completions", "{\"model\":\"gpt-9\",\"prompt\":\"hi\"}");
        assertThat(model.status()).isEqualTo(404);
        assertThat(model.json().path("error").path("message").asText()).contains("'gpt-9'").contains("tiny-llm");
        Http.Answer vocab = Http.post(base, "/v1/completions", "{\"prompt\":[1,2,99999]}");
        assertThat(vocab.status()).isEqualTo(400);
        assertThat(vocab.json().path("error").path("message").asText()).contains("99999");
        Http.Answer logprobs = Http.post(base, "/v1/completions", "{\"prompt\":\"hi\",\"logprobs\":9}");
        assertThat(logprobs.status()).isEqualTo(400);
        assertThat(Http.post(base, "/v1/completions", "{\"prompt\":\"hi\",\"n\":2}").status()).isEqualTo(400);
        assertThat(Http.get(base, "/v1/completions").status()).isEqualTo(405);
        assertThat(Http.get(base, "/nothing").json().path("error").path("message").asText()).contains("/v1/completions");
    }

    @Test
    void limitsOnBodyAndPromptAndTheApiKey() throws Exception {
        ServeConfig config = ServeConfig.loopback(0, "tiny-llm").withBounds(4096, 50, 64, 1, 4)
                .withApiKey(ApiKey.of("s3cret-key").orElseThrow());
        try (CompletionServer s = CompletionServer.start(model, config)) {
            URI b = s.baseUri();
            String auth = "Bearer s3cret-key";
            assertThat(Http.post(b, "/v1/completions", "{\"prompt\":\"hi\"}").status()).isEqualTo(401);
            assertThat(Http.post(b, "/v1/completions", "{\"prompt\":\"hi\"}", "Authorization", "Bearer wrong").status())
                    .isEqualTo(401);
            assertThat(Http.get(b, "/v1/models").status()).isEqualTo(401);
            assertThat(Http.get(b, "/health").status()).isEqualTo(200);
            Http.Answer big = Http.post(b, "/v1/completions", "{\"prompt\":\"" + "x".repeat(5000) + "\"}",
                    "Authorization", auth);
            assertThat(big.status()).isEqualTo(413);
            assertThat(big.json().path("error").path("message").asText()).contains("4096 bytes");
            Http.Answer longPrompt = Http.post(b, "/v1/completions", "{\"prompt\":\"" + "y".repeat(60) + "\"}",
                    "Authorization", auth);
            assertThat(longPrompt.status()).isEqualTo(400);
            assertThat(longPrompt.json().path("error").path("message").asText()).contains("limit of 50");
            assertThat(Http.post(b, "/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":65}", "Authorization", auth)
                    .status()).isEqualTo(400);
            Http.Answer ok = Http.post(b, "/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":3}", "Authorization", auth);
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @Test
    void aNonLoopbackAddressWithoutAKeyIsRefused() {
        ServeConfig open = new ServeConfig("0.0.0.0", 0, java.util.Optional.empty(), "tiny-llm", 1024, 10, 10, 1, 1, 1);
        assertThatThrownBy(() -> CompletionServer.start(model, open)).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("--api-key-env");
    }
}
