package io.relayscope.serve;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.KvSequence;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;

/**
 * The KV sequences of the last few requests, so that a request whose prompt extends one of them feeds only the new
 * suffix (a relay re-sends its whole context at every call). A sequence is used by one request at a time: taken
 * out while it runs, put back first in line after; the least recently used one is closed when the cache is full.
 */
final class PrefixCache implements AutoCloseable {
    private final CausalLm model;
    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    PrefixCache(CausalLm model, int capacity) {
        this.model = model;
        this.capacity = Math.max(0, capacity);
    }

    /** A sequence whose fed tokens are the longest cached prefix of {@code prompt} (a fresh one when none is). */
    synchronized Entry take(int[] prompt) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.extendsTo(prompt) && (best == null || e.fed.length > best.fed.length)) {
                best = e;
            }
        }
        if (best != null) {
            entries.remove(best);
            return best;
        }
        return new Entry(model.newSequence());
    }

    /** Gives a sequence back after its request; a broken one (failed forward) is closed instead. */
    synchronized void give(Entry entry) {
        if (entry.broken || capacity == 0) {
            entry.seq.close();
            return;
        }
        entries.addFirst(entry);
        while (entries.size() > capacity) {
            entries.removeLast().seq.close();
        }
    }

    @Override
    public synchronized void close() {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            it.next().seq.close();
            it.remove();
        }
    }

    /** One cached sequence: the tokens fed so far and the logits after the last of them. */
    static final class Entry {
        private final KvSequence seq;
        private int[] fed = new int[0];
        private float[] lastLogits;
        private boolean broken;

        private Entry(KvSequence seq) {
            this.seq = seq;
        }

        boolean extendsTo(int[] prompt) {
            if (fed.length > prompt.length || (fed.length == prompt.length && lastLogits == null) || fed.length == 0) {
                return false;
            }
            return Arrays.equals(fed, 0, fed.length, prompt, 0, fed.length);
        }

        /** Prompt tokens this sequence already holds (0 for a fresh one). */
        int cachedFor(int[] prompt) {
            return fed.length > 0 && extendsTo(prompt) ? fed.length : 0;
        }

        /** Feeds what the prompt adds to the fed tokens; the next-token logits after the whole prompt (a copy). */
        float[] prefill(int[] prompt) {
            if (prompt.length == fed.length) {
                return lastLogits.clone();
            }
            return append(Arrays.copyOfRange(prompt, fed.length, prompt.length));
        }

        /** Feeds tokens in one forward; the logits after them (a copy the caller may change). */
        float[] append(int[] ids) {
            broken = true;
            float[] logits = seq.append(ids);
            int[] grown = Arrays.copyOf(fed, fed.length + ids.length);
            System.arraycopy(ids, 0, grown, fed.length, ids.length);
            fed = grown;
            lastLogits = logits.clone();
            broken = false;
            return logits;
        }
    }
}
