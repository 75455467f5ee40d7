package io.relayscope.engine;

import java.io.ByteArrayOutputStream;
import java.util.OptionalInt;

/**
 * One model's side of a text-bridged run (a pair whose tokenizers differ): what the other model wrote reaches it as
 * text, collected as raw bytes and encoded by this model's own tokenizer only when this model must read it (before
 * it writes, or when its unseen count is asked at a hand-over), so a whole hand-over is one encoding and one batched
 * forward over the new tokens; the tokens already in its KV cache are never re-encoded or re-fed. A character that
 * the other tokenizer split across a hand-over reaches it as the same bytes ({@link TextTokenizer#encodeBytes}).
 */
final class TextFedTurnTaker implements TurnTaker {
    private final TurnTaker inner;
    private final TextTokenizer own;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long handedOverTokens;
    private int handOvers;

    TextFedTurnTaker(TurnTaker inner, TextTokenizer own) {
        this.inner = inner;
        this.own = own;
    }

    /** Text the other model wrote (or a command's space), in context order. */
    void seeText(byte[] bytes) {
        pending.writeBytes(bytes);
    }

    /** This model's own ids (its prompt, its replayed tokens): any text before them is fed first, keeping the order. */
    @Override
    public void see(int[] ids) {
        flush();
        inner.see(ids);
    }

    @Override
    public int unseen() {
        flush();
        return inner.unseen();
    }

    @Override
    public TurnEnd write(int max, OptionalInt forcedFirst, TurnSink sink) {
        flush();
        return inner.write(max, forcedFirst, sink);
    }

    /** Tokens of the other model's text, in this model's tokenizer, handed to it so far. */
    long handedOverTokens() {
        return handedOverTokens;
    }

    /** How many times text was encoded for it (once per hand-over). */
    int handOvers() {
        return handOvers;
    }

    private void flush() {
        if (pending.size() == 0) {
            return;
        }
        int[] ids = own.encodeBytes(pending.toByteArray());
        pending.reset();
        handedOverTokens += ids.length;
        handOvers++;
        inner.see(ids);
    }

    @Override
    public ForwardStats stats() {
        return inner.stats();
    }

    @Override
    public void close() {
        inner.close();
    }
}
