package io.relayscope.engine;

import io.relayscope.engine.remote.RemoteEndpoint;

import java.nio.file.Path;
import java.util.Optional;

/** Where one model of a pair comes from: a local folder, or a model on a server. */
public sealed interface ModelSource {

    /** A model folder (model.onnx + tokenizer.json) and the variant to run ("q4"; empty: its most precise one). */
    record Folder(Path dir, Optional<String> variant) implements ModelSource {
        /** A folder with its most precise variant. */
        public Folder(Path dir) {
            this(dir, Optional.empty());
        }
    }

    /**
     * A model served over HTTP (vLLM, llama.cpp, relayscope serve...), with the local folder holding its
     * tokenizer.json (and chat template, generation defaults) when given; without one it shares the other model's.
     */
    record Remote(RemoteEndpoint endpoint, Optional<Path> tokenizerFolder) implements ModelSource {
        public Remote(RemoteEndpoint endpoint) {
            this(endpoint, Optional.empty());
        }
    }
}
