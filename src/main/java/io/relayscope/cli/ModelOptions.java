package io.relayscope.cli;

import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --slm} and {@code --llm}: model folders, defaulting to the embedded demo models. */
public final class ModelOptions {
    @Option(names = "--slm", paramLabel = "DIR",
            description = "small model folder (model.onnx + tokenizer.json); default: the demo relay SLM when present, else the base SLM")
    Path slm;

    @Option(names = "--llm", paramLabel = "DIR", description = "large model folder; default: the demo large model")
    Path llm;

    Path slm() {
        return slm != null ? slm : DemoModels.defaultSlm();
    }

    Path llm() {
        return llm != null ? llm : DemoModels.llm();
    }

    ModelPair open() {
        return ModelPair.open(slm(), llm());
    }
}
