package io.relayscope.app;

import io.relayscope.app.service.LoadedModels;
import io.relayscope.app.service.ModelService;
import io.relayscope.engine.RelayListener;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.trace.Trace;

import java.nio.file.Path;

/** A model service whose runs stream the first tokens of a trace and then throw. */
final class FailingModels implements ModelService {
    private final Trace trace;
    private final int tokensBeforeFailure;

    FailingModels(Trace trace, int tokensBeforeFailure) {
        this.trace = trace;
        this.tokensBeforeFailure = tokensBeforeFailure;
    }

    @Override
    public LoadedModels openDemo() {
        return open(demoSlmFolder(), demoLlmFolder());
    }

    @Override
    public LoadedModels open(Path slm, Path llm) {
        LoadedModels inner = new StreamingModels(trace, 0).open(slm, llm);
        return new LoadedModels() {
            @Override
            public String slmName() {
                return inner.slmName();
            }

            @Override
            public String llmName() {
                return inner.llmName();
            }

            @Override
            public Path slmFolder() {
                return slm;
            }

            @Override
            public Path llmFolder() {
                return llm;
            }

            @Override
            public Trace run(RelayRequest request, RelayListener listener, RunControl control) {
                listener.onStart(trace.header());
                for (int i = 0; i < tokensBeforeFailure; i++) {
                    listener.onToken(trace.tokens().get(i));
                }
                throw new IllegalStateException("ONNX Runtime ran out of memory\nat some.native.Frame");
            }

            @Override
            public Trace branch(RelayRequest request, io.relayscope.engine.ForcedPrefix start, RelayListener listener,
                                RunControl control) {
                return inner.branch(request, start, listener, control);
            }

            @Override
            public Trace score(Trace t) {
                return inner.score(t);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Path demoSlmFolder() {
        return Path.of("fail-slm");
    }

    @Override
    public Path demoLlmFolder() {
        return Path.of("fail-llm");
    }
}
