package io.relayscope.trace;

/**
 * Both models' opinion of one response token, scored after the run over the same context ("LLM opinion"): each
 * model's log-probability of the token written and its own top choice there. The SLM sees the response with its
 * call tags, the LLM with each tag replaced by a space, as in the run. A token is critical when the two models'
 * top choices differ (R2R's divergent tokens: where the small model would go its own way).
 */
public record ShadowScore(double slmLogprob, int slmTop, double llmLogprob, int llmTop) {

    /** The models' top choices differ here. */
    public boolean critical() {
        return slmTop != llmTop;
    }

    /** The LLM's top choice is the token written. */
    public boolean llmAgrees(int written) {
        return llmTop == written;
    }

    /** The LLM's probability of the token written. */
    public double llmProbability() {
        return Math.exp(llmLogprob);
    }
}
