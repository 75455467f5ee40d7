package io.relayscope.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
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
 * The benchmark's reference: the same model.onnx run through the plain ONNX Runtime Java API with its own
 * OrtSession and the engine's session options, feeding present.* back as past_key_values.* (no DJL in between).
 */
public final class BareOrtBaseline implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final DecoderSignature sig;
    private final int vocab;

    private BareOrtBaseline(OrtEnvironment env, OrtSession session, DecoderSignature sig, int vocab) {
        this.env = env;
        this.session = session;
        this.sig = sig;
        this.vocab = vocab;
    }

    /** Opens a second session on the model's file with the same thread settings as the engine uses. */
    public static BareOrtBaseline open(OnnxCausalLm model) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            long params = model.info().parameterCount();
            int threads = params > 20_000_000L ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
            options.setIntraOpNumThreads(Integer.getInteger("relayscope.threads", threads));
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(model.modelFile().toString(), options);
            return new BareOrtBaseline(env, session, model.signature(), model.info().vocabSize());
        } catch (OrtException e) {
            throw new UserFacingException(model.modelFile() + ": ONNX Runtime cannot load it (" + TextTokenizer.firstLine(e) + ")");
        }
    }

    /** A fresh sequence with an empty cache. */
    public KvSequence newSequence() {
        return new Sequence();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing anyway
        }
    }

    /** A KV-cached sequence on the bare API: the previous step's Result is closed once the next one exists. */
    private final class Sequence implements KvSequence {
        private final ForwardStats stats = new ForwardStats();
        private OrtSession.Result previous;
        private OnnxTensor[] empty;
        private int length;

        @Override
        public float[] append(int[] tokens) {
            long t0 = System.nanoTime();
            int n = tokens.length;
            int total = length + n;
            Map<String, OnnxTensor> in = new HashMap<>();
            OnnxTensor[] made = new OnnxTensor[4];
            try {
                long[] ids = new long[n];
                long[] pos = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = tokens[i];
                    pos[i] = length + i;
                }
                made[0] = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, n});
                in.put("input_ids", made[0]);
                if (sig.hasAttentionMask()) {
                    long[] mask = new long[total];
                    Arrays.fill(mask, 1L);
                    made[1] = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {1, total});
                    in.put("attention_mask", made[1]);
                }
                if (sig.hasPositionIds()) {
                    made[2] = OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[] {1, n});
                    in.put("position_ids", made[2]);
                }
                if (sig.hasUseCacheBranch()) {
                    made[3] = OnnxTensor.createTensor(env, new boolean[] {length > 0});
                    in.put("use_cache_branch", made[3]);
                }
                for (int i = 0; i < sig.layers(); i++) {
                    for (String kind : new String[] {"key", "value"}) {
                        in.put("past_key_values." + i + "." + kind, past(i, kind));
                    }
                }
                OrtSession.Result result = session.run(in);
                float[] logits = LogitRows.lastOf((OnnxTensor) result.get("logits").orElseThrow(), sig.halfLogits(), n, vocab);
                if (previous != null) {
                    previous.close();
                }
                previous = result;
                length = total;
                stats.record(n, System.nanoTime() - t0);
                return logits;
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime step failed: " + TextTokenizer.firstLine(e), e);
            } finally {
                for (OnnxTensor t : made) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
        }

        private OnnxTensor past(int layer, String kind) throws OrtException {
            if (previous != null) {
                OnnxValue v = previous.get("present." + layer + "." + kind).orElseThrow();
                return (OnnxTensor) v;
            }
            if (empty == null) {
                empty = new OnnxTensor[2 * sig.layers()];
            }
            int slot = 2 * layer + ("key".equals(kind) ? 0 : 1);
            if (empty[slot] == null) {
                long[] shape = {1, sig.kvHeads(), 0, sig.headDim()};
                empty[slot] = sig.kvType() == ModelInfo.KvType.FLOAT16
                        ? OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), shape, OnnxJavaType.FLOAT16)
                        : OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
            }
            return empty[slot];
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
            if (empty != null) {
                for (OnnxTensor t : empty) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
        }
    }
}
