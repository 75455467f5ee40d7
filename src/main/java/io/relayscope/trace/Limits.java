package io.relayscope.trace;

/** Decoding limits: new tokens in the whole response and calls to the large model. */
public record Limits(int maxNewTokens, int maxCalls) {

    /** The reference implementation's limits: 8192 tokens, 5 SLM turns (so at most 4 calls). */
    public static final Limits REFERENCE = new Limits(8192, 4);
}
