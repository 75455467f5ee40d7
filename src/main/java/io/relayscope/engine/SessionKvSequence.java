package io.relayscope.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A KV-cached sequence driven straight through the ONNX Runtime session that DJL opened: each forward's present
 * key/value tensors are passed back as the next past key/values without leaving native memory; the previous
 * forward's outputs are released once the next forward has produced the new cache. Only the last row of logits is
 * copied to the heap (and, when the graph takes num_logits_to_keep, only that row is computed). This skips DJL's
 * generic NDList/NDManager bookkeeping on the hot path.
 */
final class SessionKvSequence implements KvSequence {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final DecoderSignature sig;
    private final int vocab;
    private final ForwardStats stats = new ForwardStats();
    private final List<String> pastNames;
    private final List<String> presentNames;
    private final Map<String, OnnxTensor> inputs;
    private OnnxTensor[] past;
    private OrtSession.Result previous;
    private int length;

    SessionKvSequence(OrtSession session, DecoderSignature sig, int vocab) {
        this.env = OrtEnvironment.getEnvironment();
        this.session = session;
        this.sig = sig;
        this.vocab = vocab;
        this.pastNames = sig.pastNames();
        this.presentNames = sig.presentNames();
        this.inputs = new HashMap<>(2 * (pastNames.size() + 6));
    }

    @Override
    public float[] append(int[] tokens) {
        float[][] last = new float[1][];
        forward(tokens, true, (logits, n) -> last[0] = LogitRows.lastOf(logits, sig.halfLogits(), vocab));
        return last[0];
    }

    /** One forward over all tokens (num_logits_to_keep = 0: all rows); every row is copied out and handed over. */
    @Override
    public void appendRows(int[] tokens, Rows rows) {
        forward(tokens, false, (logits, n) -> {
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

    private void forward(int[] tokens, boolean lastRowOnly, LogitsReader reader) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("append needs at least one token");
        }
        long t0 = System.nanoTime();
        int n = tokens.length;
        OnnxTensor[] empty = past == null ? new OnnxTensor[pastNames.size()] : null;
        inputs.clear();
        try (StepInputs step = new StepInputs(env, sig, tokens, length, lastRowOnly, inputs)) {
            for (int i = 0; i < pastNames.size(); i++) {
                if (empty != null) {
                    empty[i] = StepInputs.emptyPast(env, sig);
                    inputs.put(pastNames.get(i), empty[i]);
                } else {
                    inputs.put(pastNames.get(i), past[i]);
                }
            }
            OrtSession.Result result = session.run(inputs);
            try {
                reader.read((OnnxTensor) result.get(sig.logits()).orElseThrow(), n);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
            OnnxTensor[] next = new OnnxTensor[presentNames.size()];
            for (int i = 0; i < next.length; i++) {
                next[i] = (OnnxTensor) result.get(presentNames.get(i))
                        .orElseThrow(() -> new IllegalStateException("the graph returned no present tensor"));
            }
            if (previous != null) {
                previous.close();
            }
            previous = result;
            past = next;
            length += n;
            stats.record(n, System.nanoTime() - t0);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime forward failed: " + TextTokenizer.firstLine(e), e);
        } finally {
            if (empty != null) {
                for (OnnxTensor t : empty) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
        }
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
