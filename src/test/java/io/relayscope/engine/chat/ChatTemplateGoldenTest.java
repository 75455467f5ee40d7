package io.relayscope.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.UserFacingException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our renderer against Python Jinja2 in transformers' environment: every golden case (real Qwen3, Llama-3 and
 * Gemma-3 templates, our feature templates) byte-identical, raise_exception messages equal.
 */
class ChatTemplateGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    List<DynamicTest> everyGoldenCaseRendersByteIdentical() throws Exception {
        JsonNode golden = JSON.readTree(GoldenFiles.golden().toFile());
        Supplier<LocalDateTime> clock = () -> LocalDateTime.parse(golden.path("fixedNow").asText());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden.path("cases")) {
            tests.add(DynamicTest.dynamicTest(c.path("id").asText(), () -> check(c, clock)));
        }
        assertThat(tests).hasSizeGreaterThan(70);
        return tests;
    }

    private static void check(JsonNode c, Supplier<LocalDateTime> clock) throws Exception {
        ChatTemplate template;
        if (c.path("template").isNull()) {
            Path folder = GoldenFiles.packageModels(c.path("package").asText());
            template = ChatTemplate.find(folder).orElseThrow();
        } else {
            Path file = GoldenFiles.features().resolve(c.path("template").asText());
            template = ChatTemplate.of(file, Files.readString(file), c.path("tokenizerConfig"));
        }
        JsonNode specials = JSON.valueToTree(template.specialTokens());
        assertThat(specials).as("special tokens").isEqualTo(c.path("specialTokens"));
        List<?> messages = JSON.convertValue(c.path("messages"), List.class);
        List<?> tools = c.path("tools").isArray() ? JSON.convertValue(c.path("tools"), List.class) : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = JSON.convertValue(c.path("extra"), Map.class);
        boolean gen = c.path("addGenerationPrompt").asBoolean();
        if (c.has("expected")) {
            assertThat(template.renderRaw(messages, tools, gen, extra, clock)).isEqualTo(c.path("expected").asText());
        } else {
            assertThatThrownBy(() -> template.renderRaw(messages, tools, gen, extra, clock))
                    .isInstanceOf(UserFacingException.class).hasMessageContaining(c.path("error").asText());
        }
    }

    @Test
    void theGoldenSetCoversTheRealTemplatesAndTheEnvironment() throws Exception {
        JsonNode golden = JSON.readTree(GoldenFiles.golden().toFile());
        List<String> ids = new ArrayList<>();
        golden.path("cases").forEach(c -> ids.add(c.path("id").asText()));
        assertThat(ids).contains("qwen3/single/thinking-false", "qwen3/non-ascii/thinking-true", "qwen3/multi-system",
                "llama3_1/multi-system", "llama3_1/non-ascii", "gemma3/multi-system", "gemma3/not-alternating",
                "features/tojson/added-tokens", "features/whitespace/conversation");
    }
}
