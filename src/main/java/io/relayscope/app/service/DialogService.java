package io.relayscope.app.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every dialog the app shows goes through here, so tests can answer them. */
public interface DialogService {

    /** Shows an error with a one-line reason. */
    void showError(String title, String reason);

    /** Asks a yes/no question; true means go ahead. */
    boolean confirm(String title, String question);

    Optional<Path> chooseTraceToOpen();

    /** Picks one or more traces (or session files) to compare side by side; empty when the user cancels. */
    List<Path> chooseTracesToCompare();

    Optional<Path> chooseTraceToSave(String suggestedName);

    Optional<Path> chooseModelFolder(String title);

    /** Picks another tool's output to import (OpenAI logprobs, llama.cpp n_probs, RelayLLM results). */
    Optional<Path> chooseFileToImport();

    /** Picks where to write an export; {@code extension} without the dot, e.g. "html". */
    Optional<Path> chooseExportTarget(String title, String suggestedName, String extension);

    /** Asks for a model on a server (URL, model name, API key); empty when the user cancels. */
    default Optional<RemoteModelForm> askRemoteModel(String title) {
        return Optional.empty();
    }

    /** Offers the bundled sample sessions; empty when the user declines. */
    Optional<Path> chooseSampleSession(List<Path> samples);
}
