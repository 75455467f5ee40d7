package io.relayscope.engine;

/**
 * One growing token sequence with its KV cache kept native between calls. {@link #append} feeds any number of
 * new tokens in one batched forward and returns the logits after the last of them; only those reach the heap.
 */
public interface KvSequence extends AutoCloseable {

    /** Feeds tokens (at least one) and returns the next-token logits after the last one. */
    float[] append(int[] tokens);

    /** Tokens fed so far. */
    int length();

    /** Counters of this sequence: tokens fed, forward calls, time in forwards. */
    ForwardStats stats();

    @Override
    void close();
}
