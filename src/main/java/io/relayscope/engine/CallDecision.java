package io.relayscope.engine;

/** A policy's verdict before an SLM step: hand n tokens to the LLM (n > 0) for the given reason, or not. */
public record CallDecision(int tokens, String reason) {
    public static final CallDecision NONE = new CallDecision(0, "");

    public boolean calls() {
        return tokens > 0;
    }
}
