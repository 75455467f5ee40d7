package io.relayscope.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.djl.training.ParameterStore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A KV-cached sequence through DJL's generic OrtSymbolBlock.forward (the slower path, kept for comparison).
 * The cache tensors stay native: each forward's present.{i}.key/value become the next forward's past_key_values.{i}.key/value; only the last logits row is copied.
 * Every forward runs in a child manager that is closed once the next forward has produced its cache.
 */
final class DjlBlockKvSequence implements KvSequence {
    private final OrtSymbolBlock block;
    private final NDManager sequenceManager;
    private final DecoderSignature sig;
    private final int vocab;
    private final ParameterStore store;
    private final ForwardStats stats = new ForwardStats();
    private final java.util.List<String> pastNames;
    private final java.util.List<String> presentNames;
    private NDManager stepManager;
    private NDArray[] past;
    private int length;

    DjlBlockKvSequence(OrtSymbolBlock block, NDManager parent, DecoderSignature sig, int vocab) {
        this.block = block;
        this.sequenceManager = parent.newSubManager();
        this.sig = sig;
        this.vocab = vocab;
        this.store = new ParameterStore(sequenceManager, false);
        this.pastNames = sig.pastNames();
        this.presentNames = sig.presentNames();
    }

    @Override
    public float[] append(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("append needs at least one token");
        }
        long t0 = System.nanoTime();
        NDManager step = sequenceManager.newSubManager();
        int n = tokens.length;
        int total = length + n;
        long[] ids = new long[n];
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = tokens[i];
            positions[i] = length + i;
        }
        NDList in = new NDList(5 + pastNames.size());
        in.add(ids(step, sig.inputIds(), ids, new Shape(1, n)));
        if (sig.attentionMask().isPresent()) {
            long[] mask = new long[total];
            Arrays.fill(mask, 1L);
            in.add(ids(step, sig.attentionMask().get(), mask, new Shape(1, total)));
        }
        if (sig.positionIds().isPresent()) {
            in.add(ids(step, sig.positionIds().get(), positions, new Shape(1, n)));
        }
        sig.useCacheBranch().ifPresent(f -> in.add(named(step.create(new boolean[] {length > 0},
                f.rank() == 0 ? new Shape() : new Shape(1)), f.name())));
        sig.logitsToKeep().ifPresent(f -> in.add(ids(step, f, new long[] {1}, f.rank() == 0 ? new Shape() : new Shape(1))));
        for (int i = 0; i < pastNames.size(); i++) {
            NDArray p = past != null ? past[i] : emptyPast(step);
            p.setName(pastNames.get(i));
            in.add(p);
        }
        NDList out = block.forward(store, in, false);
        float[] logits = lastLogits(out.get(sig.logits()));
        NDArray[] next = new NDArray[pastNames.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = out.get(presentNames.get(i));
            if (next[i] == null) {
                throw new IllegalStateException("the graph returned no " + presentNames.get(i));
            }
        }
        NDArray logitsArray = out.get(sig.logits());
        if (logitsArray != null) {
            logitsArray.close();
        }
        if (stepManager != null) {
            stepManager.close();
        }
        stepManager = step;
        past = next;
        length = total;
        stats.record(n, System.nanoTime() - t0);
        return logits;
    }

    private NDArray emptyPast(NDManager step) {
        Shape shape = new Shape(1, sig.kvHeads(), 0, sig.headDim());
        return sig.kvType() == ModelInfo.KvType.FLOAT16
                ? step.create(ByteBuffer.allocateDirect(0), shape, DataType.FLOAT16)
                : step.create(new float[0], shape);
    }

    private float[] lastLogits(NDArray logits) {
        ByteBuffer bb = logits.toByteBuffer().order(ByteOrder.nativeOrder());
        int width = (int) logits.getShape().get(logits.getShape().dimension() - 1);
        int rows = (int) (logits.getShape().size() / width);
        return sig.halfLogits() ? LogitRows.lastOfHalves(bb, rows, width, vocab)
                : LogitRows.lastOfFloats(bb.asFloatBuffer(), rows, width, vocab);
    }

    /** An int64 or int32 input as the graph declares it. */
    private static NDArray ids(NDManager step, DecoderSignature.Feed feed, long[] values, Shape shape) {
        if (feed.type() == ai.onnxruntime.OnnxJavaType.INT32) {
            int[] v = new int[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) values[i];
            }
            return named(step.create(v, shape), feed.name());
        }
        return named(step.create(values, shape), feed.name());
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public ForwardStats stats() {
        return stats;
    }

    @Override
    public void close() {
        sequenceManager.close();
    }
}
