package io.relayscope.app.service;

import java.nio.file.Path;

/** Opens model pairs (slow: call it in the background); failures are one-line UserFacingExceptions. */
public interface ModelService {

    LoadedModels openDemo();

    LoadedModels open(Path slmFolder, Path llmFolder);

    /** The demo folders, shown before the demo pair has loaded. */
    Path demoSlmFolder();

    Path demoLlmFolder();
}
