package io.relayscope.engine;

import java.util.Arrays;

/**
 * The k highest logits of a row, best first, ties by lower id: one pass that compares each logit with the
 * current k-th best (as cheap as an argmax pass) and keeps a bounded min-heap of packed keys (no objects, no
 * boxing, no sort of the vocabulary). NaN logits are never candidates.
 */
final class Candidates {
    private long[] heap = new long[0];
    private int[] ids = new int[0];
    private float[] values = new float[0];
    private int count;

    /** Selects the top min(k, n) of logits[0..n); returns how many. */
    int select(float[] logits, int n, int k) {
        if (heap.length < k) {
            heap = new long[k];
            ids = new int[k];
            values = new float[k];
        }
        int size = 0;
        int i = 0;
        for (; i < n && size < k; i++) {
            float v = logits[i];
            if (v == v) {
                heap[size] = key(v, i);
                siftUp(size++);
            }
        }
        if (size == k) {
            float floor = value(heap[0]);
            while (i < n) {
                // the tight loop: as cheap as an argmax pass; a NaN stops it and is passed over below
                while (i < n && logits[i] < floor) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                float v = logits[i];
                if (v >= floor) {
                    long key = key(v, i);
                    if (key > heap[0]) {
                        heap[0] = key;
                        siftDown(k);
                        floor = value(heap[0]);
                    }
                }
                i++;
            }
        }
        Arrays.sort(heap, 0, size);
        for (int r = 0; r < size; r++) {
            long key = heap[size - 1 - r];
            ids[r] = id(key);
            values[r] = value(key);
        }
        count = size;
        return size;
    }

    int count() {
        return count;
    }

    /** Id of the candidate of the given rank (0 is the best). */
    int id(int rank) {
        return ids[rank];
    }

    float logit(int rank) {
        return values[rank];
    }

    /** Order key: logit first (as sortable bits), then the lower id. */
    static long key(float v, int id) {
        int bits = Float.floatToRawIntBits(v);
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | (0xffffffffL - id);
    }

    private static int id(long key) {
        return (int) (0xffffffffL - (key & 0xffffffffL));
    }

    private static float value(long key) {
        int bits = (int) (key >> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }

    private void siftUp(int at) {
        long x = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (heap[parent] <= x) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = x;
    }

    private void siftDown(int size) {
        long x = heap[0];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= x) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = x;
    }
}
