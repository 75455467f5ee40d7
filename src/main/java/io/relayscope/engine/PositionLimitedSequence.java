package io.relayscope.engine;

/** A sequence that refuses to grow past its model's position limit with {@link ContextFull}, before any forward. */
final class PositionLimitedSequence implements KvSequence {
    private final KvSequence inner;
    private final String model;
    private final int limit;

    PositionLimitedSequence(KvSequence inner, String model, int limit) {
        this.inner = inner;
        this.model = model;
        this.limit = limit;
    }

    @Override
    public float[] append(int[] tokens) {
        if (inner.length() + tokens.length > limit) {
            throw new ContextFull(model, limit);
        }
        return inner.append(tokens);
    }

    @Override
    public void appendRows(int[] tokens, Rows rows) {
        if (inner.length() + tokens.length > limit) {
            throw new ContextFull(model, limit);
        }
        inner.appendRows(tokens, rows);
    }

    @Override
    public int length() {
        return inner.length();
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
