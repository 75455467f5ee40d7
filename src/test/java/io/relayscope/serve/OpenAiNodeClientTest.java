package io.relayscope.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.engine.CausalLm;
import io.relayscope.engine.remote.ApiKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OpenAI client (npm {@code openai}, run with node) completes against {@code serve}, whole and
 * streamed, with an API key; the package comes from src/test/scripts/npm-fixtures.sh (missing: the test fails).
 */
class OpenAiNodeClientTest {
    private static final String PROMPT = "Q: Ann has 41 pens and buys 8. How many?\nA:";

    static Path npmModules() {
        String cache = System.getenv().getOrDefault("RELAYSCOPE_NPM_CACHE",
                System.getProperty("user.home") + "/.cache/relayscope/npm");
        Path modules = Path.of(cache, "node_modules");
        if (!Files.isRegularFile(modules.resolve("openai/package.json"))) {
            throw new AssertionError("npm package 'openai' missing in " + modules + "; run src/test/scripts/npm-fixtures.sh");
        }
        return modules;
    }

    @Test
    void theOfficialNodeClientCompletesWholeAndStreamed() throws Exception {
        Path modules = npmModules();
        Path script = Path.of("src/test/resources/io/relayscope/serve/openai-client.cjs").toAbsolutePath();
        try (CausalLm model = CompletionServerTest.open();
             CompletionServer server = CompletionServer.start(model, ServeConfig.loopback(0, "tiny-llm")
                     .withApiKey(ApiKey.of("classroom-key").orElseThrow()))) {
            ProcessBuilder pb = new ProcessBuilder("node", script.toString(), server.baseUri() + "/v1", "classroom-key", PROMPT)
                    .redirectErrorStream(false);
            pb.environment().put("RELAYSCOPE_NPM_MODULES", modules.toString());
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(err).isZero();
            JsonNode r = Http.JSON.readTree(out);

            int[] prompt = model.tokenizer().encode(PROMPT);
            List<double[]> local = CompletionServerTest.localGreedy(model, prompt, 12);
            String expected = model.tokenizer().decode(local.stream().mapToInt(e -> (int) e[0]).toArray());
            assertThat(r.path("whole").path("text").asText()).isEqualTo(expected);
            assertThat(r.path("whole").path("tokens").size()).isEqualTo(local.size());
            assertThat(r.path("whole").path("top").get(0).size()).isBetween(3, 4);
            assertThat(r.path("whole").path("usage").path("prompt_tokens").asInt()).isEqualTo(prompt.length);
            int[] extended = model.tokenizer().encode(PROMPT + expected);
            List<double[]> more = CompletionServerTest.localGreedy(model, extended, 12);
            assertThat(r.path("stream").path("text").asText())
                    .isEqualTo(model.tokenizer().decode(more.stream().mapToInt(e -> (int) e[0]).toArray()));
            assertThat(r.path("stream").path("chunks").asInt()).isGreaterThan(more.size());
            assertThat(r.path("stream").path("finish").asText()).isEqualTo(more.size() == 12 ? "length" : "stop");
            assertThat(r.path("stream").path("usage").path("completion_tokens").asInt()).isEqualTo(more.size());
            // the streamed prompt extends the first request's: the server fed only what it had not seen
            assertThat(r.path("stream").path("usage").path("prompt_tokens_details").path("cached_tokens").asInt())
                    .isEqualTo(prompt.length + local.size() - 1);
            assertThat(r.path("error").path("status").asInt()).isEqualTo(404);
            assertThat(r.path("error").path("message").asText()).contains("no-such-model");
            assertThat(r.path("models").get(0).asText()).isEqualTo("tiny-llm");
        }
    }
}
