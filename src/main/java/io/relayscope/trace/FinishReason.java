package io.relayscope.trace;

/** Why decoding stopped. */
public enum FinishReason {
    /** The small model wrote end-of-sequence. */
    SLM_EOS,
    /** The large model wrote end-of-sequence, which ends the whole answer. */
    LLM_EOS,
    /** The response reached the maximum number of new tokens. */
    MAX_TOKENS,
    /**
     * A model's next forward would pass its position limit (max_position_embeddings or genai context_length, the
     * smaller model's first); the summary's error field says which ("context full at 2,048 positions (model)").
     */
    CONTEXT_FULL,
    /** The user stopped the run; the trace holds everything up to that step. */
    CANCELLED,
    /** Decoding failed; the trace holds everything up to the failure. */
    ERROR
}
