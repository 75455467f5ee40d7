package io.relayscope.engine.remote;

/** Which completion API to speak: chosen from what the server says it is, OpenAI-compatible, or llama.cpp's own. */
public enum RemoteApi {
    /**
     * /v1/models tells: llama.cpp's server gets its native /completion, every other server /v1/completions, with
     * text prompts where the server takes no token ids (Ollama, LM Studio, unknown servers).
     */
    AUTO,
    /** {@code /v1/completions} (vLLM, SGLang, llama.cpp, Ollama /v1, LM Studio, relayscope serve). */
    OPENAI,
    /** llama.cpp's native {@code /completion} (token ids in and out, n_probs with ids). */
    LLAMACPP,
    /**
     * {@code /v1/completions} with the prompt always as text (Ollama's /v1, LM Studio and other servers that take no
     * token ids; chosen by AUTO for those): the relay runs at text level through the text bridge.
     */
    TEXT
}
