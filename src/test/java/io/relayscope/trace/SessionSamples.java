package io.relayscope.trace;

import java.nio.file.Path;
import java.util.List;

/** Sessions made of the real sample sessions, for tests. */
public final class SessionSamples {
    private SessionSamples() {
    }

    public static Trace sample(String name) throws java.io.IOException {
        return TraceCodec.read(Path.of("sample-sessions", name + ".json"));
    }

    /**
     * slm-only, confidence (linked as a branch of slm-only at the first token where the two part, which it is in
     * effect: the same prompt and the same tokens before) and llm-only; compared in the order 0, 2, 1; run 1 shown.
     */
    public static Session threeRuns() throws java.io.IOException {
        Trace slm = sample("slm-only");
        Trace conf = sample("confidence");
        Trace llm = sample("llm-only");
        int at = slm.summary().promptTokens() + RunAlignment.firstDivergence(List.of(slm, conf)).orElseThrow();
        TokenRecord forced = conf.tokens().get(at);
        return new Session(List.of(slm, conf, llm), List.of(new BranchLink(1, 0, at, forced.id(), forced.text())),
                List.of(0, 2, 1), 1);
    }
}
