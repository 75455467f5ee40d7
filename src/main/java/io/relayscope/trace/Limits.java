package io.relayscope.trace;

/**
 * Decoding limits: new tokens in the whole response and calls to the large model. With {@code ignoreEos} the
 * end-of-sequence token is never sampled (as llama.cpp's ignore_eos), for stress traces of a fixed length.
 */
public record Limits(int maxNewTokens, int maxCalls, boolean ignoreEos) {

    /** The reference implementation's limits: 8192 tokens, 5 SLM turns (so at most 4 calls). */
    public static final Limits REFERENCE = new Limits(8192, 4);

    public Limits(int maxNewTokens, int maxCalls) {
        this(maxNewTokens, maxCalls, false);
    }
}
