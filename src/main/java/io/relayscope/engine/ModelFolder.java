package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A model folder in one of the {@link ModelLayout}s: the variants it holds, the one chosen, tokenizer.json, and
 * optionally config.json, generation_config.json and genai_config.json. Validation errors are one line.
 */
public record ModelFolder(Path dir, ModelLayout layout, List<ModelVariant> variants, ModelVariant variant,
                          Path tokenizerFile, JsonNode config, JsonNode generationConfig, JsonNode genaiConfig) {

    public ModelFolder {
        variants = List.copyOf(variants);
    }

    /** Opens a folder with its most precise variant. */
    public static ModelFolder open(Path dir) {
        return open(dir, Optional.empty());
    }

    /** Opens a folder with the named variant ("q4"), or the most precise one when none is named. */
    public static ModelFolder open(Path dir, Optional<String> variantName) {
        requireFolder(dir);
        ModelLayout layout = ModelLayout.detect(dir).orElseThrow(() -> noLayout(dir));
        JsonNode genai = readJson(dir.resolve("genai_config.json"));
        List<ModelVariant> variants = variants(dir, layout, genai);
        if (variants.isEmpty()) {
            throw new UserFacingException(dir + ": genai_config.json names the graph "
                    + genai.path("model").path("decoder").path("filename").asText("model.onnx")
                    + ", which is not in the folder; copy it next to genai_config.json");
        }
        ModelVariant chosen = choose(dir, variants, variantName);
        Path tok = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tok)) {
            throw new UserFacingException(dir + ": no tokenizer.json next to the model; copy the model's Hugging Face tokenizer.json into the folder");
        }
        return new ModelFolder(dir, layout, variants, chosen, tok, readJson(dir.resolve("config.json")),
                readJson(dir.resolve("generation_config.json")), genai);
    }

    private static UserFacingException noLayout(Path dir) {
        if (Files.isRegularFile(dir.resolve("decoder_model.onnx"))) {
            return new UserFacingException(dir + ": decoder_model.onnx is Optimum's decoder without a KV cache, and its "
                    + "decoder_with_past_model.onnx (or decoder_model_merged.onnx) is missing; copy decoder_with_past_model.onnx* "
                    + "from the same export into the folder, or re-export with optimum-cli export onnx --task text-generation-with-past");
        }
        return new UserFacingException(dir
                + ": no model.onnx in this folder (nor onnx/model*.onnx, decoder_model_merged.onnx, decoder_with_past_model.onnx "
                + "or genai_config.json); export the decoder with Hugging Face Optimum (optimum-cli export onnx --task "
                + "text-generation-with-past), download an onnx-community repository, or choose another folder");
    }

    /** The variants a folder holds (most precise first), without opening any; empty when it is no model folder. */
    public static List<ModelVariant> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Optional<ModelLayout> layout = ModelLayout.detect(dir);
        return layout.isEmpty() ? List.of() : variants(dir, layout.get(), readJson(dir.resolve("genai_config.json")));
    }

    private static void requireFolder(Path dir) {
        if (!Files.exists(dir)) {
            throw new UserFacingException(dir + ": no such folder; choose a model folder holding model.onnx and tokenizer.json");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserFacingException(dir + ": is a file, not a model folder; choose the folder that holds model.onnx and tokenizer.json");
        }
    }

    private static List<ModelVariant> variants(Path dir, ModelLayout layout, JsonNode genai) {
        List<ModelVariant> out = new ArrayList<>();
        for (ModelLayout.Graph g : layout.graphs(dir, genai.isMissingNode() ? null : genai)) {
            OnnxGraphFacts facts = facts(g.file());
            List<Path> external = new ArrayList<>();
            long bytes = size(g.file());
            for (String location : facts.externalFiles()) {
                Path data = g.file().resolveSibling(location);
                if (!Files.isRegularFile(data)) {
                    throw new UserFacingException(g.file() + ": its weights are in " + location + ", which is not in "
                            + g.file().getParent() + "; download every " + g.file().getFileName() + "_data* file with it");
                }
                external.add(data);
                bytes += size(data);
            }
            Precision precision = layout == ModelLayout.GENAI && facts.opTypes().contains("com.microsoft:MatMulNBits")
                    ? Precision.Q4 : g.precision();
            out.add(new ModelVariant(precision, g.file(), external, bytes));
        }
        return out;
    }

    private static ModelVariant choose(Path dir, List<ModelVariant> variants, Optional<String> name) {
        if (name.isEmpty() || name.get().isBlank()) {
            return variants.get(0);
        }
        String held = variants.stream().map(ModelVariant::label).collect(Collectors.joining(", "));
        Precision wanted = Precision.parse(name.get()).orElseThrow(() -> new UserFacingException("unknown model variant '"
                + name.get() + "'; " + dir + " holds " + held));
        return variants.stream().filter(v -> v.precision() == wanted).findFirst().orElseThrow(() ->
                new UserFacingException(dir + ": no " + wanted.key() + " variant here; it holds " + held));
    }

    /** The graph facts of a file; an unreadable graph is a one-line error naming it. */
    static OnnxGraphFacts facts(Path graph) {
        try {
            return OnnxGraphFacts.read(graph);
        } catch (IOException e) {
            throw new UserFacingException(graph + ": not a readable ONNX file (" + TextTokenizer.firstLine(e) + "); re-export the model");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UserFacingException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UserFacingException(file + ": not valid JSON (" + TextTokenizer.firstLine(e) + "); fix or delete the file");
        }
    }

    /** The chosen variant's graph file. */
    /** The SHA-256 of the chosen variant's weights (graph and external data), as a trace records it; cached. */
    public String weightsSha256() {
        return Hashing.weights(modelFile(), variant.externalData());
    }

    public Path modelFile() {
        return variant.graph();
    }

    /** The model's position limit: config.json max_position_embeddings or genai_config.json context_length (the smaller). */
    public java.util.OptionalInt maxPositions() {
        int a = config.path("max_position_embeddings").asInt(0);
        int b = genaiConfig.path("model").path("context_length").asInt(0);
        int limit = a > 0 && b > 0 ? Math.min(a, b) : Math.max(a, b);
        return limit > 0 ? java.util.OptionalInt.of(limit) : java.util.OptionalInt.empty();
    }

    /** The folder's name, used as the model's display name. */
    public String name() {
        Path f = dir.toAbsolutePath().normalize().getFileName();
        return f == null ? dir.toString() : f.toString();
    }
}
