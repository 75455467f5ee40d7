package io.relayscope.trace;

/** A model taking part in a run: its role ("slm" or "llm"), name, folder, model.onnx hash and size. */
public record ModelRef(String role, String name, String path, String sha256, long parameterCount) {
}
