package io.relayscope.engine;

import java.util.OptionalInt;

/**
 * One model's side of a relay run: it is shown the tokens others wrote ({@link #see}) and writes up to n tokens
 * of its own, until its end-of-sequence or until the sink stops it, streaming each token with its scores.
 * The local implementation ({@link LocalTurnTaker}) keeps a KV cache and feeds all unseen tokens in one batched
 * forward; a remote one may re-send its context and write n tokens per request.
 */
public interface TurnTaker extends AutoCloseable {

    /** Queues tokens this model has not seen yet (in context order); they are fed before its next token. */
    void see(int[] ids);

    /** How many tokens it has not yet seen (its own last token included until it is fed). */
    int unseen();

    /**
     * Writes at most {@code max} tokens (none when max is 0), the first one {@code forcedFirst} when present
     * (chosen by the user rather than sampled; its scores still are the model's). Its own tokens join its
     * context. Returns why the turn ended.
     */
    TurnEnd write(int max, OptionalInt forcedFirst, TurnSink sink);

    /** Counters of this model's forwards in this run (zero before the first). */
    ForwardStats stats();

    @Override
    void close();
}
