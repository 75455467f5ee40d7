package io.relayscope.app.model;

import java.util.Arrays;

/** The LLM token ratio after every response token, stored compactly, for the sparkline. */
public final class RatioHistory {
    private float[] values = new float[256];
    private int size;

    public void clear() {
        size = 0;
    }

    public void add(double ratio) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = (float) ratio;
    }

    public int size() {
        return size;
    }

    public float get(int i) {
        return values[i];
    }

    /** Up to {@code points} evenly spaced samples (the last always included). */
    public float[] sample(int points) {
        if (size == 0 || points <= 0) {
            return new float[0];
        }
        int n = Math.min(points, size);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int src = n == 1 ? size - 1 : (int) Math.round((double) i * (size - 1) / (n - 1));
            out[i] = values[src];
        }
        return out;
    }
}
