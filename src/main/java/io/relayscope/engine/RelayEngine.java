package io.relayscope.engine;

import io.relayscope.trace.Trace;

/**
 * Runs the RelayLLM protocol on a model pair: the SLM is in control, the LLM writes n tokens per call.
 * One engine can serve many runs, one at a time.
 */
public final class RelayEngine {
    private final ModelPair models;

    public RelayEngine(ModelPair models) {
        this.models = models;
    }

    public ModelPair models() {
        return models;
    }

    /**
     * Decodes one answer, streaming events to the listener, and returns the complete trace. Cancellation through
     * {@code control} stops within one step and still returns (and reports through onFinish) a valid trace.
     */
    public Trace run(RelayRequest request, RelayListener listener, RunControl control) {
        return new RelayRun(models, request, java.util.Optional.empty(), listener, control).execute();
    }

    /**
     * A branch: decodes from a forced prefix (the parent's tokens up to a position, then a chosen token there),
     * with the request's models and settings (usually those of the parent, {@link RelayRequest#of}).
     */
    public Trace run(RelayRequest request, ForcedPrefix start, RelayListener listener, RunControl control) {
        return new RelayRun(models, request, java.util.Optional.of(start), listener, control).execute();
    }

    public Trace run(RelayRequest request) {
        return run(request, RelayListener.NONE, new RunControl());
    }
}
