package io.relayscope.engine;

import io.relayscope.engine.chat.ChatTemplate;

import java.nio.file.Path;
import java.util.Optional;

/** A model folder's tokenizer and chat template with no graph: for prompt-building tests on real tokenizers. */
final class TemplatedLm implements CausalLm {
    private final Path folder;
    private final TextTokenizer tokenizer;
    private final Optional<ChatTemplate> template;

    TemplatedLm(Path folder) {
        this.folder = folder;
        this.tokenizer = TextTokenizer.load(folder.resolve("tokenizer.json"));
        this.template = ChatTemplate.find(folder);
    }

    /** Only a chat template: no tokenizer. */
    TemplatedLm(ChatTemplate template) {
        this.folder = template.origin().getParent();
        this.tokenizer = null;
        this.template = Optional.of(template);
    }

    @Override
    public String name() {
        return folder.getFileName().toString();
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo(1, 1, 1, ModelInfo.KvType.FLOAT32, tokenizer.vocabSize(), 0, true, "none");
    }

    @Override
    public int[] eosIds() {
        return new int[0];
    }

    @Override
    public String promptTemplate() {
        return "{question}";
    }

    @Override
    public Optional<ChatTemplate> chatTemplate() {
        return template;
    }

    @Override
    public KvSequence newSequence() {
        throw new UnsupportedOperationException("no graph");
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
