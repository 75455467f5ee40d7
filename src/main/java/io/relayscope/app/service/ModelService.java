package io.relayscope.app.service;

import io.relayscope.engine.ModelSource;
import io.relayscope.engine.ModelVariant;
import io.relayscope.engine.UserFacingException;

import java.nio.file.Path;

/** Opens model pairs (slow: call it in the background); failures are one-line UserFacingExceptions. */
public interface ModelService {

    LoadedModels openDemo();

    LoadedModels open(Path slmFolder, Path llmFolder);

    /** Opens a pair where either model may be on a server (the other one a local folder). */
    default LoadedModels open(ModelSource slm, ModelSource llm) {
        if (slm instanceof ModelSource.Folder s && llm instanceof ModelSource.Folder l) {
            return open(s.dir(), l.dir());
        }
        throw new UserFacingException("remote models are not available here");
    }

    /** The demo folders, shown before the demo pair has loaded. */
    Path demoSlmFolder();

    Path demoLlmFolder();

    /** The variants a folder holds, most precise first, with their sizes; empty when there is nothing to choose. */
    default java.util.List<ModelVariant> variants(Path folder) {
        return java.util.List.of();
    }

    /** The SHA-256 of a model folder's weights as a trace records it (slow the first time); empty when unknown. */
    default java.util.Optional<String> weightsSha256(Path folder) {
        return java.util.Optional.empty();
    }
}
