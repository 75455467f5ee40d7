package io.relayscope.app.model;

import java.util.Arrays;

/** Frame-to-frame intervals and per-frame work times in nanoseconds, for percentile reports. */
public final class FrameStats {
    private long[] intervals = new long[1024];
    private long[] work = new long[1024];
    private int size;
    private long last = -1;

    public void reset() {
        size = 0;
        last = -1;
    }

    /** Records a frame that started at {@code frameNanos} and spent {@code workNanos} in our code. */
    public void record(long frameNanos, long workNanos) {
        if (last >= 0) {
            if (size == intervals.length) {
                intervals = Arrays.copyOf(intervals, size * 2);
                work = Arrays.copyOf(work, size * 2);
            }
            intervals[size] = frameNanos - last;
            work[size] = workNanos;
            size++;
        }
        last = frameNanos;
    }

    public int frames() {
        return size;
    }

    /** Percentile (0-100) of frame intervals in milliseconds. */
    public double intervalMillis(double percentile) {
        return percentile(intervals, percentile);
    }

    /** Percentile (0-100) of per-frame work in milliseconds. */
    public double workMillis(double percentile) {
        return percentile(work, percentile);
    }

    private double percentile(long[] values, double p) {
        if (size == 0) {
            return 0;
        }
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        int i = (int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1);
        return copy[Math.max(0, i)] / 1e6;
    }
}
