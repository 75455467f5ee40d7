package io.relayscope.engine;

import io.relayscope.engine.remote.RemoteEndpoint;

import java.nio.file.Path;

/** Where one model of a pair comes from: a local folder, or a model on a server. */
public sealed interface ModelSource {

    /** A model folder (model.onnx + tokenizer.json). */
    record Folder(Path dir) implements ModelSource {
    }

    /** A model served over HTTP (vLLM, llama.cpp, relayscope serve...). */
    record Remote(RemoteEndpoint endpoint) implements ModelSource {
    }
}
