package io.relayscope.app.service;

import io.relayscope.engine.ForcedPrefix;
import io.relayscope.engine.RelayListener;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.trace.Trace;

import java.nio.file.Path;

/** An opened model pair that can run relays, one at a time. */
public interface LoadedModels extends AutoCloseable {

    String slmName();

    String llmName();

    Path slmFolder();

    Path llmFolder();

    /** A line about the pair worth showing once (a remote model's server and tokenizer check); empty when none. */
    default String note() {
        return "";
    }

    /** Decodes one answer on the calling thread, streaming events to the listener. */
    Trace run(RelayRequest request, RelayListener listener, RunControl control);

    /** A branch: decodes from a forced prefix of a parent trace (see {@link ForcedPrefix}). */
    Trace branch(RelayRequest request, ForcedPrefix start, RelayListener listener, RunControl control);

    /** The trace with both models' opinion of every response token (LLM opinion); slow: call it in the background. */
    Trace score(Trace trace);

    @Override
    void close();
}
