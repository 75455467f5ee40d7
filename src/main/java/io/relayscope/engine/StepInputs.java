package io.relayscope.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The non-cache inputs of one decoder step, made as the graph declares them: input_ids, attention_mask over the whole
 * sequence, position_ids, use_cache_branch (false on the first pass), num_logits_to_keep = 1 (only the last row of
 * logits is computed; 0, every row, when all are wanted), each int64 or int32 and of the declared rank. The caller
 * closes them after the run.
 */
final class StepInputs implements AutoCloseable {
    private final List<OnnxTensor> owned = new ArrayList<>(5);

    /** The inputs of a step that needs only the last logits row. */
    StepInputs(OrtEnvironment env, DecoderSignature sig, int[] tokens, int past, Map<String, OnnxTensor> inputs)
            throws OrtException {
        this(env, sig, tokens, past, true, inputs);
    }

    /** Makes the tensors for feeding tokens after past tokens already in the cache and puts them into inputs. */
    StepInputs(OrtEnvironment env, DecoderSignature sig, int[] tokens, int past, boolean lastRowOnly,
               Map<String, OnnxTensor> inputs) throws OrtException {
        int n = tokens.length;
        long[] ids = new long[n];
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = tokens[i];
            positions[i] = past + i;
        }
        put(inputs, sig.inputIds(), ints(env, sig.inputIds(), ids, new long[] {1, n}));
        if (sig.attentionMask().isPresent()) {
            long[] mask = new long[past + n];
            java.util.Arrays.fill(mask, 1L);
            put(inputs, sig.attentionMask().get(), ints(env, sig.attentionMask().get(), mask, new long[] {1, past + n}));
        }
        if (sig.positionIds().isPresent()) {
            put(inputs, sig.positionIds().get(), ints(env, sig.positionIds().get(), positions, new long[] {1, n}));
        }
        if (sig.useCacheBranch().isPresent()) {
            DecoderSignature.Feed f = sig.useCacheBranch().get();
            put(inputs, f, f.rank() == 0 ? OnnxTensor.createTensor(env, (Object) (past > 0))
                    : OnnxTensor.createTensor(env, new boolean[] {past > 0}));
        }
        if (sig.logitsToKeep().isPresent()) {
            DecoderSignature.Feed f = sig.logitsToKeep().get();
            long keep = lastRowOnly ? 1 : 0;
            put(inputs, f, f.rank() == 0 ? scalar(env, f, keep) : ints(env, f, new long[] {keep}, new long[] {1}));
        }
    }

    /** An empty past key or value tensor, [1, kv_heads, 0, head_dim], for the first forward. */
    static OnnxTensor emptyPast(OrtEnvironment env, DecoderSignature sig) throws OrtException {
        long[] shape = {1, sig.kvHeads(), 0, sig.headDim()};
        return sig.kvType() == ModelInfo.KvType.FLOAT16
                ? OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), shape, OnnxJavaType.FLOAT16)
                : OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
    }

    private void put(Map<String, OnnxTensor> inputs, DecoderSignature.Feed feed, OnnxTensor t) {
        owned.add(t);
        inputs.put(feed.name(), t);
    }

    private static OnnxTensor ints(OrtEnvironment env, DecoderSignature.Feed feed, long[] values, long[] shape)
            throws OrtException {
        if (feed.type() == OnnxJavaType.INT32) {
            int[] v = new int[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) values[i];
            }
            return OnnxTensor.createTensor(env, IntBuffer.wrap(v), shape);
        }
        return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
    }

    private static OnnxTensor scalar(OrtEnvironment env, DecoderSignature.Feed feed, long value) throws OrtException {
        return feed.type() == OnnxJavaType.INT32 ? OnnxTensor.createTensor(env, (Object) (int) value)
                : OnnxTensor.createTensor(env, (Object) value);
    }

    @Override
    public void close() {
        for (OnnxTensor t : owned) {
            t.close();
        }
        owned.clear();
    }
}
