package io.relayscope.engine;

import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.TraceHeader;

/**
 * What to run: the user's prompt (before the model's prompt template), policy, sampling per model, seed, limits, and
 * how the prompt is templated ({@link PromptStyle#TEMPLATE} unless asked otherwise).
 */
public record RelayRequest(String prompt, PolicySpec policy, SamplingSpec slmSampling, SamplingSpec llmSampling,
                           long seed, Limits limits, PromptStyle promptStyle) {

    public RelayRequest {
        promptStyle = promptStyle == null ? PromptStyle.TEMPLATE : promptStyle;
    }

    /** A request through the model's template, no system prompt. */
    public RelayRequest(String prompt, PolicySpec policy, SamplingSpec slmSampling, SamplingSpec llmSampling,
                        long seed, Limits limits) {
        this(prompt, policy, slmSampling, llmSampling, seed, limits, PromptStyle.TEMPLATE);
    }

    public RelayRequest withPromptStyle(PromptStyle style) {
        return new RelayRequest(prompt, policy, slmSampling, llmSampling, seed, limits, style);
    }

    /** Greedy decoding with the given policy and 256 new tokens at most, 64 calls at most. */
    public static RelayRequest greedy(String prompt, PolicySpec policy) {
        return new RelayRequest(prompt, policy, SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(256, 64));
    }

    /**
     * The request that recorded a trace: its prompt, policy, sampling, seed, limits and prompt style (template or raw,
     * system prompt, thinking switch, from the header's promptSpec; a trace without one ran through the template).
     * A branch of the trace must build the same prompt, token for token.
     */
    public static RelayRequest of(TraceHeader header) {
        return new RelayRequest(header.prompt(), header.policy(), header.slmSampling(), header.llmSampling(),
                header.seed(), header.limits(), styleOf(header.promptSpec()));
    }

    /** The prompt style that made a trace's prompt ({@link PromptStyle#TEMPLATE} for one that did not record it). */
    public static PromptStyle styleOf(io.relayscope.trace.PromptSpec spec) {
        if (spec == null || !spec.recorded()) {
            return PromptStyle.TEMPLATE;
        }
        PromptStyle.Thinking thinking = switch (spec.thinking()) {
            case "on" -> PromptStyle.Thinking.ON;
            case "off" -> PromptStyle.Thinking.OFF;
            default -> PromptStyle.Thinking.DEFAULT;
        };
        return new PromptStyle(!"raw".equals(spec.format()), spec.system(), thinking);
    }
}
