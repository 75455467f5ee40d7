package io.relayscope.engine;

/**
 * One growing token sequence with its KV cache kept native between calls. {@link #append} feeds any number of
 * new tokens in one batched forward and returns the logits after the last of them; only those reach the heap.
 */
public interface KvSequence extends AutoCloseable {

    /** Feeds tokens (at least one) and returns the next-token logits after the last one. */
    float[] append(int[] tokens);

    /** Receives the next-token logits after each fed token, in order ({@code offset} counts from the first fed). */
    @FunctionalInterface
    interface Rows {
        void row(int offset, float[] logits);
    }

    /**
     * Feeds tokens (at least one) and hands the logits after every one of them to {@code rows}: the scores a
     * whole written text gets from a model. This default feeds them one at a time; a sequence whose graph returns
     * every position's logits does it in one forward.
     */
    default void appendRows(int[] tokens, Rows rows) {
        for (int i = 0; i < tokens.length; i++) {
            rows.row(i, append(new int[] {tokens[i]}));
        }
    }

    /** Tokens fed so far. */
    int length();

    /** Counters of this sequence: tokens fed, forward calls, time in forwards. */
    ForwardStats stats();

    @Override
    void close();
}
