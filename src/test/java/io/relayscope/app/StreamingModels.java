package io.relayscope.app;

import io.relayscope.app.service.LoadedModels;
import io.relayscope.app.service.ModelService;
import io.relayscope.engine.RelayListener;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.trace.Trace;

import java.nio.file.Path;

/** A model service whose "run" replays a prepared trace through the listener at a set rate (0 = as fast as possible). */
final class StreamingModels implements ModelService {
    private final Trace trace;
    private final double tokensPerSecond;

    StreamingModels(Trace trace, double tokensPerSecond) {
        this.trace = trace;
        this.tokensPerSecond = tokensPerSecond;
    }

    @Override
    public LoadedModels openDemo() {
        return open(demoSlmFolder(), demoLlmFolder());
    }

    @Override
    public LoadedModels open(Path slm, Path llm) {
        return new LoadedModels() {
            @Override
            public String slmName() {
                return "stream-slm";
            }

            @Override
            public String llmName() {
                return "stream-llm";
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
                long start = System.nanoTime();
                int nextCall = 0;
                for (int i = 0; i < trace.tokens().size() && !control.isCancelled(); i++) {
                    listener.onToken(trace.tokens().get(i));
                    while (nextCall < trace.calls().size()
                            && trace.calls().get(nextCall).position() + trace.calls().get(nextCall).delivered() <= i + 1) {
                        listener.onCall(trace.calls().get(nextCall++));
                    }
                    if (tokensPerSecond > 0) {
                        long due = start + (long) (i / tokensPerSecond * 1e9);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                }
                listener.onFinish(trace);
                return trace;
            }

            @Override
            public Trace branch(RelayRequest request, io.relayscope.engine.ForcedPrefix start, RelayListener listener,
                                RunControl control) {
                throw new UnsupportedOperationException("a stand-in replays a recorded trace; it cannot branch");
            }

            @Override
            public Trace score(Trace t) {
                throw new UnsupportedOperationException("a stand-in replays a recorded trace; it cannot score one");
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Path demoSlmFolder() {
        return Path.of("stream-slm");
    }

    @Override
    public Path demoLlmFolder() {
        return Path.of("stream-llm");
    }
}
