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

    /** The SLM's generation defaults (generation_config.json); none for stand-ins. */
    default io.relayscope.engine.GenerationDefaults slmDefaults() {
        return io.relayscope.engine.GenerationDefaults.NONE;
    }

    default io.relayscope.engine.GenerationDefaults llmDefaults() {
        return io.relayscope.engine.GenerationDefaults.NONE;
    }

    /** True when the SLM has a chat template (the app then offers the system prompt and thinking switch). */
    default boolean hasChatTemplate() {
        return false;
    }

    /** The exact prompt text a run with this question and style feeds (special tokens as text). */
    default String promptText(String question, io.relayscope.engine.PromptStyle style) {
        return question;
    }

    /** Decodes one answer on the calling thread, streaming events to the listener. */
    Trace run(RelayRequest request, RelayListener listener, RunControl control);

    /** A branch: decodes from a forced prefix of a parent trace (see {@link ForcedPrefix}). */
    Trace branch(RelayRequest request, ForcedPrefix start, RelayListener listener, RunControl control);

    /** What typed text is in the SLM's vocabulary: one token (its id), or why it is not (several tokens, none). */
    default TypedToken token(String text) {
        return new TypedToken.Refused("these models cannot tokenize typed text; choose one of the alternatives");
    }

    /** The trace with both models' opinion of every response token (LLM opinion); slow: call it in the background. */
    Trace score(Trace trace);

    @Override
    void close();
}
