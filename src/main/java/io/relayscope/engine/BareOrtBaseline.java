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
            OrtSession session = OnnxCausalLm.createSession(env, model.modelFolder(), model.info().parameterCount());
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
            try (StepInputs step = new StepInputs(env, sig, tokens, length, in)) {
                for (int i = 0; i < sig.pastNames().size(); i++) {
                    in.put(sig.pastNames().get(i), past(i));
                }
                OrtSession.Result result = session.run(in);
                float[] logits = LogitRows.lastOf((OnnxTensor) result.get(sig.logits()).orElseThrow(), sig.halfLogits(), vocab);
                if (previous != null) {
                    previous.close();
                }
                previous = result;
                length = total;
                stats.record(n, System.nanoTime() - t0);
                return logits;
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime step failed: " + TextTokenizer.firstLine(e), e);
            }
        }

        private OnnxTensor past(int slot) throws OrtException {
            if (previous != null) {
                OnnxValue v = previous.get(sig.presentNames().get(slot)).orElseThrow();
                return (OnnxTensor) v;
            }
            if (empty == null) {
                empty = new OnnxTensor[sig.pastNames().size()];
            }
            if (empty[slot] == null) {
                empty[slot] = StepInputs.emptyPast(env, sig);
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
