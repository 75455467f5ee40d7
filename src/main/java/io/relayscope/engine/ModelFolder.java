package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model folder in the Hugging Face Optimum decoder layout: model.onnx (or decoder_model_merged.onnx),
 * tokenizer.json, and optionally config.json and generation_config.json. Validation errors are one line.
 */
public record ModelFolder(Path dir, Path modelFile, Path tokenizerFile, JsonNode config, JsonNode generationConfig) {

    static final String[] MODEL_FILES = {"model.onnx", "decoder_model_merged.onnx", "decoder_with_past_model.onnx"};

    public static ModelFolder open(Path dir) {
        if (!Files.exists(dir)) {
            throw new UserFacingException(dir + ": no such folder; choose a model folder holding model.onnx and tokenizer.json");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserFacingException(dir + ": is a file, not a model folder; choose the folder that holds model.onnx and tokenizer.json");
        }
        Path model = null;
        for (String name : MODEL_FILES) {
            if (Files.isRegularFile(dir.resolve(name))) {
                model = dir.resolve(name);
                break;
            }
        }
        if (model == null) {
            throw new UserFacingException(dir + ": no model.onnx in this folder; export the decoder with Hugging Face Optimum "
                    + "(optimum-cli export onnx --task text-generation-with-past) or choose another folder");
        }
        Path tok = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tok)) {
            throw new UserFacingException(dir + ": no tokenizer.json next to the model; copy the model's Hugging Face tokenizer.json into the folder");
        }
        return new ModelFolder(dir, model, tok, readJson(dir.resolve("config.json")),
                readJson(dir.resolve("generation_config.json")));
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UserFacingException(file + ": not valid JSON (" + TextTokenizer.firstLine(e) + "); fix or delete the file");
        }
    }

    /** The folder's name, used as the model's display name. */
    public String name() {
        Path f = dir.toAbsolutePath().normalize().getFileName();
        return f == null ? dir.toString() : f.toString();
    }
}
