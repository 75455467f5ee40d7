package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder layouts a downloaded or exported decoder comes in, and where each keeps its graphs.
 * Detection order: onnxruntime-genai (genai_config.json), onnx-community (graphs under onnx/), Optimum
 * (model*.onnx at the top), legacy Optimum (decoder_model_merged*.onnx with use_cache_branch), legacy Optimum split
 * export without the merged graph (decoder_with_past_model*.onnx, which also runs the first pass on an empty past).
 */
public enum ModelLayout {
    /** onnxruntime-genai model builder: genai_config.json names the graph and its inputs and outputs. */
    GENAI("onnxruntime-genai", "genai_config.json + model.onnx"),
    /** onnx-community / transformers.js repository: onnx/model{_fp16,_q4,...}.onnx, config and tokenizer at the top. */
    ONNX_COMMUNITY("onnx-community", "onnx/model*.onnx"),
    /** Hugging Face Optimum export: model.onnx (+ model.onnx_data), model_quantized.onnx after quantisation. */
    OPTIMUM("Optimum", "model.onnx"),
    /** Legacy Optimum export: decoder_model_merged.onnx with a use_cache_branch input. */
    OPTIMUM_MERGED("Optimum (merged)", "decoder_model_merged.onnx"),
    /**
     * Legacy Optimum split export without the merged graph: decoder_with_past_model.onnx (beside decoder_model.onnx,
     * which is not needed: the with-past graph runs the first pass on a zero-length past).
     */
    OPTIMUM_SPLIT("Optimum (split, with past)", "decoder_with_past_model.onnx");

    private final String title;
    private final String files;

    ModelLayout(String title, String files) {
        this.title = title;
        this.files = files;
    }

    public String title() {
        return title;
    }

    /** The files that mark this layout, for messages. */
    public String files() {
        return files;
    }

    /** The layout of a folder, or empty when it holds none of them. */
    static Optional<ModelLayout> detect(Path dir) {
        if (Files.isRegularFile(dir.resolve("genai_config.json"))) {
            return Optional.of(GENAI);
        }
        for (ModelLayout layout : new ModelLayout[] {ONNX_COMMUNITY, OPTIMUM, OPTIMUM_MERGED, OPTIMUM_SPLIT}) {
            if (!layout.graphs(dir, null).isEmpty()) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    /** The graph files of this layout in a folder with their precision, most precise first. */
    List<Graph> graphs(Path dir, JsonNode genaiConfig) {
        return switch (this) {
            case GENAI -> {
                String name = genaiConfig == null ? "model.onnx"
                        : genaiConfig.path("model").path("decoder").path("filename").asText("model.onnx");
                Path file = dir.resolve(name);
                yield Files.isRegularFile(file) ? List.of(new Graph(Precision.FP32, file)) : List.of();
            }
            case ONNX_COMMUNITY -> scan(dir.resolve("onnx"), "model");
            case OPTIMUM -> scan(dir, "model");
            case OPTIMUM_MERGED -> scan(dir, "decoder_model_merged");
            case OPTIMUM_SPLIT -> scan(dir, "decoder_with_past_model");
        };
    }

    /** A graph file and the precision its name says. */
    record Graph(Precision precision, Path file) {
    }

    private static List<Graph> scan(Path dir, String stem) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Graph> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> Precision.ofFile(f.getFileName().toString(), stem)
                    .ifPresent(p -> out.add(new Graph(p, f))));
        } catch (IOException e) {
            throw new UserFacingException(dir + ": cannot list the folder (" + e.getMessage() + ")");
        }
        out.sort(Comparator.comparing(Graph::precision));
        return out;
    }
}
