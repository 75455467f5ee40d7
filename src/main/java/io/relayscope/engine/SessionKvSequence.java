package io.relayscope.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A KV-cached sequence driven straight through the ONNX Runtime session that DJL opened: each forward's
 * present.{i}.key/value tensors are passed back as past_key_values.{i}.key/value without leaving native memory;
 * the previous forward's outputs are released once the next forward has produced the new cache. Only the last
 * row of logits is copied to the heap. This skips DJL's generic NDList/NDManager bookkeeping on the hot path.
 */
final class SessionKvSequence implements KvSequence {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final DecoderSignature sig;
    private final int vocab;
    private final ForwardStats stats = new ForwardStats();
    private final String[] pastNames;
    private final String[] presentNames;
    private final Map<String, OnnxTensor> inputs;
    private OnnxTensor[] past;
    private OrtSession.Result previous;
    private int length;

    SessionKvSequence(OrtSession session, DecoderSignature sig, int vocab) {
        this.env = OrtEnvironment.getEnvironment();
        this.session = session;
        this.sig = sig;
        this.vocab = vocab;
        this.pastNames = new String[2 * sig.layers()];
        this.presentNames = new String[2 * sig.layers()];
        for (int i = 0; i < sig.layers(); i++) {
            pastNames[2 * i] = "past_key_values." + i + ".key";
            pastNames[2 * i + 1] = "past_key_values." + i + ".value";
            presentNames[2 * i] = "present." + i + ".key";
            presentNames[2 * i + 1] = "present." + i + ".value";
        }
        this.inputs = new HashMap<>(2 * (pastNames.length + 4));
    }

    @Override
    public float[] append(int[] tokens) {
        float[][] last = new float[1][];
        forward(tokens, (logits, n) -> last[0] = LogitRows.lastOf(logits, sig.halfLogits(), n, vocab));
        return last[0];
    }

    /** One forward over all tokens; every row of its logits is copied out and handed over, one at a time. */
    @Override
    public void appendRows(int[] tokens, Rows rows) {
        forward(tokens, (logits, n) -> {
            long[] shape = logits.getInfo().getShape();
            if (shape.length != 3 || shape[1] != n) {
                throw new UserFacingException("the model's graph returns logits for " + shape[shape.length - 2]
                        + " of " + n + " positions; scoring every token needs an export that returns all of them");
            }
            int width = (int) shape[2];
            ByteBuffer halves = sig.halfLogits() ? logits.getByteBuffer() : null;
            FloatBuffer floats = sig.halfLogits() ? null : logits.getFloatBuffer();
            for (int i = 0; i < n; i++) {
                rows.row(i, sig.halfLogits() ? LogitRows.lastOfHalves(halves, i + 1, width, vocab)
                        : LogitRows.lastOfFloats(floats, i + 1, width, vocab));
            }
        });
    }

    private interface LogitsReader {
        void read(OnnxTensor logits, int n);
    }

    private void forward(int[] tokens, LogitsReader reader) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("append needs at least one token");
        }
        long t0 = System.nanoTime();
        int n = tokens.length;
        int total = length + n;
        long[] ids = new long[n];
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = tokens[i];
            positions[i] = length + i;
        }
        OnnxTensor[] own = new OnnxTensor[4 + (past == null ? pastNames.length : 0)];
        int owned = 0;
        try {
            inputs.clear();
            own[owned++] = put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, n}));
            if (sig.hasAttentionMask()) {
                long[] mask = new long[total];
                Arrays.fill(mask, 1L);
                own[owned++] = put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {1, total}));
            }
            if (sig.hasPositionIds()) {
                own[owned++] = put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[] {1, n}));
            }
            if (sig.hasUseCacheBranch()) {
                own[owned++] = put("use_cache_branch", OnnxTensor.createTensor(env, new boolean[] {length > 0}));
            }
            for (int i = 0; i < pastNames.length; i++) {
                if (past == null) {
                    own[owned++] = put(pastNames[i], emptyPast());
                } else {
                    inputs.put(pastNames[i], past[i]);
                }
            }
            OrtSession.Result result = session.run(inputs);
            try {
                reader.read((OnnxTensor) result.get("logits").orElseThrow(), n);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
            OnnxTensor[] next = new OnnxTensor[presentNames.length];
            for (int i = 0; i < presentNames.length; i++) {
                next[i] = (OnnxTensor) result.get(presentNames[i])
                        .orElseThrow(() -> new IllegalStateException("the graph returned no present tensor"));
            }
            if (previous != null) {
                previous.close();
            }
            previous = result;
            past = next;
            length = total;
            stats.record(n, System.nanoTime() - t0);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime forward failed: " + TextTokenizer.firstLine(e), e);
        } finally {
            for (int i = 0; i < owned; i++) {
                own[i].close();
            }
        }
    }

    private OnnxTensor put(String name, OnnxTensor t) {
        inputs.put(name, t);
        return t;
    }

    private OnnxTensor emptyPast() throws OrtException {
        long[] shape = {1, sig.kvHeads(), 0, sig.headDim()};
        return sig.kvType() == ModelInfo.KvType.FLOAT16
                ? OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), shape, OnnxJavaType.FLOAT16)
                : OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
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
        if (previous != null) {
            previous.close();
            previous = null;
        }
        past = null;
    }
}
