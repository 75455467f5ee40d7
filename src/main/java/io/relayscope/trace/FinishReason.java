package io.relayscope.trace;

/** Why decoding stopped. */
public enum FinishReason {
    /** The small model wrote end-of-sequence. */
    SLM_EOS,
    /** The large model wrote end-of-sequence, which ends the whole answer. */
    LLM_EOS,
    /** The response reached the maximum number of new tokens. */
    MAX_TOKENS,
    /** The user stopped the run; the trace holds everything up to that step. */
    CANCELLED,
    /** Decoding failed; the trace holds everything up to the failure. */
    ERROR
}
