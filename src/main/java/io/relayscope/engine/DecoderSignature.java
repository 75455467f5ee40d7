package io.relayscope.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decoder inputs and outputs found in an ONNX graph: input_ids, optional attention_mask, position_ids,
 * use_cache_branch and num_logits_to_keep, past key/value per layer -> logits, present key/value per layer; KV
 * heads, head size and dtype. The names are Optimum's unless genai_config.json gives others.
 */
record DecoderSignature(int layers, int kvHeads, int headDim, ModelInfo.KvType kvType, boolean halfLogits,
                        Feed inputIds, Optional<Feed> attentionMask, Optional<Feed> positionIds,
                        Optional<Feed> useCacheBranch, Optional<Feed> logitsToKeep,
                        List<String> pastNames, List<String> presentNames, String logits) {

    /** One graph input the engine feeds: its name, element type and rank. */
    record Feed(String name, OnnxJavaType type, int rank) {
    }

    DecoderSignature {
        pastNames = List.copyOf(pastNames);
        presentNames = List.copyOf(presentNames);
    }

    boolean hasAttentionMask() {
        return attentionMask.isPresent();
    }

    boolean hasPositionIds() {
        return positionIds.isPresent();
    }

    static DecoderSignature read(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs, Path model,
                                 ModelFolder folder) {
        Names names = Names.of(folder.genaiConfig());
        if (!inputs.containsKey(names.inputIds) || !outputs.containsKey(names.logits)) {
            throw new UserFacingException(model + ": not a decoder graph (needs input '" + names.inputIds + "' and output '"
                    + names.logits + "', has inputs " + inputs.keySet() + "); export it with Optimum's text-generation-with-past task");
        }
        int layers = 0;
        while (inputs.containsKey(names.pastKey(layers))) {
            layers++;
        }
        if (layers == 0) {
            throw new UserFacingException(model + ": the graph has no " + names.pastKey(0) + " input, so no KV cache; export it with "
                    + "Optimum's text-generation-with-past task");
        }
        List<String> past = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            past.add(names.pastKey(i));
            past.add(names.pastValue(i));
            present.add(names.presentKey(i));
            present.add(names.presentValue(i));
        }
        for (String p : present) {
            if (!outputs.containsKey(p)) {
                throw new UserFacingException(model + ": the graph lacks output " + p + "; export it with "
                        + "Optimum's text-generation-with-past task");
            }
        }
        Optional<Feed> mask = feed(inputs, names.attentionMask);
        Optional<Feed> positions = feed(inputs, names.positionIds);
        Optional<Feed> cacheBranch = feed(inputs, "use_cache_branch");
        Optional<Feed> keep = feed(inputs, "num_logits_to_keep").or(() -> feed(inputs, "logits_to_keep"));
        Set<String> known = new java.util.HashSet<>(past);
        known.add(names.inputIds);
        for (Optional<Feed> f : List.of(mask, positions, cacheBranch, keep)) {
            f.ifPresent(x -> known.add(x.name()));
        }
        for (String input : inputs.keySet()) {
            if (!known.contains(input)) {
                throw new UserFacingException(model + ": the graph needs input '" + input + "', which RelayScope does not know how "
                        + "to feed (it feeds input_ids, attention_mask, position_ids, use_cache_branch, num_logits_to_keep and the "
                        + "past key/values); re-export the decoder without it");
            }
        }
        TensorInfo kv = (TensorInfo) inputs.get(past.get(0)).getInfo();
        long[] shape = kv.getShape();
        if (shape.length != 4) {
            throw new UserFacingException(model + ": " + past.get(0) + " has rank " + shape.length
                    + ", expected [batch, kv_heads, past, head_dim]");
        }
        JsonNode config = folder.config();
        JsonNode decoder = folder.genaiConfig().path("model").path("decoder");
        int kvHeads = (int) (shape[1] > 0 ? shape[1] : config.path("num_key_value_heads").asInt(decoder.path("num_key_value_heads")
                .asInt(config.path("num_attention_heads").asInt(config.path("n_head").asInt(-1)))));
        int headDim = (int) (shape[3] > 0 ? shape[3] : config.path("head_dim").asInt(decoder.path("head_size").asInt(-1)));
        if (kvHeads <= 0 || headDim <= 0) {
            throw new UserFacingException(model + ": KV heads or head size are dynamic in the graph and missing from config.json; "
                    + "add num_key_value_heads and head_dim to config.json");
        }
        ModelInfo.KvType type = switch (kv.type) {
            case FLOAT -> ModelInfo.KvType.FLOAT32;
            case FLOAT16 -> ModelInfo.KvType.FLOAT16;
            default -> throw new UserFacingException(model + ": KV cache type " + kv.type + " is not supported (float32 or float16)");
        };
        OnnxJavaType logitsType = ((TensorInfo) outputs.get(names.logits).getInfo()).type;
        if (logitsType != OnnxJavaType.FLOAT && logitsType != OnnxJavaType.FLOAT16) {
            throw new UserFacingException(model + ": logits of type " + logitsType + " are not supported (float32 or float16)");
        }
        Feed ids = feed(inputs, names.inputIds).orElseThrow();
        for (Feed f : new Feed[] {ids, mask.orElse(ids), positions.orElse(ids), keep.orElse(ids)}) {
            if (f.type() != OnnxJavaType.INT64 && f.type() != OnnxJavaType.INT32) {
                throw new UserFacingException(model + ": input '" + f.name() + "' has type " + f.type() + "; expected int64 or int32");
            }
        }
        return new DecoderSignature(layers, kvHeads, headDim, type, logitsType == OnnxJavaType.FLOAT16, ids, mask, positions,
                cacheBranch, keep, past, present, names.logits);
    }

    private static Optional<Feed> feed(Map<String, NodeInfo> inputs, String name) {
        NodeInfo info = inputs.get(name);
        if (info == null || !(info.getInfo() instanceof TensorInfo t)) {
            return Optional.empty();
        }
        return Optional.of(new Feed(name, t.type, t.getShape().length));
    }

    /** Input and output names: Optimum's, or those genai_config.json's model.decoder.inputs / outputs give. */
    private record Names(String inputIds, String attentionMask, String positionIds, String pastKeyPattern,
                         String pastValuePattern, String logits, String presentKeyPattern, String presentValuePattern) {

        static Names of(JsonNode genai) {
            JsonNode in = genai.path("model").path("decoder").path("inputs");
            JsonNode out = genai.path("model").path("decoder").path("outputs");
            return new Names(in.path("input_ids").asText("input_ids"), in.path("attention_mask").asText("attention_mask"),
                    in.path("position_ids").asText("position_ids"),
                    in.path("past_key_names").asText("past_key_values.%d.key"),
                    in.path("past_value_names").asText("past_key_values.%d.value"),
                    out.path("logits").asText("logits"),
                    out.path("present_key_names").asText("present.%d.key"),
                    out.path("present_value_names").asText("present.%d.value"));
        }

        String pastKey(int layer) {
            return pastKeyPattern.replace("%d", Integer.toString(layer));
        }

        String pastValue(int layer) {
            return pastValuePattern.replace("%d", Integer.toString(layer));
        }

        String presentKey(int layer) {
            return presentKeyPattern.replace("%d", Integer.toString(layer));
        }

        String presentValue(int layer) {
            return presentValuePattern.replace("%d", Integer.toString(layer));
        }
    }
}
