package io.relayscope.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the committed demo models; tests fail (never skip) when they are missing. */
final class TestModels {
    static final Path SLM = Path.of("assets/models/tiny-slm-base");
    static final Path LLM = Path.of("assets/models/tiny-llm");

    private TestModels() {
    }

    static Path require(Path p) {
        if (!Files.isRegularFile(p.resolve("model.onnx"))) {
            throw new AssertionError("demo model missing: " + p.toAbsolutePath());
        }
        return p;
    }

    static TextTokenizer tokenizer() {
        return TextTokenizer.load(require(SLM).resolve("tokenizer.json"));
    }
}
