package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.engine.chat.ChatTemplate;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a model folder says about text, apart from weights: end-of-sequence ids, the plain prompt template of a demo
 * model, the chat template and generation_config.json's sampling defaults. Read alike for a local model and for a
 * remote model whose tokenizer folder the user gives.
 */
record ModelTexts(int[] eosIds, String promptTemplate, Optional<ChatTemplate> chatTemplate, GenerationDefaults defaults) {

    static ModelTexts read(Path dir, JsonNode generationConfig, JsonNode config, TextTokenizer tokenizer) {
        JsonNode tokenizerConfig = ChatTemplate.readConfig(dir);
        return new ModelTexts(GenerationDefaults.eosIds(dir, generationConfig, config, tokenizerConfig, tokenizer),
                generationConfig.path("relayscope_prompt_template").asText("{question}"), ChatTemplate.find(dir),
                GenerationDefaults.read(generationConfig, dir.resolve("generation_config.json")));
    }
}
