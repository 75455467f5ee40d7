package io.relayscope.engine;

import io.relayscope.engine.chat.ChatTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A folder with a model's tokenizer.json and, optionally, its tokenizer_config.json (chat template),
 * generation_config.json and config.json, but no weights: what a remote model needs locally to exchange token ids
 * and to build its prompt (e.g. {@code huggingface-cli download Qwen/Qwen3-8B --include "*.json"}). It cannot run.
 */
public final class TokenizerFolder implements CausalLm {
    private final Path dir;
    private final TextTokenizer tokenizer;
    private final ModelTexts texts;
    private final ModelInfo info;

    private TokenizerFolder(Path dir, TextTokenizer tokenizer, ModelTexts texts) {
        this.dir = dir;
        this.tokenizer = tokenizer;
        this.texts = texts;
        this.info = new ModelInfo(0, 0, 0, ModelInfo.KvType.FLOAT32, tokenizer.vocabSize(), 0, false, "");
    }

    /** Opens the folder; a missing folder or tokenizer.json is a one-line error saying what to put there. */
    public static TokenizerFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserFacingException(dir + ": no such folder; give the folder holding the remote model's tokenizer.json "
                    + "(e.g. huggingface-cli download MODEL --include \"*.json\" --local-dir DIR)");
        }
        TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("tokenizer.json"));
        try {
            return new TokenizerFolder(dir, tokenizer, ModelTexts.read(dir, ModelFolder.readJson(dir.resolve("generation_config.json")),
                    ModelFolder.readJson(dir.resolve("config.json")), tokenizer));
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    @Override
    public Path folder() {
        return dir;
    }

    @Override
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int[] eosIds() {
        return texts.eosIds().clone();
    }

    @Override
    public String promptTemplate() {
        return texts.promptTemplate();
    }

    @Override
    public Optional<ChatTemplate> chatTemplate() {
        return texts.chatTemplate();
    }

    @Override
    public GenerationDefaults generationDefaults() {
        return texts.defaults();
    }

    @Override
    public KvSequence newSequence() {
        throw new UserFacingException(dir + " holds only a tokenizer; it stands for a remote model and cannot run locally");
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
