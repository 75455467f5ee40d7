package io.relayscope.engine;

import java.util.OptionalInt;

/**
 * Shape facts of a decoder read from its ONNX graph: layers, KV heads, head size, KV dtype, vocabulary, parameters,
 * the SHA-256 of its weights (graph and external data), and its position limit when the folder states one.
 */
public record ModelInfo(int layers, int kvHeads, int headDim, KvType kvType, int vocabSize, long parameterCount,
                        boolean hasPositionIds, String sha256, OptionalInt maxPositions) {

    /** A model without a stated position limit. */
    public ModelInfo(int layers, int kvHeads, int headDim, KvType kvType, int vocabSize, long parameterCount,
                     boolean hasPositionIds, String sha256) {
        this(layers, kvHeads, headDim, kvType, vocabSize, parameterCount, hasPositionIds, sha256, OptionalInt.empty());
    }

    /** The element type of the KV cache tensors. */
    public enum KvType { FLOAT32, FLOAT16 }
}
