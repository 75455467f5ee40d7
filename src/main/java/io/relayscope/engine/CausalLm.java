package io.relayscope.engine;

import io.relayscope.trace.SamplingSpec;

import java.nio.file.Path;

/** A decoder language model that hands out KV-cached sequences. */
public interface CausalLm extends AutoCloseable {

    /** Display name (the folder name for ONNX models). */
    String name();

    /** The model folder, or null for in-memory models. */
    Path folder();

    TextTokenizer tokenizer();

    ModelInfo info();

    /** Ids that end a sequence (from generation_config.json / config.json, else the tokenizer's EOS). */
    int[] eosIds();

    /** Text template wrapping a user prompt, with {question} as placeholder; "{question}" when none. */
    String promptTemplate();

    /** The model's chat template (tokenizer_config.json or chat_template.jinja), when it has one. */
    default java.util.Optional<io.relayscope.engine.chat.ChatTemplate> chatTemplate() {
        return java.util.Optional.empty();
    }

    /** The model's generation defaults (generation_config.json); none for in-memory models. */
    default GenerationDefaults generationDefaults() {
        return GenerationDefaults.NONE;
    }

    /** A fresh sequence with an empty KV cache. */
    KvSequence newSequence();

    /**
     * This model's side of one run: sampling with {@code sampling} from {@code seed}, never drawing {@code banned};
     * {@code hints} matter to a remote model only. A local model keeps its KV cache in a {@link LocalTurnTaker}.
     */
    default TurnTaker turnTaker(SamplingSpec sampling, long seed, int[] banned, boolean ignoreEos, TurnHints hints,
                                RunControl control) {
        return new LocalTurnTaker(this, new Sampler(sampling, seed), banned);
    }

    /** Where the model runs, for traces: its folder, or a server's address (never with a key). */
    default String location() {
        return folder() == null ? "" : folder().toString();
    }

    @Override
    void close();
}
