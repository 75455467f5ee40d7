package io.relayscope.engine.realshape;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one fixture graph straight through the ONNX Runtime Java API, independent of the engine: feeds every input
 * the graph declares (position_ids, num_logits_to_keep, use_cache_branch when present), keeps the KV cache, and
 * returns logits rows as float32. Used to check that each generated graph loads, runs and computes its function.
 */
final class GraphRunner implements AutoCloseable {
    static {
        // DJL's ONNX Runtime engine creates the process-wide OrtEnvironment with its own thread pool; let it go first
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Map<String, NodeInfo> inputs;
    private final int layers;
    private final long kvHeads;
    private final long headDim;
    private final boolean halfKv;
    private OnnxTensor[] past;
    private OrtSession.Result previous;
    private int length;

    GraphRunner(Path model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        session = env.createSession(model.toString(), options);
        inputs = session.getInputInfo();
        int n = 0;
        while (inputs.containsKey("past_key_values." + n + ".key")) {
            n++;
        }
        layers = n;
        TensorInfo kv = (TensorInfo) inputs.get("past_key_values.0.key").getInfo();
        kvHeads = kv.getShape()[1];
        headDim = kv.getShape()[3];
        halfKv = kv.type == OnnxJavaType.FLOAT16;
    }

    Map<String, NodeInfo> inputInfo() {
        return inputs;
    }

    /** Feeds tokens after what was fed so far and returns the last logits row. */
    float[] append(int[] tokens) throws OrtException {
        float[][] rows = append(tokens, 1);
        return rows[rows.length - 1];
    }

    /**
     * Feeds tokens; keep = the num_logits_to_keep value when the graph declares it (0 = all rows). Returns every
     * logits row the graph gave.
     */
    float[][] append(int[] tokens, long keep) throws OrtException {
        int n = tokens.length;
        int total = length + n;
        long[] ids = new long[n];
        long[] pos = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = tokens[i];
            pos[i] = length + i;
        }
        long[] mask = new long[total];
        Arrays.fill(mask, 1);
        Map<String, OnnxTensor> feed = new HashMap<>();
        List<OnnxTensor> own = new ArrayList<>();
        feed.put("input_ids", mine(own, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, n})));
        feed.put("attention_mask", mine(own, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {1, total})));
        if (inputs.containsKey("position_ids")) {
            feed.put("position_ids", mine(own, OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[] {1, n})));
        }
        if (inputs.containsKey("num_logits_to_keep")) {
            feed.put("num_logits_to_keep", mine(own, OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {keep}), new long[0])));
        }
        if (inputs.containsKey("use_cache_branch")) {
            feed.put("use_cache_branch", mine(own, OnnxTensor.createTensor(env, new boolean[] {past != null})));
        }
        for (int i = 0; i < 2 * layers; i++) {
            String name = "past_key_values." + i / 2 + (i % 2 == 0 ? ".key" : ".value");
            feed.put(name, past != null ? past[i] : mine(own, emptyPast()));
        }
        OrtSession.Result result = session.run(feed);
        own.forEach(OnnxTensor::close);
        OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow();
        float[][] rows = rows(logits);
        OnnxTensor[] next = new OnnxTensor[2 * layers];
        for (int i = 0; i < next.length; i++) {
            next[i] = (OnnxTensor) result.get("present." + i / 2 + (i % 2 == 0 ? ".key" : ".value")).orElseThrow();
        }
        if (previous != null) {
            previous.close();
        }
        previous = result;
        past = next;
        length = total;
        return rows;
    }

    /** Forgets the sequence (the session stays open). */
    void reset() {
        if (previous != null) {
            previous.close();
            previous = null;
        }
        past = null;
        length = 0;
    }

    /** The sequence length of present.0.key after the last call. */
    long presentLength() {
        return past[0].getInfo().getShape()[2];
    }

    private static OnnxTensor mine(List<OnnxTensor> own, OnnxTensor t) {
        own.add(t);
        return t;
    }

    private OnnxTensor emptyPast() throws OrtException {
        long[] shape = {1, kvHeads, 0, headDim};
        return halfKv ? OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), shape, OnnxJavaType.FLOAT16)
                : OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
    }

    private static float[][] rows(OnnxTensor logits) {
        long[] shape = logits.getInfo().getShape();
        int rows = (int) shape[1];
        int width = (int) shape[2];
        float[][] out = new float[rows][width];
        if (logits.getInfo().type == OnnxJavaType.FLOAT16) {
            ShortBuffer s = logits.getByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < width; i++) {
                    out[r][i] = Fp16Conversions.fp16ToFloat(s.get(r * width + i));
                }
            }
        } else {
            FloatBuffer f = logits.getFloatBuffer();
            for (float[] row : out) {
                f.get(row);
            }
        }
        return out;
    }

    static double maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("logit rows differ in width: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() throws OrtException {
        if (previous != null) {
            previous.close();
        }
        session.close();
    }
}
