package io.relayscope.engine;

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

    /** A fresh sequence with an empty KV cache. */
    KvSequence newSequence();

    @Override
    void close();
}
