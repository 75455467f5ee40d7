package io.relayscope.trace;

/**
 * Keeps reading a trace within the Java heap: the reader adds up what each token will take in memory (an
 * estimate that errs on the high side) and stops with a one-line {@link TraceFormatException} when the tokens
 * would not leave a reserve for the rest of the program, long before an OutOfMemoryError. Before parsing, a file
 * far too large for the heap is refused from its size alone.
 */
final class HeapBudget {
    /** Estimated heap bytes of one token beyond its texts: the record, its String and byte[] headers, list slots. */
    static final long TOKEN_OVERHEAD = 176;
    /** Estimated heap bytes of one alternative beyond its text. */
    static final long ALTERNATIVE_OVERHEAD = 88;
    /** The least heap a byte of file can take once read (base64 bytes and Latin-1 texts are the densest). */
    static final double LEAST_HEAP_PER_FILE_BYTE = 0.5;
    /** How often (in tokens) the budget is compared. */
    static final int CHECK_EVERY = 8192;

    private final String label;
    private final long max;
    private final long reserve;
    private long base;
    private long accounted;
    private boolean collected;

    private HeapBudget(String label) {
        Runtime rt = Runtime.getRuntime();
        this.label = label;
        this.max = rt.maxMemory();
        this.reserve = Math.max(32L << 20, max / 10);
        this.base = used();
    }

    /** A budget for reading one trace of {@code fileBytes} bytes (-1 if unknown); refuses hopeless files at once. */
    static HeapBudget start(String label, long fileBytes) {
        HeapBudget b = new HeapBudget(label);
        if (fileBytes > 0 && fileBytes * LEAST_HEAP_PER_FILE_BYTE > b.available()) {
            System.gc();
            b.base = used();
            if (fileBytes * LEAST_HEAP_PER_FILE_BYTE > b.available()) {
                throw b.tooLarge("the file is " + mb(fileBytes) + " MB, it needs at least " + mb((long) (fileBytes * LEAST_HEAP_PER_FILE_BYTE))
                        + " MB of heap");
            }
        }
        return b;
    }

    /** Adds one token; every {@link #CHECK_EVERY} tokens compares the total with the heap. */
    void add(TokenRecord t, int count) {
        long alternatives = 0;
        for (Alternative a : t.alternatives()) {
            alternatives += ALTERNATIVE_OVERHEAD + 2L * (a.text() == null ? 0 : a.text().length());
        }
        accounted += TOKEN_OVERHEAD + 2L * t.text().length() + t.bytes().length + alternatives;
        if (count % CHECK_EVERY == 0 && accounted > available()) {
            if (!collected) {
                collected = true;
                System.gc();
                base = Math.min(base, Math.max(0, used() - accounted));
            }
            if (accounted > available()) {
                throw tooLarge("reading stopped at field 'tokens[" + count + "]' with " + mb(accounted) + " MB of tokens");
            }
        }
    }

    private long available() {
        return max - base - reserve;
    }

    private TraceFormatException tooLarge(String detail) {
        return new TraceFormatException(label, "the trace is too large for this Java heap of " + mb(max) + " MB (" + detail
                + "); open it with more memory, e.g. java -Xmx" + suggestGb() + "g -jar relayscope.jar");
    }

    private int suggestGb() {
        return (int) Math.max(2, Math.min(64, Long.highestOneBit(Math.max(1, max >> 30)) * 4));
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }
}
