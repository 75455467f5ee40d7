package io.relayscope.engine;

/** Shape facts of a decoder read from its ONNX graph: layers, KV heads, head size, KV dtype, vocabulary, parameters. */
public record ModelInfo(int layers, int kvHeads, int headDim, KvType kvType, int vocabSize, long parameterCount,
                        boolean hasPositionIds, String sha256) {

    /** The element type of the KV cache tensors. */
    public enum KvType { FLOAT32, FLOAT16 }
}
