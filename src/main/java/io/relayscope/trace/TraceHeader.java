package io.relayscope.trace;

import java.util.List;

/** Everything needed to understand and reproduce a run, written before its first token. */
public record TraceHeader(String formatVersion, String appVersion, String createdAt, String prompt,
                          String promptText, List<ModelRef> models, String tokenizerSha256, PolicySpec policy,
                          SamplingSpec slmSampling, SamplingSpec llmSampling, long seed, Limits limits,
                          PromptSpec promptSpec) {

    public TraceHeader {
        models = models == null ? List.of() : List.copyOf(models);
        promptSpec = promptSpec == null ? PromptSpec.UNRECORDED : promptSpec;
    }

    /** A header without a recorded prompt format (importers, older code). */
    public TraceHeader(String formatVersion, String appVersion, String createdAt, String prompt, String promptText,
                       List<ModelRef> models, String tokenizerSha256, PolicySpec policy, SamplingSpec slmSampling,
                       SamplingSpec llmSampling, long seed, Limits limits) {
        this(formatVersion, appVersion, createdAt, prompt, promptText, models, tokenizerSha256, policy, slmSampling,
                llmSampling, seed, limits, PromptSpec.UNRECORDED);
    }
}
