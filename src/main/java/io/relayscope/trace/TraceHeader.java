package io.relayscope.trace;

import java.util.List;
import java.util.Optional;

/** Everything needed to understand and reproduce a run, written before its first token. */
public record TraceHeader(String formatVersion, String appVersion, String createdAt, String prompt,
                          String promptText, List<ModelRef> models, String tokenizerSha256, PolicySpec policy,
                          SamplingSpec slmSampling, SamplingSpec llmSampling, long seed, Limits limits,
                          PromptSpec promptSpec, Optional<TextBridge> textBridge) {

    public TraceHeader {
        models = models == null ? List.of() : List.copyOf(models);
        promptSpec = promptSpec == null ? PromptSpec.UNRECORDED : promptSpec;
        textBridge = textBridge == null ? Optional.empty() : textBridge;
    }

    /** A header of a pair that shares one tokenizer (no text bridge). */
    public TraceHeader(String formatVersion, String appVersion, String createdAt, String prompt, String promptText,
                       List<ModelRef> models, String tokenizerSha256, PolicySpec policy, SamplingSpec slmSampling,
                       SamplingSpec llmSampling, long seed, Limits limits, PromptSpec promptSpec) {
        this(formatVersion, appVersion, createdAt, prompt, promptText, models, tokenizerSha256, policy, slmSampling,
                llmSampling, seed, limits, promptSpec, Optional.empty());
    }

    /** A header without a recorded prompt format (importers, older code). */
    public TraceHeader(String formatVersion, String appVersion, String createdAt, String prompt, String promptText,
                       List<ModelRef> models, String tokenizerSha256, PolicySpec policy, SamplingSpec slmSampling,
                       SamplingSpec llmSampling, long seed, Limits limits) {
        this(formatVersion, appVersion, createdAt, prompt, promptText, models, tokenizerSha256, policy, slmSampling,
                llmSampling, seed, limits, PromptSpec.UNRECORDED);
    }
}
