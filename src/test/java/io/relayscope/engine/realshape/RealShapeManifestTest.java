package io.relayscope.engine.realshape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every folder the manifest lists exists and is complete, in the layout its name promises. */
class RealShapeManifestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(Path p) throws IOException {
        assertThat(p).isRegularFile();
        return JSON.readTree(p.toFile());
    }

    @Test
    void everyModelFolderIsListedAndComplete() throws IOException {
        List<String> listed = new ArrayList<>();
        RealShapeFixtures.manifest().path("models").fieldNames().forEachRemaining(listed::add);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(RealShapeFixtures.ALL);
        for (String name : listed) {
            Path dir = RealShapeFixtures.folder(name);
            JsonNode e = RealShapeFixtures.entry(name);
            for (JsonNode f : e.path("files")) {
                assertThat(dir.resolve(f.asText())).as(name).isRegularFile();
                assertThat(Files.size(dir.resolve(f.asText()))).as(name + "/" + f.asText()).isPositive();
            }
            for (RealShapeFixtures.Variant v : RealShapeFixtures.variants(name)) {
                assertThat(v.file()).isRegularFile();
                for (JsonNode data : v.spec().path("externalData")) {
                    assertThat(dir.resolve(data.asText())).as(v + " external data").isRegularFile();
                }
                assertThat(v.logitTolerance()).isPositive();
            }
            JsonNode tokCfg = json(dir.resolve("tokenizer_config.json"));
            assertThat(tokCfg.path("chat_template").asText()).as(name + " chat template").contains("add_generation_prompt");
            assertThat(dir.resolve("tokenizer.json")).isRegularFile();
            int vocab = e.path("vocabSize").asInt();
            assertThat(Files.size(RealShapeFixtures.root().resolve(e.path("reference").path("lastLogitsFile").asText())))
                    .isEqualTo(4L * vocab);
            if (e.path("layout").asText().equals("genai")) {
                JsonNode g = json(dir.resolve("genai_config.json"));
                assertThat(g.path("model").path("context_length").asInt()).isEqualTo(e.path("maxPositions").asInt());
                assertThat(g.path("model").path("decoder").path("inputs").has("position_ids")).isFalse();
                assertThat(dir.resolve("config.json")).doesNotExist();
            } else {
                JsonNode c = json(dir.resolve("config.json"));
                assertThat(c.path("vocab_size").asInt()).isEqualTo(vocab);
                assertThat(c.path("max_position_embeddings").asInt()).isEqualTo(256);
                assertThat(c.path("num_key_value_heads").asInt()).isLessThan(c.path("num_attention_heads").asInt());
                assertThat(c.path("tie_word_embeddings").asBoolean()).isTrue();
                assertThat(json(dir.resolve("generation_config.json")).path("eos_token_id")).isEqualTo(e.path("eosTokenIds"));
            }
        }
    }

    @Test
    void qwen3FoldersCarryQwen3sConfigAndDefaults() throws IOException {
        Path dir = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM);
        JsonNode c = json(dir.resolve("config.json"));
        assertThat(c.path("model_type").asText()).isEqualTo("qwen3");
        assertThat(c.path("vocab_size").asInt()).isEqualTo(151_936);
        assertThat(c.path("head_dim").asInt()).isEqualTo(32);
        JsonNode g = json(dir.resolve("generation_config.json"));
        assertThat(g.path("temperature").asDouble()).isEqualTo(0.6);
        assertThat(g.path("top_p").asDouble()).isEqualTo(0.95);
        assertThat(g.path("top_k").asInt()).isEqualTo(20);
        assertThat(g.path("eos_token_id").toString()).isEqualTo("[151645,151643]");
        assertThat(json(dir.resolve("tokenizer_config.json")).path("chat_template").asText()).contains("enable_thinking");
    }

    @Test
    void onnxCommunityFolderDeclaresItsExternalDataSplit() throws IOException {
        Path dir = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY);
        JsonNode ext = json(dir.resolve("config.json")).path("transformers.js_config").path("use_external_data_format");
        assertThat(ext.path("model.onnx").asInt()).isEqualTo(2);
        assertThat(ext.path("model_fp16.onnx").asInt()).isEqualTo(1);
        assertThat(dir.resolve("onnx/model.onnx_data")).isRegularFile();
        assertThat(dir.resolve("onnx/model.onnx_data_1")).isRegularFile();
        assertThat(dir.resolve("onnx/model_fp16.onnx_data")).isRegularFile();
        assertThat(dir.resolve("model.onnx")).doesNotExist();
        assertThat(RealShapeFixtures.variants(RealShapeFixtures.QWEN3_ONNX_COMMUNITY)).extracting(RealShapeFixtures.Variant::name)
                .containsExactly("fp32", "fp16", "q4", "q4f16", "int8", "uint8", "bnb4", "quantized");
        assertThat(RealShapeFixtures.unrunnableVariants(RealShapeFixtures.QWEN3_ONNX_COMMUNITY)).containsExactly("q2", "q1");
    }

    @Test
    void relaySlmAddsCallTokensOnTopOfQwen3sVocabulary() throws IOException {
        JsonNode slm = json(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_RELAY_SLM).resolve("tokenizer.json"));
        JsonNode base = json(RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM).resolve("tokenizer.json"));
        assertThat(slm.path("model").path("vocab")).isEqualTo(base.path("model").path("vocab"));
        JsonNode added = slm.path("added_tokens");
        assertThat(added.size()).isEqualTo(base.path("added_tokens").size() + 2);
        assertThat(added.get(added.size() - 2).path("content").asText()).isEqualTo("<call>");
        assertThat(added.get(added.size() - 2).path("id").asInt()).isEqualTo(151_669);
        assertThat(added.get(added.size() - 1).path("content").asText()).isEqualTo("</call>");
        assertThat(added.get(added.size() - 1).path("id").asInt()).isEqualTo(151_670);
    }
}
