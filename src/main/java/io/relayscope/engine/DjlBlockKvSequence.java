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
    private final String[] pastNames;
    private final String[] presentNames;
    private NDManager stepManager;
    private NDArray[] past;
    private int length;

    DjlBlockKvSequence(OrtSymbolBlock block, NDManager parent, DecoderSignature sig, int vocab) {
        this.block = block;
        this.sequenceManager = parent.newSubManager();
        this.sig = sig;
        this.vocab = vocab;
        this.store = new ParameterStore(sequenceManager, false);
        this.pastNames = new String[2 * sig.layers()];
        this.presentNames = new String[2 * sig.layers()];
        for (int i = 0; i < sig.layers(); i++) {
            pastNames[2 * i] = "past_key_values." + i + ".key";
            pastNames[2 * i + 1] = "past_key_values." + i + ".value";
            presentNames[2 * i] = "present." + i + ".key";
            presentNames[2 * i + 1] = "present." + i + ".value";
        }
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
        NDList in = new NDList(3 + pastNames.length + 1);
        in.add(named(step.create(ids, new Shape(1, n)), "input_ids"));
        if (sig.hasAttentionMask()) {
            long[] mask = new long[total];
            Arrays.fill(mask, 1L);
            in.add(named(step.create(mask, new Shape(1, total)), "attention_mask"));
        }
        if (sig.hasPositionIds()) {
            in.add(named(step.create(positions, new Shape(1, n)), "position_ids"));
        }
        if (sig.hasUseCacheBranch()) {
            in.add(named(step.create(new boolean[] {length > 0}, new Shape(1)), "use_cache_branch"));
        }
        for (int i = 0; i < pastNames.length; i++) {
            NDArray p = past != null ? past[i] : emptyPast(step);
            p.setName(pastNames[i]);
            in.add(p);
        }
        NDList out = block.forward(store, in, false);
        float[] logits = lastLogits(out.get("logits"), n);
        NDArray[] next = new NDArray[pastNames.length];
        for (int i = 0; i < presentNames.length; i++) {
            next[i] = out.get(presentNames[i]);
            if (next[i] == null) {
                throw new IllegalStateException("the graph returned no " + presentNames[i]);
            }
        }
        NDArray logitsArray = out.get("logits");
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

    private float[] lastLogits(NDArray logits, int n) {
        ByteBuffer bb = logits.toByteBuffer().order(ByteOrder.nativeOrder());
        int width = (int) logits.getShape().get(logits.getShape().dimension() - 1);
        return sig.halfLogits() ? LogitRows.lastOfHalves(bb, n, width, vocab)
                : LogitRows.lastOfFloats(bb.asFloatBuffer(), n, width, vocab);
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
