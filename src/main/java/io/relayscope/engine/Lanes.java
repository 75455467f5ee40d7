package io.relayscope.engine;

import java.util.Arrays;

/**
 * Sums over a vocabulary kept in {@link #COUNT} lanes: lane j sums the entries i with i mod COUNT == j. The terms
 * go into a zero-padded buffer of a power-of-two size, which is folded in place, a[i] += a[i + h] with h halving
 * down to COUNT. Every loop has one index per array or a literal offset, which C2 vectorizes (a run-time offset
 * or one running sum over 151,936 entries, a chain of dependent adds, would each cost more than the argmax pass).
 * Lanes also make an inverse-CDF draw cheap: the lane from COUNT sums, then the token among its ids.
 */
final class Lanes {
    static final int COUNT = 1024;
    private static final int LITERAL_FOLDS = 1 << 19;

    private Lanes() {
    }

    /** A buffer for {@link #softmax} / {@link #weights} over n entries (zeroed, a power of two >= max(n, 2 COUNT)). */
    static float[] buffer(int n) {
        return new float[capacity(n)];
    }

    /** The buffer size for n entries. */
    static int capacity(int n) {
        return Math.max(2 * COUNT, Integer.highestOneBit(Math.max(1, n - 1)) << 1);
    }

    /** Lane sums of the softmax terms (into e[0..COUNT)) and of term * z (into ez[0..COUNT)), z = logit - max. */
    static void softmax(float[] logits, int n, float max, float[] e, float[] ez) {
        for (int i = 0; i < n; i++) {
            float z = Math.max(logits[i] - max, FastExp.FLOOR);
            float v = FastExp.expFloored(z);
            e[i] = v;
            ez[i] = v * z;
        }
        fold(e, ez, e.length);
    }

    /** Lane sums of the sampling weights {@link FastExp#weight} into w[0..COUNT). */
    static void weights(float[] logits, int n, float max, float invT, float[] w) {
        for (int i = 0; i < n; i++) {
            w[i] = FastExp.weight(logits[i], max, invT);
        }
        fold(w, w.length);
    }

    private static void fold(float[] a, int size) {
        for (int h = size >> 1; h >= LITERAL_FOLDS; h >>= 1) {
            for (int i = 0; i < h; i++) {
                a[i] += a[i + h];
            }
        }
        if (size >= 524288) {
            for (int i = 0; i < 262144; i++) {
                a[i] += a[i + 262144];
            }
        }
        if (size >= 262144) {
            for (int i = 0; i < 131072; i++) {
                a[i] += a[i + 131072];
            }
        }
        if (size >= 131072) {
            for (int i = 0; i < 65536; i++) {
                a[i] += a[i + 65536];
            }
        }
        if (size >= 65536) {
            for (int i = 0; i < 32768; i++) {
                a[i] += a[i + 32768];
            }
        }
        if (size >= 32768) {
            for (int i = 0; i < 16384; i++) {
                a[i] += a[i + 16384];
            }
        }
        if (size >= 16384) {
            for (int i = 0; i < 8192; i++) {
                a[i] += a[i + 8192];
            }
        }
        if (size >= 8192) {
            for (int i = 0; i < 4096; i++) {
                a[i] += a[i + 4096];
            }
        }
        if (size >= 4096) {
            for (int i = 0; i < 2048; i++) {
                a[i] += a[i + 2048];
            }
        }
        if (size >= 2048) {
            for (int i = 0; i < 1024; i++) {
                a[i] += a[i + 1024];
            }
        }
    }

    private static void fold(float[] a, float[] b, int size) {
        for (int h = size >> 1; h >= LITERAL_FOLDS; h >>= 1) {
            for (int i = 0; i < h; i++) {
                a[i] += a[i + h];
                b[i] += b[i + h];
            }
        }
        if (size >= 524288) {
            for (int i = 0; i < 262144; i++) {
                a[i] += a[i + 262144];
                b[i] += b[i + 262144];
            }
        }
        if (size >= 262144) {
            for (int i = 0; i < 131072; i++) {
                a[i] += a[i + 131072];
                b[i] += b[i + 131072];
            }
        }
        if (size >= 131072) {
            for (int i = 0; i < 65536; i++) {
                a[i] += a[i + 65536];
                b[i] += b[i + 65536];
            }
        }
        if (size >= 65536) {
            for (int i = 0; i < 32768; i++) {
                a[i] += a[i + 32768];
                b[i] += b[i + 32768];
            }
        }
        if (size >= 32768) {
            for (int i = 0; i < 16384; i++) {
                a[i] += a[i + 16384];
                b[i] += b[i + 16384];
            }
        }
        if (size >= 16384) {
            for (int i = 0; i < 8192; i++) {
                a[i] += a[i + 8192];
                b[i] += b[i + 8192];
            }
        }
        if (size >= 8192) {
            for (int i = 0; i < 4096; i++) {
                a[i] += a[i + 4096];
                b[i] += b[i + 4096];
            }
        }
        if (size >= 4096) {
            for (int i = 0; i < 2048; i++) {
                a[i] += a[i + 2048];
                b[i] += b[i + 2048];
            }
        }
        if (size >= 2048) {
            for (int i = 0; i < 1024; i++) {
                a[i] += a[i + 1024];
                b[i] += b[i + 1024];
            }
        }
    }

    /** The first COUNT entries' total, in lane order, in double. */
    static double total(float[] lanes) {
        double t = 0;
        for (int j = 0; j < COUNT; j++) {
            t += lanes[j];
        }
        return t;
    }

    /** A copy of the COUNT lane sums. */
    static float[] copy(float[] lanes) {
        return Arrays.copyOf(lanes, COUNT);
    }

    /** What one token adds to its lane. */
    interface Term {
        float of(int id);
    }

    /**
     * Inverse-CDF draw for a point r in [0, total): lanes in order, then the lane's ids in order; a token of term
     * 0 is never drawn (the last positive one in the walk takes any rounding left-over). -1 when all are 0.
     */
    static int draw(float[] lanes, int n, double r, Term term) {
        int lane = -1;
        for (int j = 0; j < COUNT && j < n; j++) {
            if (lanes[j] > 0) {
                lane = j;
                if (r < lanes[j]) {
                    break;
                }
                r -= lanes[j];
            }
        }
        int last = -1;
        for (int i = lane; i >= 0 && i < n; i += COUNT) {
            float t = term.of(i);
            if (t > 0) {
                last = i;
                if (r < t) {
                    return i;
                }
                r -= t;
            }
        }
        return last;
    }
}
