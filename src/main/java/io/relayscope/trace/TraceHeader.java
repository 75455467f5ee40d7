package io.relayscope.trace;

import java.util.List;

/** Everything needed to understand and reproduce a run, written before its first token. */
public record TraceHeader(String formatVersion, String appVersion, String createdAt, String prompt,
                          String promptText, List<ModelRef> models, String tokenizerSha256, PolicySpec policy,
                          SamplingSpec slmSampling, SamplingSpec llmSampling, long seed, Limits limits) {

    public TraceHeader {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
