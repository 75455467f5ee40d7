package io.relayscope.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;

import java.nio.file.Path;
import java.util.Map;

/**
 * The decoder inputs and outputs found in an ONNX graph: input_ids, attention_mask, optional position_ids,
 * past_key_values.{i}.key/value -> logits, present.{i}.key/value; KV heads, head size and dtype.
 */
record DecoderSignature(int layers, int kvHeads, int headDim, ModelInfo.KvType kvType, boolean hasAttentionMask,
                        boolean hasPositionIds, boolean hasUseCacheBranch, boolean halfLogits) {

    static DecoderSignature read(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs, Path model,
                                 ModelFolder folder) {
        if (!inputs.containsKey("input_ids") || !outputs.containsKey("logits")) {
            throw new UserFacingException(model + ": not a decoder graph (needs input 'input_ids' and output 'logits', has inputs "
                    + inputs.keySet() + "); export it with Optimum's text-generation-with-past task");
        }
        int layers = 0;
        while (inputs.containsKey("past_key_values." + layers + ".key")) {
            layers++;
        }
        if (layers == 0) {
            throw new UserFacingException(model + ": the graph has no past_key_values inputs, so no KV cache; export it with "
                    + "Optimum's text-generation-with-past task");
        }
        for (int i = 0; i < layers; i++) {
            if (!outputs.containsKey("present." + i + ".key") || !outputs.containsKey("present." + i + ".value")) {
                throw new UserFacingException(model + ": the graph lacks output present." + i + ".key/value; export it with "
                        + "Optimum's text-generation-with-past task");
            }
        }
        TensorInfo kv = (TensorInfo) inputs.get("past_key_values.0.key").getInfo();
        long[] shape = kv.getShape();
        if (shape.length != 4) {
            throw new UserFacingException(model + ": past_key_values.0.key has rank " + shape.length
                    + ", expected [batch, kv_heads, past, head_dim]");
        }
        int kvHeads = (int) (shape[1] > 0 ? shape[1] : folder.config().path("num_key_value_heads")
                .asInt(folder.config().path("num_attention_heads").asInt(folder.config().path("n_head").asInt(-1))));
        int headDim = (int) (shape[3] > 0 ? shape[3] : folder.config().path("head_dim").asInt(-1));
        if (kvHeads <= 0 || headDim <= 0) {
            throw new UserFacingException(model + ": KV heads or head size are dynamic in the graph and missing from config.json; "
                    + "add num_key_value_heads and head_dim to config.json");
        }
        ModelInfo.KvType type = switch (kv.type) {
            case FLOAT -> ModelInfo.KvType.FLOAT32;
            case FLOAT16 -> ModelInfo.KvType.FLOAT16;
            default -> throw new UserFacingException(model + ": KV cache type " + kv.type + " is not supported (float32 or float16)");
        };
        boolean halfLogits = ((TensorInfo) outputs.get("logits").getInfo()).type == OnnxJavaType.FLOAT16;
        return new DecoderSignature(layers, kvHeads, headDim, type, inputs.containsKey("attention_mask"),
                inputs.containsKey("position_ids"), inputs.containsKey("use_cache_branch"), halfLogits);
    }
}
