package io.relayscope.engine;

/** Decides when the LLM writes: by the SLM's own command, by a measurement of the SLM, by chance, or always/never. */
public interface CallPolicy {

    /** True when the SLM's {@code <call>n</call>} commands are carried out. */
    default boolean followsCommands() {
        return false;
    }

    /** Asked once at the start: true when the LLM writes the whole answer (query-level routing). */
    default boolean llmWritesAll() {
        return false;
    }

    /** True when {@link #beforeSlmToken} may call before a token (a remote SLM then writes one token per request). */
    default boolean decidesBeforeTokens() {
        return false;
    }

    /** Asked before every SLM token, with the SLM's distribution at that step. */
    default CallDecision beforeSlmToken(StepScores slm) {
        return CallDecision.NONE;
    }
}
