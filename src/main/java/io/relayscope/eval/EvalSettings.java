package io.relayscope.eval;

import io.relayscope.engine.RelayRequest;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;

/** How every problem of an evaluation is decoded: policy, sampling per model, base seed and limits. */
public record EvalSettings(PolicySpec policy, SamplingSpec slmSampling, SamplingSpec llmSampling, long seed,
                           Limits limits) {

    /** Greedy decoding, seed 0, 256 new tokens and 64 calls at most. */
    public static EvalSettings greedy(PolicySpec policy) {
        return new EvalSettings(policy, SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(256, 64));
    }

    /** The same settings with another policy. */
    public EvalSettings withPolicy(PolicySpec p) {
        return new EvalSettings(p, slmSampling, llmSampling, seed, limits);
    }

    /** The request for the problem at the given index: its own seed, derived from the base seed. */
    public RelayRequest request(String question, int index) {
        return new RelayRequest(question, policy, slmSampling, llmSampling, Seeds.mix(seed, index), limits);
    }
}
